package dev.coffer.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The peer mode ({@code --peer}): Coffer next to the simplest encrypting file server, on
 * the same machine in the same run, for issue #17's "≥ 5× on upload and ≥ 10× on download
 * for a 100 MB file". The peer ({@code in-memory-peer.py}, a Flask app) does what the
 * issue says its "seed 004" does: reads the whole upload into memory, encrypts it there
 * with AES-256-GCM and writes it; a download reads, decrypts and sends the whole file.
 * curl is the client of both (plain HTTP: the peer has no TLS), uploads and downloads
 * alternating between the two servers, after a warm-up ({@code --transfer-warmup} of
 * Coffer transfers, one of the peer's); a download from each is compared by SHA-256 once
 * at the end.
 */
final class InMemoryPeerBench {

	/** The size: 100 MB. */
	static final long SIZE = 100_000_000L;

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	private static final String SCRIPT = "in-memory-peer.py";

	private final BenchOptions options;

	private final Path serverJar;

	private final PrintStream log;

	InMemoryPeerBench(BenchOptions options, Path serverJar, PrintStream log) {
		this.options = options;
		this.serverJar = serverJar;
		this.log = log;
	}

	/** MB/s of each run, per server and direction. */
	private record Speeds(List<Double> upload, List<Double> download) {

		Speeds() {
			this(new ArrayList<>(), new ArrayList<>());
		}

	}

	String run() throws Exception {
		Path curlBinary = Curl.find().orElseThrow(() -> new IOException("--peer needs curl (Debian: curl)"));
		Path python = findPython().orElseThrow(() -> new IOException(
				"--peer needs python3 with Flask and cryptography (Debian: python3-flask python3-cryptography)"));
		Path work = Files.createTempDirectory(this.options.workDir, "coffer-peer-");
		try {
			String loadAtStart = Machine.loadAverage();
			Machine machine = Machine.describe(work);
			Path content = work.resolve("content.bin");
			try (OutputStream out = Files.newOutputStream(content)) {
				new GeneratedContent(SIZE, 4).writeTo(out);
			}
			String sha256 = sha256(content);
			Curl curl = new Curl(curlBinary, work);
			Path dataDir = Files.createDirectories(work.resolve("coffer-data"));
			String token = CofferBench.createUserAndToken(this.serverJar, dataDir, List.of(), this.log);
			Path headers = work.resolve("headers");
			Files.writeString(headers, "Authorization: Bearer " + token + "\nContent-Type: application/octet-stream\n",
					StandardCharsets.UTF_8);
			Speeds coffer = new Speeds();
			Speeds peer = new Speeds();
			try (ServerProcess server = ServerProcess.start(this.serverJar, dataDir, false, this.options.serverJvmArgs,
					work.resolve("server.log"), CofferBench.START_TIMEOUT);
					Peer peerServer = Peer.start(python, work)) {
				String cofferBase = "http://" + ServerProcess.LOOPBACK + ":" + server.endpoint().port();
				String upload = cofferBase + "/api/v1/files?name=peer-bench.bin";
				String peerUrl = "http://" + ServerProcess.LOOPBACK + ":" + peerServer.port() + "/files/peer-bench.bin";
				// Coffer's JIT compiles the cipher's intrinsics only after a few hundred
				// MB:
				// it gets --transfer-warmup of transfers (at least one); the peer, whose
				// cipher is OpenSSL's, one.
				this.log.printf("Warming up: Coffer for %d s, the peer once...%n",
						this.options.transferWarmup.toSeconds());
				long warm = System.nanoTime() + this.options.transferWarmup.toNanos();
				String id;
				do {
					id = cofferRun(curl, upload, content, headers, cofferBase, sha256, new Speeds());
				}
				while (System.nanoTime() < warm);
				peerRun(curl, peerUrl, content, new Speeds());
				for (int run = 0; run < this.options.repeat; run++) {
					// Alternate who goes first, so that neither always follows the other.
					if (run % 2 == 0) {
						id = cofferRun(curl, upload, content, headers, cofferBase, sha256, coffer);
						peerRun(curl, peerUrl, content, peer);
					}
					else {
						peerRun(curl, peerUrl, content, peer);
						id = cofferRun(curl, upload, content, headers, cofferBase, sha256, coffer);
					}
					this.log.printf("run %d: Coffer up %.0f / down %.0f MB/s, peer up %.0f / down %.0f MB/s%n", run + 1,
							coffer.upload().getLast(), coffer.download().getLast(), peer.upload().getLast(),
							peer.download().getLast());
				}
				checkDownload(curl, cofferBase + "/api/v1/files/" + id + "/content", headers, sha256, work, "Coffer");
				checkDownload(curl, peerUrl, null, sha256, work, "the peer");
			}
			return report(machine, loadAtStart, coffer, peer);
		}
		finally {
			if (!this.options.keep) {
				CofferBench.deleteRecursively(work);
			}
		}
	}

	/** Uploads (a new version after the first) and downloads through the REST API. */
	private String cofferRun(Curl curl, String upload, Path content, Path headers, String base, String sha256,
			Speeds speeds) throws IOException, InterruptedException {
		Curl.Result up = curl.transfer(upload, content, headers, null);
		if (!sha256.equals(CofferApi.jsonString(up.body(), "sha256"))) {
			throw new IOException("Coffer stored another SHA-256: " + up.body());
		}
		String id = CofferApi.jsonString(up.body(), "id");
		Curl.Result down = curl.transfer(base + "/api/v1/files/" + id + "/content", null, headers, null);
		speeds.upload().add(SIZE / up.seconds() / 1e6);
		speeds.download().add(SIZE / down.seconds() / 1e6);
		return id;
	}

	private void peerRun(Curl curl, String url, Path content, Speeds speeds) throws IOException, InterruptedException {
		Curl.Result up = curl.transfer(url, content, null, null);
		Curl.Result down = curl.transfer(url, null, null, null);
		speeds.upload().add(SIZE / up.seconds() / 1e6);
		speeds.download().add(SIZE / down.seconds() / 1e6);
	}

	/** Downloads into a file once and compares its SHA-256 with the content's. */
	private void checkDownload(Curl curl, String url, Path headers, String sha256, Path work, String who)
			throws IOException, InterruptedException {
		Path copy = work.resolve("check.bin");
		List<String> command = curl.command(url, null, headers, null, copy);
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(work.resolve("check.log").toFile())
			.start();
		if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IOException("Downloading from " + who + " to check it failed; see " + work.resolve("check.log"));
		}
		if (!sha256(copy).equals(sha256)) {
			throw new IOException(who + " sent back other bytes than were uploaded");
		}
		Files.delete(copy);
	}

	private String report(Machine machine, String loadAtStart, Speeds coffer, Speeds peer) {
		StringBuilder md = new StringBuilder();
		md.append("## Coffer next to an in-memory encrypting server (--peer)\n\n");
		md.append("The peer (`bench/src/main/resources/").append(SCRIPT).append("`, Flask on Python ");
		md.append("with `cryptography`) reads each upload whole into memory, encrypts it with AES-256-GCM and ");
		md.append("writes it (no fsync); a download reads, decrypts and sends the whole file. Coffer: the REST API, ");
		md.append("streaming, encrypted, fsynced, audited. curl as the client of both, plain HTTP, ")
			.append(CofferBench.bytes(SIZE))
			.append(", after a warm-up (Coffer: ")
			.append(this.options.transferWarmup.toSeconds())
			.append(" s of transfers; the peer: one), alternating; both downloads checked by SHA-256.\n\n");
		md.append(machine.underLoad(loadAtStart))
			.append(" Median of ")
			.append(this.options.repeat)
			.append(" runs (min–max), MB/s.\n\n");
		md.append("| | Coffer | in-memory peer | Coffer ÷ peer | target (issue #17) |\n|---|---|---|---|---|\n");
		row(md, "Upload", coffer.upload(), peer.upload(), 5);
		row(md, "Download", coffer.download(), peer.download(), 10);
		return md.toString();
	}

	private static void row(StringBuilder md, String label, List<Double> coffer, List<Double> peer, double target) {
		double ratio = median(coffer) / median(peer);
		md.append("| ")
			.append(label)
			.append(" | ")
			.append(summary(coffer))
			.append(" | ")
			.append(summary(peer))
			.append(" | ")
			.append(String.format("%.2f×", ratio))
			.append(" | ≥ ")
			.append(String.format("%.0f×", target))
			.append((ratio >= target) ? ": met" : ": **not met**")
			.append(" |\n");
	}

	private static double median(List<Double> values) {
		return values.stream().sorted().toList().get(values.size() / 2);
	}

	private static String summary(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		return String.format("%.0f (%.0f–%.0f)", median(values), sorted.getFirst(), sorted.getLast());
	}

	private static String sha256(Path file) throws IOException {
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
			in.transferTo(OutputStream.nullOutputStream());
			return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The first python3 on the PATH that has Flask and cryptography. */
	private static Optional<Path> findPython() throws IOException, InterruptedException {
		for (String directory : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
			Path python = Path.of(directory.isEmpty() ? "." : directory, "python3");
			if (Files.isExecutable(python)) {
				Process check = new ProcessBuilder(python.toString(), "-c",
						"import flask, cryptography.hazmat.primitives.ciphers.aead")
					.redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.start();
				if (check.waitFor(1, TimeUnit.MINUTES) && check.exitValue() == 0) {
					return Optional.of(python);
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * The peer's process, on a free loopback port, its files in a directory of its own.
	 */
	private record Peer(Process process, int port) implements AutoCloseable {

		static Peer start(Path python, Path work) throws IOException, InterruptedException {
			Path script = work.resolve(SCRIPT);
			try (InputStream in = InMemoryPeerBench.class.getResourceAsStream("/" + SCRIPT)) {
				if (in == null) {
					throw new IOException(SCRIPT + " is missing from the benchmark jar");
				}
				Files.copy(in, script);
			}
			Path root = Files.createDirectories(work.resolve("peer-files"));
			int port = ServerProcess.freePort();
			Process process = new ProcessBuilder(python.toString(), script.toString(), root.toString(),
					Integer.toString(port))
				.redirectErrorStream(true)
				.redirectOutput(work.resolve("peer.log").toFile())
				.start();
			Peer peer = new Peer(process, port);
			long deadline = System.nanoTime() + TIMEOUT.toNanos();
			while (!peer.answers()) {
				if (!process.isAlive() || System.nanoTime() > deadline) {
					peer.close();
					throw new IOException("The peer did not start; see " + work.resolve("peer.log"));
				}
				Thread.sleep(100);
			}
			return peer;
		}

		private boolean answers() {
			try (HttpConnection connection = new HttpConnection(
					new HttpConnection.Endpoint(ServerProcess.LOOPBACK, this.port, null, null))) {
				return connection.send("GET", "/health", List.of(), -1, null).status() == 200;
			}
			catch (IOException ex) {
				return false;
			}
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}

	}

}
