package dev.coffer.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The real server jar, started as a child process on a loopback address and a free port,
 * with its own data directory; stopped (SIGTERM, then SIGKILL after a grace period) by
 * {@link #close()}, which a shutdown hook also calls if the benchmark is interrupted.
 */
final class ServerProcess implements AutoCloseable {

	static final String LOOPBACK = "127.0.0.1";

	private static final Duration STOP_GRACE = Duration.ofSeconds(40);

	private final Process process;

	private final HttpConnection.Endpoint endpoint;

	private final Path log;

	private final Thread shutdownHook;

	private ServerProcess(Process process, HttpConnection.Endpoint endpoint, Path log) {
		this.process = process;
		this.endpoint = endpoint;
		this.log = log;
		this.shutdownHook = new Thread(this::stop, "stop-server-" + process.pid());
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/** The java executable running this benchmark: a JDK 21+, used for the server too. */
	static String currentJava() {
		return ProcessHandle.current()
			.info()
			.command()
			.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Starts the server and waits until {@code /actuator/health} answers UP.
	 * @param tls HTTPS with the generated certificate, or plain HTTP
	 * @param jvmArgs e.g. {@code -Xmx256m}
	 */
	static ServerProcess start(Path jar, Path dataDir, boolean tls, List<String> jvmArgs, Path log,
			Duration startTimeout) throws IOException, InterruptedException {
		return start(jar, dataDir, tls, jvmArgs, List.of(), log, startTimeout);
	}

	/**
	 * Starts the server with extra Spring properties ({@code key=value}), e.g. the
	 * database and the bucket of the cluster mode. They go in environment variables
	 * ({@link #environmentName}), not on the command line, which every local user can
	 * read in the process list: they include passwords.
	 */
	static ServerProcess start(Path jar, Path dataDir, boolean tls, List<String> jvmArgs, List<String> settings,
			Path log, Duration startTimeout) throws IOException, InterruptedException {
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add(currentJava());
		command.addAll(jvmArgs);
		command.add("-Dcoffer.data-dir=" + dataDir);
		command.add("-jar");
		command.add(jar.toString());
		command.add("--server.address=" + LOOPBACK);
		command.add("--server.port=" + port);
		command.add("--coffer.tls.http-redirect-port=-1");
		command.add("--coffer.tls.enabled=" + tls);
		// Thousands of small uploads and several GiB: the default 10 GB quota is not the
		// point here.
		command.add("--coffer.files.default-quota=1TB");
		ProcessBuilder builder = new ProcessBuilder(command);
		putSettings(builder, settings);
		Process process = builder.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
			.start();
		ServerProcess server = null;
		try {
			long deadline = System.nanoTime() + startTimeout.toNanos();
			HttpConnection.Endpoint endpoint = new HttpConnection.Endpoint(LOOPBACK, port, null, null);
			if (tls) {
				Path certificate = dataDir.resolve("tls").resolve("certificate.pem");
				while (!Files.exists(certificate) || Files.size(certificate) == 0) {
					checkAlive(process, log, deadline);
					Thread.sleep(100);
				}
				Thread.sleep(200); // let the writer finish the file
				endpoint = new HttpConnection.Endpoint(LOOPBACK, port, trusting(certificate).getSocketFactory(),
						"localhost");
			}
			server = new ServerProcess(process, endpoint, log);
			server.awaitHealthy(deadline);
			return server;
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			if (server != null) {
				server.close();
			}
			else {
				destroy(process);
			}
			throw ex;
		}
	}

	private void awaitHealthy(long deadline) throws IOException, InterruptedException {
		while (true) {
			checkAlive(this.process, this.log, deadline);
			try (HttpConnection connection = new HttpConnection(this.endpoint)) {
				HttpConnection.Response response = connection.send("GET", "/actuator/health", List.of(), -1, null);
				if (response.status() == 200 && response.bodyText().contains("\"UP\"")) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
	}

	private static void checkAlive(Process process, Path log, long deadline) throws IOException {
		if (!process.isAlive()) {
			throw new IOException(
					"The server exited with " + process.exitValue() + " while starting; its log:\n" + tail(log, 40));
		}
		if (System.nanoTime() > deadline) {
			throw new IOException("The server did not become healthy in time; its log:\n" + tail(log, 40));
		}
	}

	static String tail(Path file, int lines) {
		try {
			List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException | RuntimeException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	/** A TLS context that trusts exactly the server's certificate(s) in a PEM file. */
	static SSLContext trusting(Path pem) throws IOException {
		try (InputStream in = Files.newInputStream(pem)) {
			KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
			trust.load(null, null);
			int i = 0;
			for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
				trust.setCertificateEntry("coffer-" + i++, certificate);
			}
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IOException("Cannot trust " + pem + ": " + ex.getMessage(), ex);
		}
	}

	/** The result of an operator command. */
	record CommandResult(int exitCode, String stdout, String stderr) {

		/**
		 * The last line of standard output that matches {@code pattern}, or null. (The
		 * server's own log lines may go to standard output too.)
		 */
		String lastLineMatching(String pattern) {
			String found = null;
			for (String line : this.stdout.split("\n")) {
				if (line.strip().matches(pattern)) {
					found = line.strip();
				}
			}
			return found;
		}

	}

	/**
	 * Runs an operator command of the server jar ({@code user add ...},
	 * {@code token create ...}) against a data directory, with {@code stdin} as input.
	 */
	static CommandResult operatorCommand(Path jar, Path dataDir, String stdin, Duration timeout, String... args)
			throws IOException, InterruptedException {
		return operatorCommand(jar, dataDir, List.of(), stdin, timeout, args);
	}

	/**
	 * An operator command with extra Spring properties ({@code key=value}, in environment
	 * variables as for {@link #start}).
	 */
	static CommandResult operatorCommand(Path jar, Path dataDir, List<String> settings, String stdin, Duration timeout,
			String... args) throws IOException, InterruptedException {
		return operatorCommand(jar, dataDir, List.of(), settings, stdin, timeout, args);
	}

	/** An operator command with JVM options, e.g. a start-up cache. */
	static CommandResult operatorCommand(Path jar, Path dataDir, List<String> jvmArgs, List<String> settings,
			String stdin, Duration timeout, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(currentJava());
		command.addAll(jvmArgs);
		command.add("-Dcoffer.data-dir=" + dataDir);
		// The commands need no TLS, and with it on they want a certificate that only a
		// first server start generates.
		command.add("-Dcoffer.tls.enabled=false");
		command.add("-jar");
		command.add(jar.toString());
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command);
		putSettings(builder, settings);
		Process process = builder.start();
		try {
			CompletableFuture<String> out = drain(process.getInputStream());
			CompletableFuture<String> err = drain(process.getErrorStream());
			try (OutputStream in = process.getOutputStream()) {
				if (stdin != null) {
					in.write(stdin.getBytes(StandardCharsets.UTF_8));
				}
			}
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IOException("Operator command " + List.of(args) + " did not finish in " + timeout);
			}
			return new CommandResult(process.exitValue(), out.join(), err.join());
		}
		finally {
			destroy(process);
		}
	}

	private static void putSettings(ProcessBuilder builder, List<String> settings) {
		for (String setting : settings) {
			int equals = setting.indexOf('=');
			builder.environment().put(environmentName(setting.substring(0, equals)), setting.substring(equals + 1));
		}
	}

	/**
	 * The environment variable Spring Boot binds to a property:
	 * {@code coffer.storage.s3.secret-key} is {@code COFFER_STORAGE_S3_SECRETKEY}.
	 */
	static String environmentName(String property) {
		return property.replace("-", "").replace('.', '_').toUpperCase(java.util.Locale.ROOT);
	}

	private static CompletableFuture<String> drain(InputStream stream) {
		return CompletableFuture.supplyAsync(() -> {
			try (stream) {
				ByteArrayOutputStream bytes = new ByteArrayOutputStream();
				stream.transferTo(bytes);
				return bytes.toString(StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				return "";
			}
		});
	}

	HttpConnection.Endpoint endpoint() {
		return this.endpoint;
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	Path log() {
		return this.log;
	}

	private void stop() {
		destroy(this.process);
	}

	/** SIGTERM (graceful shutdown), then SIGKILL if it takes too long; children too. */
	private static void destroy(Process process) {
		List<ProcessHandle> children = process.descendants().toList();
		process.destroy();
		try {
			if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		children.forEach(ProcessHandle::destroyForcibly);
	}

	@Override
	public void close() {
		stop();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// already shutting down: the hook is running or ran
		}
	}

}
