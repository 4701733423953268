package dev.coffer.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.springframework.util.unit.DataSize;

import dev.coffer.server.CofferProperties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * A real S3-protocol server for the tests: Adobe S3Mock's executable jar (copied into
 * {@code target/test-servers} by the build), started once per test JVM as a child process
 * on a free loopback port, with one bucket, and stopped when the JVM exits. Each test
 * isolates itself with its own key {@link #newPrefix() prefix}.
 */
public final class S3Server {

	public static final String BUCKET = "coffer-test";

	public static final String ACCESS_KEY = "coffer-test-access";

	public static final String SECRET_KEY = "coffer-test-secret";

	private static final Path JAR = Path.of("target/test-servers/s3mock.jar");

	private static S3Server instance;

	private final Process process;

	private final URI endpoint;

	private S3Server(Process process, URI endpoint) {
		this.process = process;
		this.endpoint = endpoint;
	}

	/** The server, started on first use. */
	public static synchronized S3Server get() {
		if (instance == null) {
			instance = start();
			Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "s3-server-stop"));
		}
		return instance;
	}

	private static S3Server start() {
		if (!Files.isRegularFile(JAR)) {
			throw new IllegalStateException(JAR.toAbsolutePath()
					+ " is missing: run the tests through Maven, which copies S3Mock there (process-test-resources)");
		}
		try {
			int port = freePort();
			Path root = TemporaryDirectories.create("coffer-s3mock-");
			Path log = root.resolveSibling(root.getFileName() + ".log");
			List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
					"-XX:TieredStopAtLevel=1", "-jar", JAR.toAbsolutePath().toString(), "--server.port=0",
					"--server.address=127.0.0.1", "--http.port=" + port,
					"--com.adobe.testing.s3mock.store.root=" + root,
					"--com.adobe.testing.s3mock.store.initial-buckets=" + BUCKET, "--logging.level.root=warn");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			S3Server server = new S3Server(process, URI.create("http://127.0.0.1:" + port));
			server.awaitReady(log);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private void awaitReady(Path log) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
		try (S3Client client = client()) {
			while (true) {
				try {
					client.headBucket((request) -> request.bucket(BUCKET));
					return;
				}
				catch (RuntimeException ex) {
					if (!this.process.isAlive() || Instant.now().isAfter(deadline)) {
						stop();
						throw new IllegalStateException("S3Mock did not start; see " + log, ex);
					}
				}
				Thread.sleep(250);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			stop();
			throw new IllegalStateException("Interrupted while starting S3Mock", ex);
		}
	}

	private void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	public URI endpoint() {
		return this.endpoint;
	}

	/** A key prefix no other test uses. */
	public static String newPrefix() {
		return "t-" + UUID.randomUUID() + "/";
	}

	/** A client for inspecting and tampering with what the store wrote. */
	public S3Client client(ExecutionInterceptor... interceptors) {
		S3ClientBuilder builder = S3Client.builder()
			.endpointOverride(this.endpoint)
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
			.httpClientBuilder(Apache5HttpClient.builder())
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
		builder.overrideConfiguration((config) -> config.executionInterceptors(List.of(interceptors)));
		return builder.build();
	}

	/** Settings for {@code coffer.storage.s3}, as a server under test would bind them. */
	public CofferProperties.Storage.S3 settings(String prefix, String partSize) {
		return new CofferProperties.Storage.S3(this.endpoint, "us-east-1", BUCKET, prefix, true, ACCESS_KEY, SECRET_KEY,
				DataSize.parse(partSize));
	}

	/** The server properties that put a {@link TestServer}'s blobs in this bucket. */
	public String[] serverProperties(String prefix, String partSize) {
		return new String[] { "coffer.storage.type=s3", "coffer.storage.s3.endpoint=" + this.endpoint,
				"coffer.storage.s3.bucket=" + BUCKET, "coffer.storage.s3.prefix=" + prefix,
				"coffer.storage.s3.path-style-access=true", "coffer.storage.s3.access-key=" + ACCESS_KEY,
				"coffer.storage.s3.secret-key=" + SECRET_KEY, "coffer.storage.s3.part-size=" + partSize };
	}

}
