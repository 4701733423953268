package dev.coffer.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The client mode ({@code --cli}): the {@code coffer} command-line client next to curl on
 * one server in one run. A file of {@code --large-size} random bytes goes up with
 * {@code curl -T}, {@code coffer put} and {@code coffer put --e2e}, and comes down with
 * curl, {@code coffer get} and {@code coffer get} of the end-to-end encrypted copy, all
 * to files on the same disk; the three clients take turns in each of {@code --repeat}
 * rounds, and every downloaded copy's SHA-256 is checked. Each command runs under
 * {@code /usr/bin/time}, which gives its CPU seconds and peak RSS; the client runs with
 * {@code -Xmx} of {@code --cli-heap}.
 */
final class CliBench {

	private static final Duration TIMEOUT = Duration.ofMinutes(15);

	private static final Path TIME = Path.of("/usr/bin/time");

	private static final String PASSPHRASE = "coffer-bench passphrase";

	/** The six transfers, in the order of each round and of the report. */
	static final List<String> TRANSFERS = List.of("put: curl", "put: coffer", "put: coffer, one request",
			"put: coffer --e2e", "get: curl", "get: coffer", "get: coffer (e2e)");

	private final BenchOptions options;

	private final Path serverJar;

	private final PrintStream log;

	private Path work;

	private Path config;

	private String url;

	private Path headers;

	private Path certificate;

	private Path passphrase;

	/** How the client's JVM starts: with the launcher's AOT cache or without. */
	private String clientStart;

	/** One command's measurement. */
	record Run(double seconds, double cpuSeconds, long peakRssKiB) {
	}

	CliBench(BenchOptions options, Path serverJar, PrintStream log) {
		this.options = options;
		this.serverJar = serverJar;
		this.log = log;
	}

	String run() throws Exception {
		if (!Files.isRegularFile(this.options.cliJar)) {
			throw new IOException("No client jar at " + this.options.cliJar
					+ "; build it with ./mvnw -q -pl cli -am package -DskipTests");
		}
		if (!Files.isExecutable(TIME) || Curl.find().isEmpty()) {
			throw new IOException("The client mode needs " + TIME + " and curl");
		}
		this.work = Files.createTempDirectory(this.options.workDir, "coffer-cli-bench-");
		Path dataDir = Files.createDirectories(this.work.resolve("data"));
		try {
			String loadAtStart = Machine.loadAverage();
			Machine machine = Machine.describe(dataDir);
			this.log.printf("Machine: %d CPUs, %s, load average %s%n", machine.cpus(), machine.cpuModel(), loadAtStart);
			String token = CofferBench.createUserAndToken(this.serverJar, dataDir, List.of(), this.log);
			Map<String, List<Run>> runs = new LinkedHashMap<>();
			TRANSFERS.forEach((transfer) -> runs.put(transfer, new ArrayList<>()));
			try (ServerProcess server = ServerProcess.start(this.serverJar, dataDir, true, this.options.serverJvmArgs,
					this.work.resolve("server.log"), CofferBench.START_TIMEOUT)) {
				prepareClients(server, token);
				this.clientStart = awaitClientCache();
				this.log.println("Client: " + this.clientStart);
				Path content = this.work.resolve("large.bin");
				String sha256 = writeContent(content, this.options.largeSize, this.options.largeSize);
				Path warmUp = this.work.resolve("warm-up.bin");
				String warmUpSha256 = writeContent(warmUp, 64L << 20, 7);
				this.log.println("Warming up (one round of 64 MiB, not counted)...");
				round("warm-up", warmUp, warmUpSha256, null);
				Files.delete(warmUp);
				for (int i = 1; i <= this.options.repeat; i++) {
					this.log.printf("Round %d of %d%n", i, this.options.repeat);
					round("r" + i, content, sha256, runs);
				}
			}
			return report(machine, loadAtStart, Machine.loadAverage(), runs);
		}
		finally {
			if (!this.options.keep) {
				CofferBench.deleteRecursively(this.work);
			}
			else {
				this.log.println("Kept " + this.work);
			}
		}
	}

	/**
	 * Signs the client in with the token, pinning the certificate, and makes its keys.
	 */
	private void prepareClients(ServerProcess server, String token) throws Exception {
		this.url = "https://localhost:" + server.endpoint().port();
		this.certificate = this.work.resolve("data").resolve("tls").resolve("certificate.pem");
		this.config = Files.createDirectories(this.work.resolve("config"));
		this.headers = this.work.resolve("curl-headers");
		Files.writeString(this.headers, "Authorization: Bearer " + token + "\nContent-Type: application/octet-stream\n",
				StandardCharsets.UTF_8);
		this.passphrase = this.work.resolve("passphrase");
		Files.writeString(this.passphrase, PASSPHRASE + "\n", StandardCharsets.UTF_8);
		for (Path secret : List.of(this.headers, this.passphrase)) {
			Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
		}
		coffer(token + "\n", "login", this.url, "--token-stdin", "--fingerprint", fingerprint(this.certificate));
		coffer(null, "keys", "init", "--passphrase-file", this.passphrase.toString());
	}

	/** One round: the three uploads, then the three downloads, each copy checked. */
	private void round(String tag, Path content, String sha256, Map<String, List<Run>> runs) throws Exception {
		String curlName = "curl-" + tag + ".bin";
		String cliName = "coffer-" + tag + ".bin";
		String e2eName = "e2e-" + tag + ".bin";
		List<String> curlPut = curl("-T", content.toString(), "-o", this.work.resolve("curl-put.json").toString(),
				this.url + "/api/v1/files?name=" + curlName);
		record(runs, "put: curl", measure(curlPut, Map.of()));
		String fileId = CofferApi.jsonString(Files.readString(this.work.resolve("curl-put.json")), "id");
		record(runs, "put: coffer", client("put", "-q", content.toString(), "--name", cliName));
		// Above --resumable-above a put is a resumable upload; this one goes as curl's
		// does.
		record(runs, "put: coffer, one request", client("put", "-q", content.toString(), "--name", "one-" + cliName,
				"--resumable-above", ((Files.size(content) >> 20) + 1) + "MiB"));
		record(runs, "put: coffer --e2e", client("put", "-q", "--e2e", content.toString(), "--name", e2eName));
		Path out = this.work.resolve("download.bin");
		record(runs, "get: curl",
				measure(curl("-o", out.toString(), this.url + "/api/v1/files/" + fileId + "/content"), Map.of()));
		check(out, sha256, "curl's download");
		record(runs, "get: coffer", client("get", "-q", cliName, "-o", out.toString(), "--force"));
		check(out, sha256, "coffer get");
		record(runs, "get: coffer (e2e)", client("get", "-q", e2eName, "-o", out.toString(), "--force",
				"--passphrase-file", this.passphrase.toString()));
		check(out, sha256, "coffer get of the end-to-end encrypted copy");
		Files.delete(out);
	}

	private void record(Map<String, List<Run>> runs, String transfer, Run run) {
		this.log.printf("  %-20s %6.1f s, CPU %5.1f s, peak RSS %d MB%n", transfer, run.seconds(), run.cpuSeconds(),
				run.peakRssKiB() / 1024);
		if (runs != null) {
			runs.get(transfer).add(run);
		}
	}

	private List<String> curl(String... args) {
		List<String> command = new ArrayList<>(List.of(Curl.find().orElseThrow().toString(), "-sS", "--fail", "-H",
				"Expect:", "-H", "@" + this.headers, "--cacert", this.certificate.toString()));
		command.addAll(List.of(args));
		return command;
	}

	private Run client(String... args) throws IOException, InterruptedException {
		return measure(cofferCommand(args), Map.of("COFFER_JAVA_OPTS", "-Xmx" + this.options.cliHeap));
	}

	private void coffer(String stdin, String... args) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(cofferCommand(args)).redirectErrorStream(true)
			.redirectOutput(this.work.resolve("coffer.log").toFile());
		clientEnvironment(builder.environment());
		Process process = builder.start();
		try (OutputStream in = process.getOutputStream()) {
			if (stdin != null) {
				in.write(stdin.getBytes(StandardCharsets.UTF_8));
			}
		}
		if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IOException("coffer " + String.join(" ", args) + " failed: "
					+ Files.readString(this.work.resolve("coffer.log")).strip());
		}
	}

	/**
	 * The client's configuration and cache in the work directory, so that neither the
	 * user's own nor an earlier run's is used.
	 */
	private void clientEnvironment(Map<String, String> environment) {
		environment.put("XDG_CONFIG_HOME", this.config.toString());
		environment.put("XDG_CACHE_HOME", this.work.resolve("cache").toString());
	}

	/**
	 * Waits for the launcher's background recording of the client's AOT cache (Java 25
	 * and newer), which the commands after the sign-in started, so that it neither
	 * competes with a measured transfer nor is missing from one: users' commands start
	 * from it after their first. Says whether there is one.
	 */
	private String awaitClientCache() throws InterruptedException, IOException {
		Path cacheDir = this.work.resolve("cache").resolve("coffer");
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
		while (System.nanoTime() < deadline && Files.isDirectory(cacheDir)) {
			try (var files = Files.list(cacheDir)) {
				List<String> names = files.map((file) -> file.getFileName().toString()).toList();
				if (names.stream().anyMatch((name) -> name.endsWith(".aot"))) {
					return "started from the JDK's AOT cache the launcher recorded after sign-in";
				}
				// The recording failed: its log is there and nothing is being written.
				if (names.stream().anyMatch((name) -> name.endsWith(".log"))
						&& names.stream().noneMatch((name) -> name.contains(".aot."))) {
					break;
				}
			}
			Thread.sleep(200);
		}
		return "without an AOT cache (Java before 25, or the launcher not used)";
	}

	/**
	 * The launcher script if it is next to the jar (as the build leaves it), else java.
	 */
	private List<String> cofferCommand(String... args) {
		Path launcher = this.options.cliJar.toAbsolutePath().resolveSibling("coffer");
		List<String> command = new ArrayList<>();
		if (Files.isExecutable(launcher)) {
			command.add(launcher.toString());
		}
		else {
			command.addAll(List.of(ServerProcess.currentJava(), "-jar", this.options.cliJar.toString()));
		}
		command.addAll(List.of(args));
		return command;
	}

	/** Runs a command under /usr/bin/time: wall time, user + system CPU, peak RSS. */
	private Run measure(List<String> command, Map<String, String> environment)
			throws IOException, InterruptedException {
		Path times = this.work.resolve("time.out");
		Path output = this.work.resolve("command.log");
		List<String> timed = new ArrayList<>(List.of(TIME.toString(), "-f", "%U %S %M", "-o", times.toString()));
		timed.addAll(command);
		ProcessBuilder builder = new ProcessBuilder(timed).redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
		clientEnvironment(builder.environment());
		builder.environment().putAll(environment);
		long start = System.nanoTime();
		Process process = builder.start();
		if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
			process.destroyForcibly();
			throw new IOException(command.getFirst() + " did not finish in " + TIMEOUT);
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		if (process.exitValue() != 0) {
			throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": "
					+ Files.readString(output).strip());
		}
		List<String> lines = Files.readAllLines(times);
		String[] fields = lines.getLast().strip().split(" ");
		return new Run(seconds, Double.parseDouble(fields[0]) + Double.parseDouble(fields[1]),
				Long.parseLong(fields[2]));
	}

	private void check(Path file, String expected, String what) throws IOException {
		String actual = sha256(file);
		if (!actual.equals(expected)) {
			throw new IOException(what + " has SHA-256 " + actual + ", not " + expected);
		}
	}

	private String writeContent(Path file, long size, long seed) throws IOException {
		GeneratedContent content = new GeneratedContent(size, seed);
		try (OutputStream out = Files.newOutputStream(file)) {
			content.writeTo(out);
		}
		return sha256(file);
	}

	private static String sha256(Path file) throws IOException {
		MessageDigest digest = GeneratedContent.newSha256();
		byte[] buffer = new byte[1 << 20];
		try (InputStream in = Files.newInputStream(file)) {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				digest.update(buffer, 0, n);
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static String fingerprint(Path pem) throws Exception {
		try (InputStream in = Files.newInputStream(pem)) {
			X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(in);
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
			return "SHA256:" + HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
		}
	}

	// ---------------------------------------------------------------- report

	private String report(Machine machine, String loadAtStart, String loadAtEnd, Map<String, List<Run>> runs) {
		StringBuilder md = new StringBuilder();
		String size = CofferBench.bytes(this.options.largeSize);
		md.append("## The `coffer` client against curl (").append(size).append(")\n\n");
		md.append(String.format(Locale.ROOT,
				"%s; %d CPUs, %s (%s), %d MiB; %s; %s; load average %s at start, %s at end.%n%n", machine.date(),
				machine.cpus(), machine.cpuModel(), machine.cpuFlags(), machine.memoryMiB(), machine.jdk(),
				machine.fileSystem(), loadAtStart, loadAtEnd));
		md.append("One server (HTTPS, HTTP/1.1 for curl), ")
			.append(this.options.repeat)
			.append(" rounds of: curl upload, `coffer put` (a resumable upload, as every put above 16 MiB), "
					+ "`coffer put --resumable-above` the size (one request, as curl's), `coffer put --e2e`, "
					+ "curl download, `coffer get`, `coffer get` of the end-to-end encrypted copy; downloads to files, each checked by SHA-256. "
					+ "The client at `COFFER_JAVA_OPTS=-Xmx")
			.append(this.options.cliHeap)
			.append("`, ")
			.append(this.clientStart)
			.append(". Median wall time (including the JVM's start), client CPU (user + system) and peak RSS "
					+ "from `/usr/bin/time`.\n\n");
		md.append("| Transfer | seconds (median) | runs | ÷ curl | client CPU s | peak RSS MB |\n");
		md.append("|---|---|---|---|---|---|\n");
		for (String transfer : TRANSFERS) {
			List<Run> list = runs.get(transfer);
			double median = CofferBench.median(list.stream().map(Run::seconds).toList());
			double curl = CofferBench
				.median(runs.get(transfer.substring(0, 3) + ": curl").stream().map(Run::seconds).toList());
			md.append(String.format(Locale.ROOT, "| %s | %.1f | %s | %s | %.1f | %d |%n", transfer, median,
					String.join(" / ",
							list.stream().map((r) -> String.format(Locale.ROOT, "%.1f", r.seconds())).toList()),
					SideBySide.ratio(median, curl), CofferBench.median(list.stream().map(Run::cpuSeconds).toList()),
					list.stream().mapToLong(Run::peakRssKiB).max().orElse(0) / 1024));
		}
		md.append('\n');
		md.append("| Target (#11) | Measured | Met? |\n|---|---|---|\n");
		target(md, runs, "put: coffer", 1.15);
		target(md, runs, "get: coffer", 1.15);
		target(md, runs, "put: coffer --e2e", 1.4);
		target(md, runs, "get: coffer (e2e)", 1.4);
		return md.append('\n').toString();
	}

	private static void target(StringBuilder md, Map<String, List<Run>> runs, String transfer, double goal) {
		double client = CofferBench.median(runs.get(transfer).stream().map(Run::seconds).toList());
		double curl = CofferBench
			.median(runs.get(transfer.substring(0, 3) + ": curl").stream().map(Run::seconds).toList());
		double ratio = client / curl;
		md.append(String.format(Locale.ROOT, "| %s within %.2f× curl's time | %.2f× | %s |%n", transfer, goal, ratio,
				(ratio <= goal) ? "yes" : "**no**"));
	}

}
