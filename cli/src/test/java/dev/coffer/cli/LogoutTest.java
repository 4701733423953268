package dev.coffer.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import dev.coffer.cli.config.ClientConfig;
import dev.coffer.cli.http.Fingerprints;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code coffer logout} says which of its two steps happened: revoking the token on the
 * server, forgetting it here. A TLS server on a free port answers the revocation as it is
 * told to.
 */
@Timeout(60)
class LogoutTest {

	/** The test server's port: a free one, taken by the server or left closed. */
	private int port;

	@TempDir
	Path home;

	private final StringWriter err = new StringWriter();

	private HttpsServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	@Test
	void aTokenTheServerRevokes_isForgotten_sayingItWasRevokedThere() throws Exception {
		start(204, "");
		assertThat(run("logout")).isZero();
		assertThat(this.err.toString()).isEqualTo("Signed out of " + server()
				+ ": the token was revoked on the server and removed from this computer." + System.lineSeparator());
		assertThat(config().token(server())).isEmpty();
	}

	@Test
	void aTokenTheServerRefusesAlready_isForgotten_sayingOnlyThat() throws Exception {
		start(401, "{\"detail\":\"The token was revoked.\"}");
		assertThat(run("logout")).isZero();
		assertThat(this.err.toString()).isEqualTo("Signed out of " + server()
				+ ": the server no longer accepted the token (revoked or expired), so it was only removed from this "
				+ "computer." + System.lineSeparator());
		assertThat(config().token(server())).isEmpty();
	}

	@Test
	void aServerThatCannotBeReached_keepsTheToken_sayingYouAreStillSignedIn() throws IOException {
		try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			this.port = free.getLocalPort(); // closed again before the client tries it
		}
		signIn(null);
		assertThat(run("logout")).isEqualTo(ExitCodes.UNREACHABLE);
		assertThat(this.err.toString()).startsWith("coffer: Cannot connect to 127.0.0.1:" + this.port)
			.contains("Still signed in: the token was not revoked and is kept on this computer; run coffer logout "
					+ "again");
		assertThat(config().token(server())).hasValue("coffer_pat_test");
	}

	private URI server() {
		return URI.create("https://127.0.0.1:" + this.port + "/");
	}

	private int run(String... args) {
		CommandLine cli = CofferCli.commandLine(new ClientContext(this.home.resolve("config"),
				new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), Optional.empty()));
		cli.setOut(new PrintWriter(new StringWriter(), true));
		cli.setErr(new PrintWriter(this.err, true));
		return cli.execute(args);
	}

	private ClientConfig config() {
		return new ClientConfig(this.home.resolve("config"));
	}

	private void signIn(String fingerprint) {
		config().saveToken(server(), "coffer_pat_test");
		config().setDefaultServer(server());
		if (fingerprint != null) {
			config().pin("127.0.0.1:" + this.port, fingerprint);
		}
	}

	/** Answers DELETE /api/v1/me/token with {@code status} and {@code body}. */
	private void start(int status, String body) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		KeyPair pair = generator.generateKeyPair();
		X500Name name = new X500Name("CN=localhost");
		Instant now = Instant.now();
		X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
				new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now.minus(Duration.ofHours(1))),
						Date.from(now.plus(Duration.ofDays(1))), name, pair.getPublic())
					.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
		KeyStore keys = KeyStore.getInstance("PKCS12");
		keys.load(null, null);
		keys.setKeyEntry("server", pair.getPrivate(), new char[0], new Certificate[] { certificate });
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(keys, new char[0]);
		SSLContext tls = SSLContext.getInstance("TLS");
		tls.init(keyManagers.getKeyManagers(), null, null);
		this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.port = this.server.getAddress().getPort();
		this.server.setHttpsConfigurator(new HttpsConfigurator(tls));
		this.server.createContext("/api/v1/me/token", (exchange) -> {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			boolean revocation = exchange.getRequestMethod().equals("DELETE");
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(revocation ? status : 405, (bytes.length == 0) ? -1 : bytes.length);
			if (bytes.length > 0) {
				exchange.getResponseBody().write(bytes);
			}
			exchange.close();
		});
		this.server.start();
		signIn(Fingerprints.of(certificate));
	}

}
