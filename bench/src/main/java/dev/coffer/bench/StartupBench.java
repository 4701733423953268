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
 * it is, and the way {@code run-server} does it (the jar extracted into plain jars, with
 * an AOT cache on JDK 25+ or a CDS archive before, recorded by one training start;
 * operator commands with the first-tier compiler only). Each figure is the median of
 * {@code --repeat} runs, with the range.
 */
final class StartupBench {

	private static final Duration TIMEOUT = Duration.ofMinutes(5);

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

	/** Extracts the jar and records the start-up cache, as run-server does. */
	private Launch cachedLaunch(Path work) throws IOException, InterruptedException {
		Path app = work.resolve("app");
		exec(List.of(ServerProcess.currentJava(), "-Djarmode=tools", "-jar", this.serverJar.toString(), "extract",
				"--destination", app.toString()), work.resolve("extract.log"));
		Path jar = app.resolve(this.serverJar.getFileName());
		boolean aot = Runtime.version().feature() >= 25;
		Path cache = app.resolve(aot ? "coffer-server.aot" : "coffer-server.jsa");
		String record = aot ? "-XX:AOTCacheOutput=" + cache : "-XX:ArchiveClassesAtExit=" + cache;
		String use = aot ? "-XX:AOTCache=" + cache : "-XX:SharedArchiveFile=" + cache;
		this.log.println("Recording the start-up cache (" + cache.getFileName() + ")...");
		Path training = Files.createDirectories(work.resolve("training"));
		exec(List.of(ServerProcess.currentJava(), record, "-Dspring.context.exit=onRefresh", "-jar", jar.toString(),
				"--coffer.data-dir=" + training, "--server.port=0", "--coffer.tls.http-redirect-port=-1"),
				work.resolve("training.log"));
		if (!Files.isRegularFile(cache)) {
			throw new IOException("No start-up cache was written; see " + work.resolve("training.log"));
		}
		return new Launch("extracted + " + (aot ? "AOT cache" : "CDS archive") + " (run-server)", jar, List.of(use),
				List.of(use, "-XX:TieredStopAtLevel=1"));
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
		md.append("Machine: ")
			.append(machine.cpus())
			.append(" CPUs, ")
			.append(machine.cpuModel())
			.append(", ")
			.append(machine.jdk())
			.append("; load average ")
			.append(loadAtStart)
			.append(" at start, ")
			.append(Machine.loadAverage())
			.append(" at end. Median of ")
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
