package dev.coffer.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The cluster mode ({@code --cluster N}, {@code --nodes 1,2}): N Coffer nodes over HTTPS
 * on one PostgreSQL database and one S3 bucket ({@link ClusterServices}), with the same
 * master key ring and certificate (copied from the first node's data directory before the
 * others start, as docs/OPERATIONS.md "Cluster" has it). There is no load balancer: the
 * load test's clients are spread over the nodes round-robin ({@link LoadTest#forClient}),
 * which is what a round-robin balancer without stickiness would do, minus its cost. Node
 * counts are run in ascending order on the same nodes: the 2-node run adds a node to the
 * running first one.
 */
final class ClusterBench {

	private final BenchOptions options;

	private final Path serverJar;

	private final PrintStream log;

	private final List<ServerProcess> nodes = new ArrayList<>();

	private final List<Path> nodeDirs = new ArrayList<>();

	private ClusterServices services;

	private String token;

	private final Map<Integer, LargeResult> large = new LinkedHashMap<>();

	private final Map<Integer, LoadResult> load = new LinkedHashMap<>();

	ClusterBench(BenchOptions options, Path serverJar, PrintStream log) {
		this.options = options;
		this.serverJar = serverJar;
		this.log = log;
	}

	/** Runs every node count and returns the Markdown report. */
	String run() throws Exception {
		Path base = Files.createTempDirectory(this.options.workDir, "coffer-bench-cluster-");
		Machine machine = Machine.describe(base);
		String loadAtStart = Machine.loadAverage();
		this.log.printf("Machine: %d CPUs, %s, %s, load average %s%n", machine.cpus(), machine.cpuModel(),
				machine.jdk(), loadAtStart);
		try {
			this.services = ClusterServices.start(this.options, this.log);
			Path first = nodeDir(base, 0);
			this.token = CofferBench.createUserAndToken(this.serverJar, first, this.services.settings(), this.log);
			for (int count : new TreeSet<>(this.options.nodes)) {
				while (this.nodes.size() < count) {
					startNode(base, this.nodes.size());
				}
				this.log.printf("=== %d node(s) ===%n", count);
				List<ServerProcess> running = List.copyOf(this.nodes.subList(0, count));
				CofferApi api = new CofferApi(this.token);
				for (ServerProcess node : running) {
					warmUp(api, node);
				}
				if (!this.options.skipLarge) {
					this.large.put(count, runLarge(api, running));
				}
				if (!this.options.skipLoad) {
					this.load.put(count, runLoad(api, running));
				}
				for (ServerProcess node : running) {
					if (!node.isAlive()) {
						throw new IOException("A node died; its log:\n" + ServerProcess.tail(node.log(), 40));
					}
				}
			}
		}
		finally {
			this.nodes.forEach(ServerProcess::close);
			if (this.services != null) {
				this.services.close();
			}
			if (!this.options.keep) {
				CofferBench.deleteRecursively(base);
			}
			else {
				this.log.println("Kept the nodes' data directories and logs: " + base);
			}
		}
		return report(machine, loadAtStart, Machine.loadAverage());
	}

	private Path nodeDir(Path base, int index) throws IOException {
		while (this.nodeDirs.size() <= index) {
			this.nodeDirs.add(Files.createDirectory(base.resolve("node-" + (this.nodeDirs.size() + 1)),
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
		}
		return this.nodeDirs.get(index);
	}

	private void startNode(Path base, int index) throws IOException, InterruptedException {
		Path dir = nodeDir(base, index);
		if (index > 0) {
			// The first node's master key ring and certificate; in production both come
			// from the operator's secret store.
			Path from = this.nodeDirs.get(0);
			for (String file : List.of("keys/master.json", "tls/certificate.pem", "tls/private-key.pem")) {
				Path target = dir.resolve(file);
				Files.createDirectories(target.getParent(),
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
				Files.copy(from.resolve(file), target, StandardCopyOption.COPY_ATTRIBUTES,
						StandardCopyOption.REPLACE_EXISTING);
			}
		}
		Path logFile = base.resolve("node-" + (index + 1) + ".log");
		this.log.printf("Starting node %d (HTTPS, JVM options %s), log %s ...%n", index + 1, this.options.serverJvmArgs,
				logFile);
		ServerProcess node = ServerProcess.start(this.serverJar, dir, true, this.options.serverJvmArgs,
				this.services.settings(), logFile, CofferBench.START_TIMEOUT);
		this.nodes.add(node);
		this.log.printf("Node %d pid %d is up at %s%n", index + 1, node.pid(), node.endpoint());
	}

	private void warmUp(CofferApi api, ServerProcess node) throws IOException {
		this.log.printf("Warming up node pid %d (64 MiB uploads and downloads for %d s)...%n", node.pid(),
				this.options.transferWarmup.toSeconds());
		GeneratedContent content = new GeneratedContent(64L << 20, 7);
		long end = System.nanoTime() + this.options.transferWarmup.toNanos();
		int i = 0;
		try (HttpConnection connection = new HttpConnection(node.endpoint())) {
			do {
				CofferApi.Uploaded uploaded = api.upload(connection, "warm-up-" + i++, content.length(),
						content::writeTo);
				api.download(connection, uploaded.id(), true);
				api.delete(connection, uploaded.id());
			}
			while (System.nanoTime() < end);
		}
	}

	// ---------------------------------------------------------------- CPU

	/** Cores busy over a timed section, per part of the set-up. */
	record Cpu(double seconds, double nodes, double s3, double postgres, double client) {

		String cells() {
			return String.format(Locale.ROOT, "%.2f / %s / %s / %.2f", this.nodes, orNa(this.s3), orNa(this.postgres),
					this.client);
		}

		/**
		 * CPU seconds per unit of work ({@code units} done in {@link #seconds}), times
		 * {@code scale}: less sensitive than the rates to other load on the machine.
		 */
		String costCells(double units, double scale) {
			double factor = this.seconds / units * scale;
			return String.format(Locale.ROOT, "%.2f / %s / %s / %.2f", this.nodes * factor, orNa(this.s3 * factor),
					orNa(this.postgres * factor), this.client * factor);
		}

		private static String orNa(double cores) {
			return Double.isNaN(cores) ? "n/a" : String.format(Locale.ROOT, "%.2f", cores);
		}

	}

	/** Snapshot of the CPU time of every part; {@link #since} gives the cores busy. */
	private final class CpuSnapshot {

		private final long time = System.nanoTime();

		private final long nodes;

		private final long s3;

		private final long postgres;

		private final long client;

		private final List<ServerProcess> running;

		CpuSnapshot(List<ServerProcess> running) {
			this.running = running;
			this.nodes = running.stream().mapToLong((node) -> ProcFs.treeCpuNanos(node.pid())).sum();
			this.s3 = (ClusterBench.this.services.s3Pid() > 0) ? ProcFs.treeCpuNanos(ClusterBench.this.services.s3Pid())
					: -1;
			this.postgres = (ClusterBench.this.services.postgresPid() > 0)
					? ProcFs.treeCpuNanos(ClusterBench.this.services.postgresPid()) : -1;
			// Its own time only: the processes above are its children.
			long own;
			try {
				own = ProcFs.cpuNanos(ProcessHandle.current().pid());
			}
			catch (IOException ex) {
				own = 0;
			}
			this.client = own;
		}

		Cpu since(CpuSnapshot before) {
			double elapsed = this.time - before.time;
			return new Cpu(elapsed / 1e9, (this.nodes - before.nodes) / elapsed,
					(this.s3 < 0) ? Double.NaN : (this.s3 - before.s3) / elapsed,
					(this.postgres < 0) ? Double.NaN : (this.postgres - before.postgres) / elapsed,
					(this.client - before.client) / elapsed);
		}

		CpuSnapshot now() {
			return new CpuSnapshot(this.running);
		}

	}

	// ---------------------------------------------------------------- large

	record LargeResult(long size, List<Double> uploadBps, List<Double> downloadBps, Cpu lastUpload, Cpu lastDownload) {
	}

	/**
	 * Uploads through the first node and downloads (SHA-256 checked) through the last, so
	 * with two nodes every download reads what the other node wrote.
	 */
	private LargeResult runLarge(CofferApi api, List<ServerProcess> running) throws IOException {
		long size = this.options.largeSize;
		GeneratedContent content = new GeneratedContent(size, size);
		this.log.printf("Computing the SHA-256 of the %s test content...%n", CofferBench.bytes(size));
		String expected = content.sha256();
		List<Double> up = new ArrayList<>();
		List<Double> down = new ArrayList<>();
		Cpu upCpu = null;
		Cpu downCpu = null;
		try (HttpConnection toFirst = new HttpConnection(running.getFirst().endpoint());
				HttpConnection toLast = new HttpConnection(running.getLast().endpoint())) {
			for (int run = 1; run <= this.options.repeat; run++) {
				CpuSnapshot before = new CpuSnapshot(running);
				CofferApi.Uploaded uploaded = api.upload(toFirst, "large-" + size, size, content::writeTo);
				CpuSnapshot afterUpload = before.now();
				if (uploaded.size() != size || !expected.equals(uploaded.sha256())) {
					throw new IOException("The cluster stored " + uploaded.size() + " bytes with SHA-256 "
							+ uploaded.sha256() + ", expected " + size + " bytes with " + expected);
				}
				CofferApi.Downloaded downloaded = api.download(toLast, uploaded.id(), true);
				CpuSnapshot afterDownload = afterUpload.now();
				if (downloaded.bytes() != size || !expected.equals(downloaded.sha256())) {
					throw new IOException("Downloaded " + downloaded.bytes() + " bytes with SHA-256 "
							+ downloaded.sha256() + ", expected " + expected);
				}
				double upSeconds = (afterUpload.time - before.time) / 1e9;
				double downSeconds = (afterDownload.time - afterUpload.time) / 1e9;
				up.add(size / upSeconds);
				down.add(size / downSeconds);
				upCpu = afterUpload.since(before);
				downCpu = afterDownload.since(afterUpload);
				api.delete(toFirst, uploaded.id());
				this.log.printf(
						"[%d node(s) %d/%d] upload %.0f MB/s (cores nodes/S3/PostgreSQL/client %s), download %.0f MB/s (%s)%n",
						running.size(), run, this.options.repeat, size / upSeconds / 1e6, upCpu.cells(),
						size / downSeconds / 1e6, downCpu.cells());
			}
		}
		return new LargeResult(size, up, down, upCpu, downCpu);
	}

	// ---------------------------------------------------------------- load

	record LoadResult(LoadTest.Result upload, Cpu uploadCpu, LoadTest.Result download, Cpu downloadCpu) {
	}

	private LoadResult runLoad(CofferApi api, List<ServerProcess> running) throws Exception {
		int clients = this.options.clients;
		long smallSize = this.options.smallSize;
		byte[] small = new byte[(int) smallSize];
		new SecureRandom().nextBytes(small);
		HttpConnection.BodySource body = (out) -> out.write(small);
		List<HttpConnection.Endpoint> endpoints = running.stream().map(ServerProcess::endpoint).toList();
		this.log.printf("Load: %d clients over %d node(s) uploading %s files, %s warm-up + %s...%n", clients,
				running.size(), CofferBench.bytes(smallSize), this.options.warmup, this.options.duration);
		CpuSnapshot before = new CpuSnapshot(running);
		LoadTest.Result upload = LoadTest.run(endpoints, clients, this.options.warmup, this.options.duration,
				(connection, client, sequence) -> api.upload(connection,
						"small-" + running.size() + "-" + client + "-" + sequence, smallSize, body));
		Cpu uploadCpu = before.now().since(before);
		logLoad("upload", upload, uploadCpu);
		// Each client's file is uploaded through the first node; with two nodes, half of
		// the clients read theirs through the other.
		String[] ids = new String[clients];
		try (HttpConnection connection = new HttpConnection(endpoints.getFirst())) {
			for (int c = 0; c < clients; c++) {
				ids[c] = api.upload(connection, "download-" + running.size() + "-" + c, smallSize, body).id();
			}
		}
		this.log.printf("Load: %d clients over %d node(s) downloading %s files, %s warm-up + %s...%n", clients,
				running.size(), CofferBench.bytes(smallSize), this.options.warmup, this.options.duration);
		before = new CpuSnapshot(running);
		LoadTest.Result download = LoadTest.run(endpoints, clients, this.options.warmup, this.options.duration,
				(connection, client, sequence) -> {
					CofferApi.Downloaded downloaded = api.download(connection, ids[client], false);
					if (downloaded.bytes() != smallSize) {
						throw new IOException("Downloaded " + downloaded.bytes() + " bytes");
					}
				});
		Cpu downloadCpu = before.now().since(before);
		logLoad("download", download, downloadCpu);
		return new LoadResult(upload, uploadCpu, download, downloadCpu);
	}

	private void logLoad(String what, LoadTest.Result result, Cpu cpu) {
		this.log.printf(
				"Load %s: %.0f requests/s, p50 %.1f ms, p99 %.1f ms, %d errors, %d connections%s; cores nodes/S3/PostgreSQL/client %s%n",
				what, result.requestsPerSecond(), result.percentileMillis(50), result.percentileMillis(99),
				result.errors(), result.connects(),
				(result.firstError() != null) ? " (first error: " + result.firstError() + ")" : "", cpu.cells());
	}

	// ---------------------------------------------------------------- report

	private String report(Machine m, String loadAtStart, String loadAtEnd) {
		StringBuilder md = new StringBuilder();
		md.append("### Machine and set-up\n\n");
		md.append("| | |\n|---|---|\n");
		md.append("| CPUs (nproc) | ").append(m.cpus()).append(" |\n");
		md.append("| CPU model | ").append(m.cpuModel()).append(" (").append(m.cpuFlags()).append(") |\n");
		md.append("| Memory | ").append(m.memoryMiB() / 1024).append(" GiB |\n");
		md.append("| JDK (client, nodes, S3Mock) | ").append(m.jdk()).append(" |\n");
		md.append("| OS | ").append(m.os()).append(" |\n");
		md.append("| Work directory file system | ").append(m.fileSystem()).append(" |\n");
		md.append("| Date | ").append(m.date()).append(" |\n");
		md.append("| Load average at start / end | ")
			.append(loadAtStart)
			.append(" / ")
			.append(loadAtEnd)
			.append(" |\n");
		md.append("| Shared services | ").append(this.services.description()).append(" |\n");
		md.append("| Nodes | HTTPS, same master key ring and certificate, JVM options ")
			.append(this.options.serverJvmArgs.isEmpty() ? "none" : String.join(" ", this.options.serverJvmArgs))
			.append("; no load balancer: client i talks to node i mod N |\n\n");
		md.append("MB/s are decimal; sizes binary. CPU cores busy = CPU time / wall time of each part "
				+ "(nodes added up; PostgreSQL with its backends; the client is the benchmark itself).\n\n");

		List<Integer> counts = new ArrayList<>(new TreeSet<>(this.options.nodes));
		if (!this.large.isEmpty()) {
			LargeResult first = this.large.values().iterator().next();
			md.append("### Large transfers (")
				.append(CofferBench.bytes(first.size()))
				.append(", upload through node 1, download through node N; median of ")
				.append(this.options.repeat)
				.append(", min–max)\n\n");
			header(md, counts);
			largeRow(md, "**Upload** (MB/s)", counts, (r) -> rate(r.uploadBps()));
			largeRow(md, "**Download**, SHA-256 checked by the client (MB/s)", counts, (r) -> rate(r.downloadBps()));
			largeRow(md, "CPU cores busy during upload: nodes / S3 / PostgreSQL / client", counts,
					(r) -> r.lastUpload().cells());
			largeRow(md, "CPU cores busy during download: nodes / S3 / PostgreSQL / client", counts,
					(r) -> r.lastDownload().cells());
			largeRow(md, "CPU seconds per GiB uploaded: nodes / S3 / PostgreSQL / client", counts,
					(r) -> r.lastUpload().costCells(r.size() / (double) (1L << 30), 1));
			largeRow(md, "CPU seconds per GiB downloaded: nodes / S3 / PostgreSQL / client", counts,
					(r) -> r.lastDownload().costCells(r.size() / (double) (1L << 30), 1));
			md.append('\n');
		}
		if (!this.load.isEmpty()) {
			md.append("### Small requests (")
				.append(CofferBench.bytes(this.options.smallSize))
				.append(", ")
				.append(this.options.clients)
				.append(" concurrent clients spread round-robin over the nodes, ")
				.append(this.options.duration.toSeconds())
				.append(" s after ")
				.append(this.options.warmup.toSeconds())
				.append(" s warm-up)\n\n");
			header(md, counts);
			loadRows(md, "upload", counts, LoadResult::upload, LoadResult::uploadCpu);
			loadRows(md, "download", counts, LoadResult::download, LoadResult::downloadCpu);
			md.append('\n');
		}
		return md.toString();
	}

	private static void header(StringBuilder md, List<Integer> counts) {
		md.append("| |");
		counts.forEach((n) -> md.append(' ').append(n).append((n == 1) ? " node |" : " nodes |"));
		md.append("\n|---|").append("---|".repeat(counts.size())).append('\n');
	}

	private void largeRow(StringBuilder md, String label, List<Integer> counts, Function<LargeResult, String> cell) {
		md.append("| ").append(label).append(" |");
		counts.forEach((n) -> md.append(' ')
			.append(this.large.containsKey(n) ? cell.apply(this.large.get(n)) : "")
			.append(" |"));
		md.append('\n');
	}

	private void loadRows(StringBuilder md, String what, List<Integer> counts,
			Function<LoadResult, LoadTest.Result> pick, Function<LoadResult, Cpu> cpu) {
		md.append("| **").append(what).append("** requests/s |");
		counts.forEach((n) -> md
			.append(String.format(Locale.ROOT, " %.0f |", pick.apply(this.load.get(n)).requestsPerSecond())));
		md.append("\n| ").append(what).append(" latency p50 / p99 (ms) |");
		counts.forEach((n) -> {
			LoadTest.Result r = pick.apply(this.load.get(n));
			md.append(String.format(Locale.ROOT, " %.1f / %.1f |", r.percentileMillis(50), r.percentileMillis(99)));
		});
		md.append("\n| ").append(what).append(" requests measured / errors / connections opened |");
		counts.forEach((n) -> {
			LoadTest.Result r = pick.apply(this.load.get(n));
			md.append(String.format(Locale.ROOT, " %d / %d / %d |", r.requests(), r.errors(), r.connects()));
		});
		md.append("\n| ").append(what).append(": CPU cores busy, nodes / S3 / PostgreSQL / client |");
		counts.forEach((n) -> md.append(' ').append(cpu.apply(this.load.get(n)).cells()).append(" |"));
		// The CPU was measured over warm-up and measured window together, at the same
		// load: the measured rate stands for both.
		md.append("\n| ").append(what).append(": CPU milliseconds per request, nodes / S3 / PostgreSQL / client |");
		counts.forEach((n) -> {
			Cpu used = cpu.apply(this.load.get(n));
			double requests = pick.apply(this.load.get(n)).requestsPerSecond() * used.seconds();
			md.append(' ').append((requests > 0) ? used.costCells(requests, 1000) : "n/a").append(" |");
		});
		md.append('\n');
	}

	private static String rate(List<Double> bps) {
		return String.format(Locale.ROOT, "%.0f (%.0f–%.0f)", CofferBench.median(bps) / 1e6,
				bps.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN) / 1e6,
				bps.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN) / 1e6);
	}

}
