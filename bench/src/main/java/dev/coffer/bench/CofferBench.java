package dev.coffer.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Coffer's end-to-end benchmark: starts the real server jar, measures it over loopback
 * and prints a Markdown report (see bench/README.md).
 */
public final class CofferBench {

	static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);

	static final String USER = "bench";

	/** A personal access token as {@code token create} prints it. */
	static final String TOKEN_PATTERN = "coffer_pat_[A-Za-z0-9_-]{20,}";

	private final BenchOptions options;

	private final PrintStream log = System.err;

	private final List<Path> dataDirs = new ArrayList<>();

	private Path serverJar;

	private String token;

	private Machine machine;

	private final Map<String, LargeResult> large = new LinkedHashMap<>();

	private final Map<String, LoadResult> load = new LinkedHashMap<>();

	/**
	 * Per protocol: the disk's durable small files per second, measured before the load.
	 */
	private final Map<String, Double> durableFiles = new LinkedHashMap<>();

	private MemoryResult memory;

	private final List<String> notes = new ArrayList<>();

	private String loadAtStart;

	private final SideBySide sideBySide;

	private final LargeContent largeContent;

	private final References references;

	CofferBench(BenchOptions options) {
		this.options = options;
		this.sideBySide = new SideBySide(options);
		this.largeContent = new LargeContent(options.largeSize, this.log);
		this.references = new References(options, this.log, this.sideBySide, this.dataDirs, this.largeContent);
	}

	public static void main(String[] args) {
		BenchOptions options;
		try {
			options = BenchOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println("coffer-bench: " + ex.getMessage());
			System.err.print(BenchOptions.USAGE);
			System.exit(2);
			return;
		}
		if (options.help) {
			System.out.print(BenchOptions.USAGE);
			return;
		}
		int exit;
		try {
			exit = new CofferBench(options).run();
		}
		catch (Exception ex) {
			System.err.println("coffer-bench: failed: " + ex);
			ex.printStackTrace();
			exit = 1;
		}
		System.exit(exit);
	}

	int run() throws Exception {
		this.serverJar = this.options.serverJar.toAbsolutePath();
		if (!Files.isRegularFile(this.serverJar)) {
			throw new IOException("No server jar at " + this.serverJar
					+ "; build it with ./mvnw -q -pl server -am package -DskipTests");
		}
		Files.createDirectories(this.options.workDir);
		checkFreeSpace();
		if (this.options.cluster()) {
			return emit(new ClusterBench(this.options, this.serverJar, this.log).run());
		}
		if (this.options.cli) {
			return emit(new CliBench(this.options, this.serverJar, this.log).run());
		}
		if (this.options.startup) {
			return emit(new StartupBench(this.options, this.serverJar, this.log).run());
		}
		if (this.options.peer) {
			return emit(new InMemoryPeerBench(this.options, this.serverJar, this.log).run());
		}
		Path dataDir = newDataDir();
		try {
			this.machine = Machine.describe(dataDir);
			this.loadAtStart = Machine.loadAverage();
			this.log.printf("Machine: %d CPUs, %s, %s, load average %s%n", this.machine.cpus(), this.machine.cpuModel(),
					this.machine.jdk(), this.loadAtStart);
			this.references.find();
			createUserAndToken(dataDir);
			for (String protocol : this.options.protocols) {
				if (needsServer()) {
					runProtocol(dataDir, protocol);
				}
			}
			if (this.options.runs("memory")) {
				runMemory(dataDir);
			}
		}
		finally {
			if (!this.options.keep) {
				for (Path dir : this.dataDirs) {
					deleteRecursively(dir);
				}
			}
			else {
				this.log.println("Kept data directories and server logs: " + this.dataDirs);
			}
		}
		return emit(report());
	}

	/** Prints the report, and writes it to {@code --output} if given. */
	private int emit(String report) throws IOException {
		System.out.print(report);
		if (this.options.output != null) {
			Files.writeString(this.options.output, report, StandardCharsets.UTF_8);
			this.log.println("Report written to " + this.options.output);
		}
		return 0;
	}

	private void checkFreeSpace() throws IOException {
		long largest = this.options.largeSize;
		for (long size : this.options.memorySizes) {
			largest = Math.max(largest, size);
		}
		long needed = Math.max(largest, this.options.diskSize) + (1L << 30);
		if (this.options.runs("curl")) {
			needed += this.options.largeSize; // the file curl uploads
		}
		if (this.options.runs("nginx") && !this.options.skipLoad) {
			// nginx's load test: each client cycles through its own names.
			needed += this.options.clients * SideBySide.NGINX_NAMES_PER_CLIENT * this.options.smallSize;
		}
		long usable = Files.getFileStore(this.options.workDir).getUsableSpace();
		this.log.printf("Free space in %s: %.1f GiB (need about %.1f GiB)%n", this.options.workDir,
				usable / (double) (1L << 30), needed / (double) (1L << 30));
		if (usable < needed) {
			throw new IOException("Not enough free space in " + this.options.workDir);
		}
	}

	private Path newDataDir() throws IOException {
		Path dir = Files.createTempDirectory(this.options.workDir, "coffer-bench-");
		this.dataDirs.add(dir);
		return dir;
	}

	private Path logFile(Path dataDir, String name) {
		return dataDir.resolveSibling(dataDir.getFileName() + "-" + name + ".log");
	}

	private void createUserAndToken(Path dataDir) throws Exception {
		this.token = createUserAndToken(this.serverJar, dataDir, List.of(), this.log);
	}

	/**
	 * Creates the benchmark's user and a personal access token for it with the server
	 * jar's operator commands, on the database that {@code settings} select (the data
	 * directory's H2 database if none), and returns the token.
	 */
	static String createUserAndToken(Path serverJar, Path dataDir, List<String> settings, PrintStream log)
			throws Exception {
		String password = HexFormat.of().formatHex(SecureRandom.getInstanceStrong().generateSeed(16));
		log.println("Creating user " + USER + " and an API token...");
		ServerProcess.CommandResult help = ServerProcess.operatorCommand(serverJar, dataDir, settings, null,
				COMMAND_TIMEOUT, "--help");
		if (!help.stdout().contains("token")) {
			throw new IOException("This server jar has no 'token' command (see its --help); it is needed for"
					+ " the benchmark's API token");
		}
		ServerProcess.CommandResult user = ServerProcess.operatorCommand(serverJar, dataDir, settings, password + "\n",
				COMMAND_TIMEOUT, "user", "add", USER);
		if (user.exitCode() != 0) {
			throw new IOException("user add failed: " + user.stderr() + user.stdout());
		}
		ServerProcess.CommandResult token = ServerProcess.operatorCommand(serverJar, dataDir, settings, null,
				COMMAND_TIMEOUT, "token", "create", USER, "--name", "coffer-bench");
		if (token.exitCode() != 0 || token.stdout().isBlank()) {
			throw new IOException("token create failed: " + token.stderr() + token.stdout());
		}
		// The token is printed alone on a line; Spring's log lines may surround it.
		String found = token.lastLineMatching(TOKEN_PATTERN);
		if (found == null) {
			throw new IOException("token create printed no token: " + token.stdout());
		}
		return found;
	}

	private ServerProcess startServer(Path dataDir, String protocol, List<String> jvmArgs, String name)
			throws IOException, InterruptedException {
		List<String> args = new ArrayList<>(this.options.serverJvmArgs);
		args.addAll(jvmArgs);
		Path logFile = logFile(dataDir, name);
		this.log.printf("Starting the server (%s, JVM options %s), log %s ...%n", protocol, args, logFile);
		ServerProcess server = ServerProcess.start(this.serverJar, dataDir, protocol.equals("https"), args, logFile,
				START_TIMEOUT);
		this.log.printf("Server pid %d is up at %s%n", server.pid(), server.endpoint());
		return server;
	}

	// ---------------------------------------------------------------- large + load

	/** Whether any part of the per-protocol runs is to run. */
	private boolean needsServer() {
		boolean large = !this.options.skipLarge;
		boolean load = !this.options.skipLoad;
		return (this.options.runs("rest") && (large || load)) || (this.options.runs("webdav") && large)
				|| this.references.anyToRun();
	}

	private void runProtocol(Path dataDir, String protocol) throws Exception {
		boolean rest = this.options.runs("rest");
		boolean dav = this.options.runs("webdav") && !this.options.skipLarge;
		try (ServerProcess server = startServer(dataDir, protocol, List.of(), protocol)) {
			CofferApi api = new CofferApi(this.token);
			if (rest || dav) {
				try (HttpConnection connection = new HttpConnection(server.endpoint())) {
					String tls = connection.tlsDescription();
					warmUp(api, dav ? new DavClient("/dav/", USER, this.token) : null, connection);
					if (!this.options.skipLarge) {
						runLarge(api, connection, server, dataDir, tls, protocol, rest, dav);
					}
				}
			}
			if (rest && !this.options.skipLoad) {
				this.load.put(protocol, runLoad(api, server, dataDir, protocol));
			}
			requireAlive(server);
			this.references.run(dataDir, protocol, server, this.token);
			requireAlive(server);
		}
	}

	/**
	 * Transfers first, for {@code --transfer-warmup}, so that the server's JIT has
	 * compiled the data path with its intrinsics: until C2 has compiled it, AES-GCM runs
	 * in plain Java, many times slower, and on a busy machine that takes seconds. With
	 * {@code dav}, WebDAV PUTs and GETs alternate with the REST API's, so that neither is
	 * the first large transfer to meet code that is still interpreted.
	 */
	private void warmUp(CofferApi api, DavClient dav, HttpConnection connection) throws IOException {
		this.log.printf("Warming up (64 MiB uploads and downloads for %d s)...%n",
				this.options.transferWarmup.toSeconds());
		GeneratedContent content = new GeneratedContent(64L << 20, 7);
		long end = System.nanoTime() + this.options.transferWarmup.toNanos();
		int i = 0;
		do {
			CofferApi.Uploaded uploaded = api.upload(connection, "warm-up-" + i++, content.length(), content::writeTo);
			api.download(connection, uploaded.id(), true);
			api.delete(connection, uploaded.id());
			if (dav != null) {
				String path = "warm-up-" + i++;
				dav.put(connection, path, content.length(), content::writeTo);
				dav.get(connection, path, true);
				dav.delete(connection, path);
			}
		}
		while (System.nanoTime() < end);
	}

	/** CPU use of server and client over a timed section. */
	record Timed<T>(T value, double seconds, double serverCores, double clientCores,
			List<Map.Entry<String, Long>> busiestServerThreads) {
	}

	@FunctionalInterface
	interface IoSupplier<T> {

		T get() throws IOException;

	}

	private static <T> Timed<T> timed(ServerProcess server, IoSupplier<T> work) throws IOException {
		long self = ProcessHandle.current().pid();
		Map<String, Long> threadsBefore = ProcFs.threadCpuNanos(server.pid());
		long serverBefore = ProcFs.cpuNanos(server.pid());
		long clientBefore = ProcFs.cpuNanos(self);
		long start = System.nanoTime();
		T value = work.get();
		long elapsed = System.nanoTime() - start;
		long serverCpu = ProcFs.cpuNanos(server.pid()) - serverBefore;
		long clientCpu = ProcFs.cpuNanos(self) - clientBefore;
		Map<String, Long> threadsAfter = ProcFs.threadCpuNanos(server.pid());
		return new Timed<>(value, elapsed / 1e9, serverCpu / (double) elapsed, clientCpu / (double) elapsed,
				ProcFs.busiest(threadsBefore, threadsAfter, 4));
	}

	record LargeResult(String tls, long size, List<Double> diskBps, List<Double> uploadBps,
			List<Double> uploadAnswerSeconds, List<Double> downloadHashedBps, List<Double> downloadPlainBps,
			Timed<?> lastUpload, Timed<?> lastDownloadHashed, Timed<?> lastDownloadPlain) {
	}

	/**
	 * Large transfers over the REST API ({@code rest}) and over WebDAV ({@code dav}), one
	 * after the other in each repetition.
	 */
	private void runLarge(CofferApi api, HttpConnection connection, ServerProcess server, Path dataDir, String tls,
			String protocol, boolean rest, boolean dav) throws IOException {
		long size = this.options.largeSize;
		GeneratedContent content = this.largeContent.content();
		String expected = this.largeContent.sha256();
		// The same disk test before each WebDAV PUT as before each REST upload (see
		// TransferRuns.BeforePut): without it the WebDAV PUTs paid the kernel's cost of
		// new page-cache pages and the REST uploads did not.
		TransferRuns davRuns = new TransferRuns(size, () -> {
			double speed = DiskSpeed.measure(dataDir, this.options.diskSize);
			this.log.printf("[%s] disk sequential write %s before the WebDAV PUT: %.0f MB/s%n", tls,
					bytes(this.options.diskSize), speed / 1e6);
		});
		davRuns.tls = tls;
		DavClient davClient = new DavClient("/dav/", USER, this.token);
		List<Double> disk = new ArrayList<>();
		List<Double> up = new ArrayList<>();
		List<Double> commit = new ArrayList<>();
		List<Double> downHashed = new ArrayList<>();
		List<Double> downPlain = new ArrayList<>();
		Timed<?> lastUp = null;
		Timed<?> lastDownHashed = null;
		Timed<?> lastDownPlain = null;
		for (int run = 1; run <= this.options.repeat; run++) {
			// WebDAV before the REST API in odd repetitions, after it in even ones, so
			// that
			// neither always follows the disk test or the other's transfers.
			if (dav && (run % 2 == 1 || !rest)) {
				davRound(davRuns, davClient, connection, server, run, tls);
			}
			if (!rest) {
				continue;
			}
			double diskSpeed = DiskSpeed.measure(dataDir, this.options.diskSize);
			disk.add(diskSpeed);
			this.log.printf("[%s %d/%d] disk sequential write %s: %.0f MB/s%n", tls, run, this.options.repeat,
					bytes(this.options.diskSize), diskSpeed / 1e6);
			Timed<CofferApi.Uploaded> upload = timed(server,
					() -> api.upload(connection, "large-" + size, size, content::writeTo));
			CofferApi.Uploaded uploaded = upload.value();
			if (uploaded.size() != size || !expected.equals(uploaded.sha256())) {
				throw new IOException("The server stored " + uploaded.size() + " bytes with SHA-256 "
						+ uploaded.sha256() + ", expected " + size + " bytes with " + expected);
			}
			up.add(size / upload.seconds());
			commit.add(uploaded.answerAfterBodyNanos() / 1e9);
			lastUp = upload;
			Timed<CofferApi.Downloaded> hashed = timed(server, () -> api.download(connection, uploaded.id(), true));
			if (hashed.value().bytes() != size || !uploaded.sha256().equals(hashed.value().sha256())) {
				throw new IOException("Downloaded " + hashed.value().bytes() + " bytes with SHA-256 "
						+ hashed.value().sha256() + ", the upload said " + uploaded.sha256());
			}
			downHashed.add(size / hashed.seconds());
			lastDownHashed = hashed;
			Timed<CofferApi.Downloaded> plain = timed(server, () -> api.download(connection, uploaded.id(), false));
			if (plain.value().bytes() != size) {
				throw new IOException("Downloaded " + plain.value().bytes() + " bytes, expected " + size);
			}
			downPlain.add(size / plain.seconds());
			lastDownPlain = plain;
			api.delete(connection, uploaded.id());
			this.log.printf(
					"[%s %d/%d] upload %.0f MB/s (server %.2f cores, client %.2f; answer %.2f s after the last byte), download %.0f MB/s with SHA-256 check"
							+ " (server %.2f, client %.2f), %.0f MB/s without (server %.2f, client %.2f)%n",
					tls, run, this.options.repeat, size / upload.seconds() / 1e6, upload.serverCores(),
					upload.clientCores(), uploaded.answerAfterBodyNanos() / 1e9, size / hashed.seconds() / 1e6,
					hashed.serverCores(), hashed.clientCores(), size / plain.seconds() / 1e6, plain.serverCores(),
					plain.clientCores());
			if (dav && run % 2 == 0) {
				davRound(davRuns, davClient, connection, server, run, tls);
			}
		}
		if (rest) {
			this.large.put(protocol, new LargeResult(tls, size, disk, up, commit, downHashed, downPlain, lastUp,
					lastDownHashed, lastDownPlain));
		}
		if (dav) {
			this.sideBySide.davLarge.put(protocol, davRuns);
		}
	}

	private void davRound(TransferRuns davRuns, DavClient davClient, HttpConnection connection, ServerProcess server,
			int run, String tls) throws IOException {
		davRuns.round(davClient, connection, () -> ProcFs.cpuNanos(server.pid()), "bench-large-" + run,
				this.largeContent.content(), this.largeContent.sha256());
		this.log.printf("[%s %d/%d] WebDAV PUT %.0f MB/s, GET %.0f MB/s checked, %.0f MB/s discarded%n", tls, run,
				this.options.repeat, davRuns.uploadBps.getLast() / 1e6, davRuns.downloadHashedBps.getLast() / 1e6,
				davRuns.downloadPlainBps.getLast() / 1e6);
	}

	record LoadResult(LoadTest.Result upload, LoadTest.Result download) {
	}

	private LoadResult runLoad(CofferApi api, ServerProcess server, Path dataDir, String protocol) throws Exception {
		int clients = this.options.clients;
		long smallSize = this.options.smallSize;
		byte[] small = new byte[(int) smallSize];
		new SecureRandom().nextBytes(small);
		HttpConnection.BodySource body = (out) -> out.write(small);
		double durable = DiskSpeed.durableFilesPerSecond(dataDir, clients, (int) smallSize, this.options.duration);
		this.durableFiles.put(protocol, durable);
		this.log.printf(
				"Disk: %d threads storing %s files durably as the server stores a blob (write, fsync, rename, directory fsync): %.0f files/s%n",
				clients, bytes(smallSize), durable);
		this.log.printf("Load: %d clients uploading %s files, %s warm-up + %s...%n", clients, bytes(smallSize),
				this.options.warmup, this.options.duration);
		java.util.function.LongSupplier serverCpu = () -> serverCpuNanos(server);
		LoadTest.Result upload = LoadTest.run(server.endpoint(), clients, this.options.warmup, this.options.duration,
				serverCpu, (connection, client, sequence) -> api.upload(connection, "small-" + client + "-" + sequence,
						smallSize, body));
		logLoad("upload", upload);
		String[] ids = new String[clients];
		try (HttpConnection connection = new HttpConnection(server.endpoint())) {
			for (int c = 0; c < clients; c++) {
				ids[c] = api.upload(connection, "download-" + c, smallSize, body).id();
			}
		}
		this.log.printf("Load: %d clients downloading %s files, %s warm-up + %s...%n", clients, bytes(smallSize),
				this.options.warmup, this.options.duration);
		LoadTest.Result download = LoadTest.run(server.endpoint(), clients, this.options.warmup, this.options.duration,
				serverCpu, (connection, client, sequence) -> {
					CofferApi.Downloaded downloaded = api.download(connection, ids[client], false);
					if (downloaded.bytes() != smallSize) {
						throw new IOException("Downloaded " + downloaded.bytes() + " bytes");
					}
				});
		logLoad("download", download);
		return new LoadResult(upload, download);
	}

	/**
	 * The server's CPU time without its JIT compiler threads: in a short load run on a
	 * busy machine the compilers can use more CPU than the requests, and their share
	 * falls as the run goes on, so with them the figure would say more about warm-up than
	 * about a request. (Threads that ended during the window are missed; the request
	 * threads are long-lived carriers.)
	 */
	private static long serverCpuNanos(ServerProcess server) {
		try {
			return ProcFs.threadCpuNanos(server.pid())
				.entrySet()
				.stream()
				.filter((thread) -> !thread.getKey().contains("CompilerThre"))
				.mapToLong(Map.Entry::getValue)
				.sum();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private void logLoad(String what, LoadTest.Result result) {
		this.log.printf(
				"Load %s: %.0f requests/s, p50 %.1f ms, p99 %.1f ms, server CPU %.2f ms/request, %d errors, %d connections%s%n",
				what, result.requestsPerSecond(), result.percentileMillis(50), result.percentileMillis(99),
				result.serverCpuMillisPerRequest(), result.errors(), result.connects(),
				(result.firstError() != null) ? " (first error: " + result.firstError() + ")" : "");
	}

	// ---------------------------------------------------------------- memory

	record MemoryRow(String what, long bytes, double mbps, RssSampler.Peak peak) {
	}

	record MemoryResult(String protocol, String heap, long idleRssKiB, List<MemoryRow> rows) {
	}

	private void runMemory(Path dataDir) throws Exception {
		String protocol = this.options.memoryProtocol;
		String heap = "-Xmx" + this.options.memoryHeap;
		try (ServerProcess server = startServer(dataDir, protocol, List.of(heap), "memory")) {
			CofferApi api = new CofferApi(this.token);
			List<MemoryRow> rows = new ArrayList<>();
			long idle;
			try (HttpConnection connection = new HttpConnection(server.endpoint())) {
				warmUp(api, null, connection);
				idle = ProcFs.memory(server.pid()).rssKiB();
				this.log.printf("Memory run (%s, %s): RSS after warm-up %d MiB%n", protocol, heap, idle / 1024);
				for (long size : this.options.memorySizes) {
					GeneratedContent content = new GeneratedContent(size, size);
					this.log.printf("Computing the SHA-256 of the %s test content...%n", bytes(size));
					String expected = content.sha256();
					RssSampler upSampler = new RssSampler(server.pid());
					long start = System.nanoTime();
					CofferApi.Uploaded uploaded;
					try (upSampler) {
						uploaded = api.upload(connection, "memory-" + size, size, content::writeTo);
					}
					double upSeconds = (System.nanoTime() - start) / 1e9;
					RssSampler.Peak upPeak = upSampler.stop();
					if (!expected.equals(uploaded.sha256())) {
						throw new IOException("Upload stored SHA-256 " + uploaded.sha256() + ", expected " + expected);
					}
					rows.add(new MemoryRow("upload", size, size / upSeconds, upPeak));
					RssSampler downSampler = new RssSampler(server.pid());
					start = System.nanoTime();
					CofferApi.Downloaded downloaded;
					try (downSampler) {
						downloaded = api.download(connection, uploaded.id(), true);
					}
					double downSeconds = (System.nanoTime() - start) / 1e9;
					RssSampler.Peak downPeak = downSampler.stop();
					if (!expected.equals(downloaded.sha256())) {
						throw new IOException("Download has SHA-256 " + downloaded.sha256() + ", expected " + expected);
					}
					rows.add(new MemoryRow("download", size, size / downSeconds, downPeak));
					api.delete(connection, uploaded.id());
					this.log.printf(
							"Memory %s: upload peak RSS %d MiB (VmHWM %d MiB, %d samples), download peak RSS %d MiB"
									+ " (VmHWM %d MiB, %d samples)%n",
							bytes(size), upPeak.sampledMaxKiB() / 1024, upPeak.hwmKiB() / 1024, upPeak.samples(),
							downPeak.sampledMaxKiB() / 1024, downPeak.hwmKiB() / 1024, downPeak.samples());
				}
			}
			requireAlive(server);
			this.memory = new MemoryResult(protocol, heap, idle, rows);
		}
	}

	private static void requireAlive(ServerProcess server) throws IOException {
		if (!server.isAlive()) {
			throw new IOException("The server died; its log:\n" + ServerProcess.tail(server.log(), 40));
		}
	}

	// ---------------------------------------------------------------- report

	String report() {
		StringBuilder md = new StringBuilder();
		Machine m = this.machine;
		md.append("### Machine\n\n");
		md.append("| | |\n|---|---|\n");
		md.append("| CPUs (nproc) | ").append(m.cpus()).append(" |\n");
		md.append("| CPU model | ").append(m.cpuModel()).append(" (").append(m.cpuFlags()).append(") |\n");
		md.append("| Memory | ").append(m.memoryMiB() / 1024).append(" GiB |\n");
		md.append("| JDK (client and server) | ").append(m.jdk()).append(" |\n");
		md.append("| OS | ").append(m.os()).append(" |\n");
		md.append("| Data directory file system | ").append(m.fileSystem()).append(" |\n");
		md.append("| Date | ").append(m.date()).append(" |\n");
		md.append("| Load average at start / end | ")
			.append(this.loadAtStart)
			.append(" / ")
			.append(Machine.loadAverage())
			.append(" |\n\n");
		md.append("MB/s and GB/s are decimal (10^6, 10^9 bytes per second); sizes are binary (MiB, GiB). "
				+ "Client and server share the machine's CPUs over loopback.\n\n");

		if (!this.large.isEmpty()) {
			List<String> protocols = new ArrayList<>(this.large.keySet());
			LargeResult first = this.large.values().iterator().next();
			md.append("### Large transfers (")
				.append(bytes(first.size()))
				.append(", median of ")
				.append(this.options.repeat)
				.append(", min–max)\n\n");
			md.append("| | ").append(String.join(" | ", header(protocols))).append(" |\n");
			md.append("|---|").append("---|".repeat(protocols.size())).append("\n");
			row(md, "TLS", protocols, (r) -> r.tls());
			row(md, "Disk sequential write, " + bytes(this.options.diskSize) + " + fsync (MB/s)", protocols,
					(r) -> rate(r.diskBps()));
			row(md, "**Upload** (MB/s)", protocols, (r) -> rate(r.uploadBps()));
			row(md, "Upload: seconds from the last byte sent to the answer (fsync, commit)", protocols,
					(r) -> String.format(Locale.ROOT, "%.2f s of %.2f s", median(r.uploadAnswerSeconds()),
							r.size() / median(r.uploadBps())));
			row(md, "Upload / disk write speed", protocols,
					(r) -> String.format(Locale.ROOT, "%.0f %%", 100 * median(r.uploadBps()) / median(r.diskBps())));
			row(md, "**Download**, SHA-256 checked by the client (MB/s)", protocols,
					(r) -> rate(r.downloadHashedBps()));
			row(md, "Download, bytes only discarded (MB/s)", protocols, (r) -> rate(r.downloadPlainBps()));
			row(md, "CPU cores busy during upload: server / client", protocols, (r) -> cores(r.lastUpload()));
			row(md, "CPU cores busy during checked download: server / client", protocols,
					(r) -> cores(r.lastDownloadHashed()));
			row(md, "CPU cores busy during plain download: server / client", protocols,
					(r) -> cores(r.lastDownloadPlain()));
			row(md, "CPU seconds per GiB, upload: server / client", protocols,
					(r) -> cpuPerGiB(r.lastUpload(), r.size()));
			row(md, "CPU seconds per GiB, checked download: server / client", protocols,
					(r) -> cpuPerGiB(r.lastDownloadHashed(), r.size()));
			row(md, "CPU seconds per GiB, plain download: server / client", protocols,
					(r) -> cpuPerGiB(r.lastDownloadPlain(), r.size()));
			row(md, "Busiest server threads, upload (cores)", protocols, (r) -> threads(r.lastUpload()));
			row(md, "Busiest server threads, download (cores)", protocols, (r) -> threads(r.lastDownloadPlain()));
			md.append('\n');
		}

		if (!this.load.isEmpty()) {
			List<String> protocols = new ArrayList<>(this.load.keySet());
			md.append("### Small requests (")
				.append(bytes(this.options.smallSize))
				.append(", ")
				.append(this.options.clients)
				.append(" concurrent clients, ")
				.append(this.options.duration.toSeconds())
				.append(" s after ")
				.append(this.options.warmup.toSeconds())
				.append(" s warm-up)\n\n");
			md.append("| | ").append(String.join(" | ", header(protocols))).append(" |\n");
			md.append("|---|").append("---|".repeat(protocols.size())).append("\n");
			loadRows(md, "upload", protocols, LoadResult::upload);
			loadRows(md, "download", protocols, LoadResult::download);
			md.append('\n');
		}

		if (this.memory != null) {
			md.append("### Server memory (")
				.append(this.memory.protocol().toUpperCase(Locale.ROOT))
				.append(", ")
				.append(this.memory.heap())
				.append(", RSS sampled every ")
				.append(RssSampler.INTERVAL_MILLIS)
				.append(" ms; VmHWM reset before each transfer)\n\n");
			md.append("| Transfer | MB/s | Peak RSS sampled (MiB) | VmHWM (MiB) |\n|---|---|---|---|\n");
			md.append("| idle, after warm-up | | ").append(this.memory.idleRssKiB() / 1024).append(" | |\n");
			for (MemoryRow row : this.memory.rows()) {
				md.append(String.format(Locale.ROOT, "| %s %s | %.0f | %d | %s |%n", row.what(), bytes(row.bytes()),
						row.mbps() / 1e6, row.peak().sampledMaxKiB() / 1024,
						(row.peak().hwmKiB() >= 0) ? Long.toString(row.peak().hwmKiB() / 1024) : "n/a"));
			}
			md.append('\n').append(memoryVerdict()).append("\n\n");
		}

		md.append(this.sideBySide.report(this.large, this.load));
		md.append("### Targets\n\n");
		md.append(targets());
		if (!this.notes.isEmpty()) {
			md.append('\n');
			this.notes.forEach((note) -> md.append("- ").append(note).append('\n'));
		}
		return md.toString();
	}

	private static List<String> header(List<String> protocols) {
		return protocols.stream().map((p) -> p.toUpperCase(Locale.ROOT)).toList();
	}

	private void row(StringBuilder md, String label, List<String> protocols,
			java.util.function.Function<LargeResult, String> cell) {
		md.append("| ").append(label).append(" |");
		for (String protocol : protocols) {
			md.append(' ').append(cell.apply(this.large.get(protocol))).append(" |");
		}
		md.append('\n');
	}

	private void loadRows(StringBuilder md, String what, List<String> protocols,
			java.util.function.Function<LoadResult, LoadTest.Result> pick) {
		md.append("| **").append(what).append("** requests/s |");
		protocols.forEach((p) -> md
			.append(String.format(Locale.ROOT, " %.0f |", pick.apply(this.load.get(p)).requestsPerSecond())));
		md.append("\n| ").append(what).append(" latency p50 / p99 (ms) |");
		protocols.forEach((p) -> {
			LoadTest.Result r = pick.apply(this.load.get(p));
			md.append(String.format(Locale.ROOT, " %.1f / %.1f |", r.percentileMillis(50), r.percentileMillis(99)));
		});
		md.append("\n| ").append(what).append(" server CPU ms per request (JIT compilers not counted) |");
		protocols.forEach((p) -> md
			.append(String.format(Locale.ROOT, " %.2f |", pick.apply(this.load.get(p)).serverCpuMillisPerRequest())));
		if ("upload".equals(what)) {
			md.append("\n| disk: durable ")
				.append(bytes(this.options.smallSize))
				.append(" files/s, as a blob is stored (write, fsync, rename, directory fsync; same threads) |");
			protocols.forEach((p) -> md.append(String.format(Locale.ROOT, " %.0f |", this.durableFiles.get(p))));
			md.append("\n| uploads ÷ the disk's durable files/s |");
			protocols.forEach((p) -> md.append(String.format(Locale.ROOT, " %.2f× |",
					pick.apply(this.load.get(p)).requestsPerSecond() / this.durableFiles.get(p))));
		}
		md.append("\n| ").append(what).append(" requests measured / errors / connections opened |");
		protocols.forEach((p) -> {
			LoadTest.Result r = pick.apply(this.load.get(p));
			md.append(String.format(Locale.ROOT, " %d / %d / %d |", r.requests(), r.errors(), r.connects()));
		});
		md.append('\n');
	}

	private String memoryVerdict() {
		long smallest = Long.MAX_VALUE;
		long largest = 0;
		for (MemoryRow row : this.memory.rows()) {
			smallest = Math.min(smallest, row.bytes());
			largest = Math.max(largest, row.bytes());
		}
		if (smallest == largest) {
			return "Only one transfer size was measured.";
		}
		long peakSmall = 0;
		long peakLarge = 0;
		for (MemoryRow row : this.memory.rows()) {
			long peak = Math.max(row.peak().sampledMaxKiB(), row.peak().hwmKiB());
			if (row.bytes() == smallest) {
				peakSmall = Math.max(peakSmall, peak);
			}
			if (row.bytes() == largest) {
				peakLarge = Math.max(peakLarge, peak);
			}
		}
		boolean flat = peakLarge <= peakSmall * 1.10 + 32 * 1024;
		return String.format(Locale.ROOT,
				"Peak RSS with %s transfers: %d MiB; with %s transfers: %d MiB (%+.0f %%) — %s.", bytes(smallest),
				peakSmall / 1024, bytes(largest), peakLarge / 1024, 100.0 * (peakLarge - peakSmall) / peakSmall,
				flat ? "memory does not grow with file size" : "**memory grows with file size**");
	}

	private String targets() {
		StringBuilder md = new StringBuilder();
		md.append("| Target | Measured | Met? |\n|---|---|---|\n");
		for (Map.Entry<String, LargeResult> entry : this.large.entrySet()) {
			LargeResult r = entry.getValue();
			double share = median(r.uploadBps()) / median(r.diskBps());
			md.append(String.format(Locale.ROOT,
					"| Upload ≥ 90 %% of disk sequential write (%s) | %.0f %% (%.0f of %.0f MB/s) | %s |%n",
					entry.getKey().toUpperCase(Locale.ROOT), 100 * share, median(r.uploadBps()) / 1e6,
					median(r.diskBps()) / 1e6, (share >= 0.9) ? "yes" : "**no**"));
		}
		LargeResult http = this.large.get("http");
		if (http != null) {
			double checked = median(http.downloadHashedBps());
			double plain = median(http.downloadPlainBps());
			md.append(String.format(Locale.ROOT,
					"| Download ≥ 1 GB/s over HTTP (client checks SHA-256) | %.2f GB/s | %s |%n", checked / 1e9,
					(checked >= 1e9) ? "yes" : "**no**"));
			md.append(String.format(Locale.ROOT,
					"| Download ≥ 1 GB/s over HTTP (client discards only) | %.2f GB/s | %s |%n", plain / 1e9,
					(plain >= 1e9) ? "yes" : "**no**"));
		}
		return md.toString();
	}

	private static String rate(List<Double> bps) {
		return String.format(Locale.ROOT, "%.0f (%.0f–%.0f)", median(bps) / 1e6,
				bps.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN) / 1e6,
				bps.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN) / 1e6);
	}

	private static String cores(Timed<?> timed) {
		return String.format(Locale.ROOT, "%.2f / %.2f", timed.serverCores(), timed.clientCores());
	}

	/**
	 * CPU time per GiB moved: less sensitive than MB/s to other load on the machine.
	 */
	private static String cpuPerGiB(Timed<?> timed, long size) {
		double gib = size / (double) (1L << 30);
		return String.format(Locale.ROOT, "%.2f / %.2f", timed.serverCores() * timed.seconds() / gib,
				timed.clientCores() * timed.seconds() / gib);
	}

	private static String threads(Timed<?> timed) {
		StringBuilder text = new StringBuilder();
		double seconds = timed.seconds();
		for (Map.Entry<String, Long> thread : timed.busiestServerThreads()) {
			double cores = thread.getValue() / 1e9 / seconds;
			if (cores >= 0.05) {
				text.append((text.length() > 0) ? ", " : "")
					.append(thread.getKey())
					.append(String.format(Locale.ROOT, " %.2f", cores));
			}
		}
		return text.toString();
	}

	static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	static String bytes(long bytes) {
		if (bytes % (1L << 30) == 0) {
			return (bytes >> 30) + " GiB";
		}
		if (bytes % (1L << 20) == 0) {
			return (bytes >> 20) + " MiB";
		}
		if (bytes % (1L << 10) == 0) {
			return (bytes >> 10) + " KiB";
		}
		return bytes + " B";
	}

	static void deleteRecursively(Path root) {
		try {
			if (!Files.exists(root)) {
				return;
			}
			Files.walkFileTree(root, new SimpleFileVisitor<>() {
				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
					Files.delete(file);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path dir, IOException ex) throws IOException {
					Files.delete(dir);
					return FileVisitResult.CONTINUE;
				}
			});
			try (var logs = Files.newDirectoryStream(root.getParent(), root.getFileName() + "-*.log")) {
				for (Path log : logs) {
					Files.deleteIfExists(log);
				}
			}
		}
		catch (IOException ex) {
			System.err.println("Could not delete " + root + ": " + ex.getMessage());
		}
	}

}
