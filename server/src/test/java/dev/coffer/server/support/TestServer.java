package dev.coffer.server.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.cli.http.Fingerprints;
import dev.coffer.server.CofferApplication;

/**
 * The real application, started in this JVM on a random HTTPS port with its own data
 * directory, exactly as {@code java -jar coffer-server.jar} would start it (same
 * environment post-processing, self-signed certificate, H2 file database, Flyway). Stop
 * and start it again on the same data directory to test what survives a restart.
 */
public final class TestServer implements AutoCloseable {

	private final Path dataDir;

	private final List<String> properties;

	private final Class<?>[] extraConfiguration;

	private ConfigurableApplicationContext context;

	private TestServer(Path dataDir, List<String> properties, Class<?>[] extraConfiguration) {
		this.dataDir = dataDir;
		this.properties = properties;
		this.extraConfiguration = extraConfiguration;
	}

	/**
	 * Starts a server on a fresh data directory. {@code properties} are
	 * {@code key=value}.
	 */
	public static TestServer start(String... properties) {
		return startWith(new Class<?>[0], properties);
	}

	/**
	 * Like {@link #start}, with extra (test-only) configuration classes in the context.
	 */
	public static TestServer startWith(Class<?>[] extraConfiguration, String... properties) {
		Path dataDir = TemporaryDirectories.create("coffer-test-").resolve("data");
		TestServer server = new TestServer(dataDir, List.of(properties), extraConfiguration);
		server.startAgain();
		return server;
	}

	/**
	 * Like {@link #start}, on a data directory of the caller's (one on a small file
	 * system, say).
	 */
	public static TestServer startIn(Path dataDir, String... properties) {
		TestServer server = new TestServer(dataDir, List.of(properties), new Class<?>[0]);
		server.startAgain();
		return server;
	}

	/** Starts (again) on the same data directory, on a free port. */
	public TestServer startAgain() {
		return startAgainOnPort(0);
	}

	/**
	 * Starts again on the same data directory and on {@code port}: the port it had before
	 * {@link #stop()}, so that clients that were talking to it (a browser page with an
	 * upload in flight) find it where they left it.
	 */
	public TestServer startAgainOnPort(int port) {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("coffer.data-dir", this.dataDir.toString());
		settings.put("server.port", Integer.toString(port));
		settings.put("coffer.tls.http-redirect-port", "-1");
		settings.put("logging.level.root", "warn");
		// Test classes sign many accounts up from 127.0.0.1; the per-address sign-up
		// limit
		// (10 an hour by default) is tested where it is set explicitly.
		settings.put("coffer.throttle.sign-ups-per-hour", "10000");
		for (String property : this.properties) {
			int equals = property.indexOf('=');
			settings.put(property.substring(0, equals), property.substring(equals + 1));
		}
		List<String> args = new ArrayList<>();
		settings.forEach((key, value) -> args.add("--" + key + "=" + value));
		Class<?>[] sources = new Class<?>[this.extraConfiguration.length + 1];
		sources[0] = CofferApplication.class;
		System.arraycopy(this.extraConfiguration, 0, sources, 1, this.extraConfiguration.length);
		this.context = new SpringApplicationBuilder(sources).run(args.toArray(String[]::new));
		return this;
	}

	public void stop() {
		if (this.context != null) {
			this.context.close();
			this.context = null;
		}
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	public String baseUrl() {
		return "https://localhost:" + port();
	}

	public Path dataDir() {
		return this.dataDir;
	}

	public Path certificateFile() {
		return this.dataDir.resolve("tls/certificate.pem");
	}

	/**
	 * The SHA-256 fingerprint of the server's certificate, as the client shows it and
	 * takes it in {@code --fingerprint}.
	 */
	public String certificateFingerprint() {
		try (InputStream pem = Files.newInputStream(certificateFile())) {
			return Fingerprints.of((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(pem));
		}
		catch (IOException | CertificateException ex) {
			throw new IllegalStateException("Cannot read " + certificateFile(), ex);
		}
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/** Publishes an application event, as a feature of the server would. */
	public void publishEvent(Object event) {
		this.context.publishEvent(event);
	}

	/**
	 * Waits until the audit sealer (every 500 ms) has chained everything recorded so far:
	 * events are recorded at once and sealed after, so a test that reads hashes or
	 * verifies the chain waits first.
	 */
	public void awaitAuditSealed() {
		JdbcClient jdbc = bean(JdbcClient.class);
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (jdbc.sql("select count(*) from audit_events where seq is null").query(Long.class).single() > 0) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("The audit log was not sealed within 120 s");
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("Interrupted while waiting for the audit sealer", ex);
			}
		}
	}

	/**
	 * A new browser-like client (own cookie jar) that trusts this server's certificate.
	 */
	public WebClient client() {
		return new WebClient(this);
	}

	/**
	 * A new client signed in as a new account {@code username}: signed up, then signed in
	 * explicitly (whether or not signing up already did).
	 */
	public WebClient signedUp(String username, String password) {
		WebClient client = client();
		client.signUp(username, password);
		client.login(username, password);
		return client;
	}

	@Override
	public void close() {
		stop();
	}

}
