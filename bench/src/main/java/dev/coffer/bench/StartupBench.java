package dev.coffer.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The start-up mode ({@code --startup}): how long the server takes from process start to
 * answering a request, cold (a new data directory: keys, certificate, database created)
 * and warm (the same directory again), and how long operator commands take on a small
 * database. Two ways to launch it, side by side: {@code java -jar coffer-server.jar} as
 * it is, and the way {@code run-server} does it (the jar extracted into plain jars, the
 * server with Spring AOT's bean definitions, an AOT cache on JDK 25+ or a CDS archive
 * before for the server and for operator commands, each recorded by one training run;
 * operator commands with the first-tier compiler only). Each figure is the median of
 * {@code --repeat} runs, with the range.
 */
final class StartupBench {

	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	/** The server runs the bean definitions Spring AOT generated at build time. */
	private static final String SPRING_AOT = "-Dspring.aot.enabled=true";

	private final BenchOptions options;

	private final Path serverJar;

	private final PrintStream log;

	StartupBench(BenchOptions options, Path serverJar, PrintStream log) {
		this.options = options;
		this.serverJar = serverJar;
		this.log = log;
	}

	/** How one launch style starts the server and runs a command. */
	record Launch(String name, Path jar, List<String> serverArgs, List<String> commandArgs) {
	}

	String run() throws Exception {
		Path work = Files.createTempDirectory(this.options.workDir, "coffer-startup-");
		try {
			String loadAtStart = Machine.loadAverage();
			Machine machine = Machine.describe(work);
			List<Launch> launches = List.of(
					new Launch("java -jar coffer-server.jar", this.serverJar, List.of(), List.of()),
					cachedLaunch(work));
			// What was measured (a row) -> launch -> seconds, one per run, in measuring
			// order.
			Map<String, Map<Launch, List<Double>>> seconds = new LinkedHashMap<>();
			for (int launch = 0; launch < launches.size(); launch++) {
				for (int run = 0; run < this.options.repeat; run++) {
					measure(launches.get(launch), work.resolve("data-" + launch + "-" + run), seconds);
				}
			}
			return report(machine, loadAtStart, launches, seconds);
		}
		finally {
			if (!this.options.keep) {
				CofferBench.deleteRecursively(work);
			}
		}
	}

	/**
	 * Extracts the jar and records the start-up caches, as run-server does: the server's
	 * from a start with Spring AOT's bean definitions that answers a few requests, the
	 * operator commands' from a {@code user list}.
	 */
	private Launch cachedLaunch(Path work) throws IOException, InterruptedException {
		Path app = work.resolve("app");
		exec(List.of(ServerProcess.currentJava(), "-Djarmode=tools", "-jar", this.serverJar.toString(), "extract",
				"--destination", app.toString()), work.resolve("extract.log"));
		Path jar = app.resolve(this.serverJar.getFileName());
		boolean aot = Runtime.version().feature() >= 25;
		String extension = aot ? ".aot" : ".jsa";
		Path serverCache = app.resolve("server" + extension);
		Path commandCache = app.resolve("command" + extension);
		String record = aot ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=";
		String use = aot ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=";
		this.log.println("Recording the start-up caches (" + serverCache.getFileName() + ", "
				+ commandCache.getFileName() + ")...");
		Path training = Files.createDirectories(work.resolve("training"));
		try (ServerProcess server = ServerProcess.start(jar, training, true, List.of(record + serverCache, SPRING_AOT),
				work.resolve("training.log"), TIMEOUT)) {
			for (String path : List.of("/login", "/", "/api/v1/files")) {
				try (HttpConnection connection = new HttpConnection(server.endpoint())) {
					connection.send("GET", path, List.of(), -1, null);
				}
			}
		}
		ServerProcess.CommandResult trained = ServerProcess.operatorCommand(jar, training,
				List.of(record + commandCache), List.of(), null, TIMEOUT, "user", "list");
		if (trained.exitCode() != 0) {
			throw new IOException("The training command failed (" + trained.exitCode() + "): " + trained.stderr());
		}
		for (Path cache : List.of(serverCache, commandCache)) {
			if (!Files.isRegularFile(cache)) {
				throw new IOException("No start-up cache " + cache.getFileName() + " was written; see "
						+ work.resolve("training.log"));
			}
		}
		return new Launch("extracted + Spring AOT + " + (aot ? "AOT caches" : "CDS archives") + " (run-server)", jar,
				List.of(SPRING_AOT, use + serverCache), List.of(use + commandCache, "-XX:TieredStopAtLevel=1"));
	}

	private void measure(Launch launch, Path dataDir, Map<String, Map<Launch, List<Double>>> seconds)
			throws IOException, InterruptedException {
		for (String start : List.of("cold start", "warm start")) {
			long began = System.nanoTime();
			try (ServerProcess server = ServerProcess.start(launch.jar(), dataDir, true, launch.serverArgs(),
					dataDir.resolveSibling(dataDir.getFileName() + ".log"), TIMEOUT)) {
				record(seconds, launch, start + " to first answer", began);
			}
		}
		command(launch, dataDir, seconds, "correct horse battery staple\n", "user", "add", "bench");
		command(launch, dataDir, seconds, null, "user", "list");
		command(launch, dataDir, seconds, null, "token", "list", "bench");
		command(launch, dataDir, seconds, null, "keys", "status");
		command(launch, dataDir, seconds, null, "audit", "verify");
	}

	private void command(Launch launch, Path dataDir, Map<String, Map<Launch, List<Double>>> seconds, String stdin,
			String... args) throws IOException, InterruptedException {
		long began = System.nanoTime();
		ServerProcess.CommandResult result = ServerProcess.operatorCommand(launch.jar(), dataDir, launch.commandArgs(),
				List.of(), stdin, TIMEOUT, args);
		if (result.exitCode() != 0) {
			throw new IOException(
					"Operator command " + List.of(args) + " failed (" + result.exitCode() + "): " + result.stderr());
		}
		record(seconds, launch, "`" + String.join(" ", args) + "`", began);
	}

	private void record(Map<String, Map<Launch, List<Double>>> seconds, Launch launch, String what, long began) {
		double elapsed = (System.nanoTime() - began) / 1e9;
		this.log.printf("%s, %s: %.2f s%n", launch.name(), what, elapsed);
		seconds.computeIfAbsent(what, (row) -> new LinkedHashMap<>())
			.computeIfAbsent(launch, (key) -> new ArrayList<>())
			.add(elapsed);
	}

	String report(Machine machine, String loadAtStart, List<Launch> launches,
			Map<String, Map<Launch, List<Double>>> seconds) {
		StringBuilder md = new StringBuilder();
		md.append("### Start-up\n\n");
		md.append(machine.underLoad(loadAtStart))
			.append(" Median of ")
			.append(this.options.repeat)
			.append(" runs (min–max), seconds of wall-clock time.\n\n");
		md.append("| |");
		launches.forEach((launch) -> md.append(' ').append(launch.name()).append(" |"));
		md.append("\n|---|");
		launches.forEach((launch) -> md.append("---|"));
		md.append('\n');
		seconds.forEach((row, byLaunch) -> {
			md.append("| ").append(row).append(" |");
			launches.forEach(
					(launch) -> md.append(' ').append(summary(byLaunch.getOrDefault(launch, List.of()))).append(" |"));
			md.append('\n');
		});
		return md.toString();
	}

	static String summary(List<Double> values) {
		if (values.isEmpty()) {
			return "–";
		}
		List<Double> sorted = values.stream().sorted().toList();
		double median = sorted.get(sorted.size() / 2);
		return String.format("%.1f (%.1f–%.1f)", median, sorted.get(0), sorted.get(sorted.size() - 1));
	}

	private static void exec(List<String> command, Path log) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!process.waitFor(TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
			process.destroyForcibly();
			throw new IOException(command + " did not finish in " + TIMEOUT);
		}
		if (process.exitValue() != 0) {
			throw new IOException(command + " failed (" + process.exitValue() + "); see " + log);
		}
	}

}
