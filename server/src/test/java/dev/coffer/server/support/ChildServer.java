package dev.coffer.server.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real server as a separate process, started the way an operator starts it
 * ({@code java -jar coffer-server.jar --coffer.data-dir=...}) on this test run's
 * classpath, on a free HTTPS port, with its output in a log file. It can be killed
 * outright ({@code SIGKILL}: no shutdown hook, no flush, no graceful anything) or stopped
 * as a service manager stops it ({@code SIGTERM}).
 */
public final class ChildServer implements AutoCloseable {

	/**
	 * What {@code Process.exitValue()} reports on Linux for a process ended by SIGKILL.
	 */
	public static final int KILLED_BY_SIGKILL = 128 + 9;

	private final Process process;

	private final Path dataDir;

	private final Path log;

	private final int port;

	private HttpClient http;

	private ChildServer(Process process, Path dataDir, Path log, int port) {
		this.process = process;
		this.dataDir = dataDir;
		this.log = log;
		this.port = port;
	}

	/**
	 * Starts the server on {@code dataDir} and waits until {@code /actuator/health} says
	 * it is up.
	 * @param log where the process's standard output and error go
	 * @param settings extra {@code --key=value} arguments
	 */
	public static ChildServer start(Path dataDir, Path log, Duration timeout, String... settings)
			throws IOException, InterruptedException {
		return start(dataDir, log, timeout, List.of(), settings);
	}

	/**
	 * Like {@link #start(Path, Path, Duration, String...)}, with JVM options (such as a
	 * smaller {@code -Xmx}) after the defaults, so they win.
	 */
	public static ChildServer start(Path dataDir, Path log, Duration timeout, List<String> jvmOptions,
			String... settings) throws IOException, InterruptedException {
		for (int attempt = 1;; attempt++) {
			try {
				return startOnFreePort(dataDir, log, timeout, jvmOptions, settings);
			}
			catch (IllegalStateException ex) {
				// Another process may take the free port between our check and the
				// server's bind.
				if (attempt == 3 || !String.valueOf(ex.getMessage()).contains("already in use")) {
					throw ex;
				}
			}
		}
	}

	private static ChildServer startOnFreePort(Path dataDir, Path log, Duration timeout, List<String> jvmOptions,
			String... settings) throws IOException, InterruptedException {
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.add("-Xmx512m");
		// C1 only: the server starts in about half the time, which counts when a test
		// starts it again and again. Behaviour is the same.
		command.add("-XX:TieredStopAtLevel=1");
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add("dev.coffer.server.CofferApplication");
		command.add("--coffer.data-dir=" + dataDir);
		command.add("--server.port=" + port);
		command.add("--coffer.tls.http-redirect-port=-1");
		command.addAll(List.of(settings));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
			.start();
		ChildServer server = new ChildServer(process, dataDir, log, port);
		try {
			server.awaitHealthy(timeout);
			return server;
		}
		catch (IOException | InterruptedException | RuntimeException | Error ex) {
			server.close();
			throw ex;
		}
	}

	public int port() {
		return this.port;
	}

	public String baseUrl() {
		return "https://localhost:" + this.port;
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** The process's output so far. */
	public String log() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(cannot read " + this.log + ": " + ex + ")";
		}
	}

	/** The last {@code lines} lines of the process's output. */
	public String logTail(int lines) {
		List<String> all = log().lines().toList();
		return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
	}

	/**
	 * A client over HTTP/1.1 (one connection per concurrent request) that trusts exactly
	 * this server's certificate.
	 */
	public synchronized HttpClient http() {
		if (this.http == null) {
			this.http = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.sslContext(WebClient.trusting(this.dataDir.resolve("tls/certificate.pem")))
				.followRedirects(HttpClient.Redirect.NEVER)
				.connectTimeout(Duration.ofSeconds(10))
				.build();
		}
		return this.http;
	}

	public HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(60));
	}

	/**
	 * Kills the process with SIGKILL and waits until it is gone. Requests in flight are
	 * left to fail (or to finish reading what the server sent before it died) on their
	 * own.
	 * @return its exit value ({@link #KILLED_BY_SIGKILL} on Linux)
	 */
	public int kill() throws InterruptedException {
		this.process.destroyForcibly();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("Server process " + pid() + " survived SIGKILL for 30 s");
		}
		return this.process.exitValue();
	}

	/**
	 * Stops the process with SIGTERM (graceful shutdown) and waits until it is gone.
	 * @return its exit value
	 */
	public int stop() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			this.process.waitFor(30, TimeUnit.SECONDS);
			throw new IllegalStateException("Server process " + pid() + " did not stop within 60 s of SIGTERM");
		}
		return this.process.exitValue();
	}

	/** Kills the process if it still runs. Never throws. */
	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
			try {
				this.process.waitFor(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		closeClient();
	}

	private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		Path certificate = this.dataDir.resolve("tls/certificate.pem");
		String last = "no answer yet";
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The server exited with " + this.process.exitValue()
						+ " before it was healthy:\n" + logTail(60));
			}
			if (Files.exists(certificate)) {
				try {
					HttpResponse<String> health = http().send(
							request("/actuator/health").timeout(Duration.ofSeconds(5)).GET().build(),
							HttpResponse.BodyHandlers.ofString());
					if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
						return;
					}
					last = health.statusCode() + " " + health.body();
				}
				catch (IOException | IllegalStateException ex) {
					// Not listening yet, or the certificate is still being written.
					last = ex.toString();
					if (ex instanceof IllegalStateException) {
						closeClient();
					}
				}
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException(
				"The server was not healthy within " + timeout + " (last: " + last + "):\n" + logTail(60));
	}

	private synchronized void closeClient() {
		if (this.http != null) {
			this.http.shutdownNow();
			this.http = null;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

}
