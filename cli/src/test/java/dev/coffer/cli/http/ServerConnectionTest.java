package dev.coffer.cli.http;

import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.CountDownLatch;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a failed connection is reported as. A server socket that is never accepted from
 * stands in for a stopped server: its kernel completes the TCP connection, and nothing
 * ever answers the TLS handshake. A TLS server that reads the request and never answers
 * stands in for one that is stuck (on its database, say) after the handshake.
 */
@Timeout(60)
class ServerConnectionTest {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(2);

	@Test
	void aServerThatAcceptsTheConnectionButNeverAnswers_isExit8_sayingSo() throws Exception {
		try (ServerSocket stopped = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			ServerConnection connection = connectionTo(stopped.getLocalPort());

			assertThatThrownBy(() -> connection.json(connection.request("/api/v1/me").build()))
				.isInstanceOf(CofferException.class)
				.hasMessage(connection.server() + " accepted the connection but did not answer within 1 s: "
						+ "is it overloaded or stopped?")
				.satisfies((ex) -> assertThat(((CofferException) ex).exitCode()).isEqualTo(ExitCodes.UNREACHABLE));
		}
	}

	@Test
	void aTransferToAServerThatAcceptsTheConnectionButNeverAnswers_isExit8_sayingSo() throws Exception {
		try (ServerSocket stopped = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			ServerConnection connection = connectionTo(stopped.getLocalPort());

			assertThatThrownBy(() -> connection.stream(connection.request("/api/v1/files/x/content").build()))
				.isInstanceOf(CofferException.class)
				.hasMessage(connection.server() + " accepted the connection but did not answer within 1 s: "
						+ "is it overloaded or stopped?")
				.satisfies((ex) -> assertThat(((CofferException) ex).exitCode()).isEqualTo(ExitCodes.UNREACHABLE));
		}
	}

	@Test
	void anApiCallThatTheServerTakesButNeverAnswers_isExit8_afterTheAnswerTimeout() throws Exception {
		try (SilentTlsServer stuck = new SilentTlsServer()) {
			ServerConnection connection = new ServerConnection(URI.create("https://127.0.0.1:" + stuck.port() + "/"),
					stuck.fingerprint(), null, CONNECT_TIMEOUT, ANSWER_TIMEOUT);

			long started = System.nanoTime();
			assertThatThrownBy(() -> connection.json(connection.request("/api/v1/me").build()))
				.isInstanceOf(CofferException.class)
				.hasMessageStartingWith(
						connection.server() + " did not answer within 2 s: is it overloaded or stopped?")
				.satisfies((ex) -> assertThat(((CofferException) ex).exitCode()).isEqualTo(ExitCodes.UNREACHABLE));
			assertThat(stuck.requestRead.getCount()).as("the request reached the server").isZero();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(ANSWER_TIMEOUT);
		}
	}

	@Test
	void aRequestStreamedFromASourceOfUnknownLength_hasNoAnswerTimeout() throws Exception {
		try (SilentTlsServer stuck = new SilentTlsServer()) {
			ServerConnection connection = new ServerConnection(URI.create("https://127.0.0.1:" + stuck.port() + "/"),
					stuck.fingerprint(), null, CONNECT_TIMEOUT, ANSWER_TIMEOUT);
			HttpRequest upload = connection.request("/api/v1/files?name=x")
				.PUT(HttpRequest.BodyPublishers.ofInputStream(() -> InputStream.nullInputStream()))
				.build();

			Thread sender = Thread.ofPlatform().start(() -> {
				try {
					connection.json(upload);
				}
				catch (CofferException ex) {
					// the server's socket closed at the end of the test
				}
			});
			sender.join(ANSWER_TIMEOUT.multipliedBy(2));
			assertThat(sender.isAlive()).as("still waiting for the answer after twice the answer timeout").isTrue();
			stuck.close();
			sender.join(Duration.ofSeconds(10));
			assertThat(sender.isAlive()).isFalse();
		}
	}

	@Test
	void aPortNothingListensOn_cannotBeConnectedTo() throws Exception {
		int port;
		try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = closed.getLocalPort();
		}
		ServerConnection connection = connectionTo(port);

		assertThatThrownBy(() -> connection.json(connection.request("/api/v1/me").build()))
			.isInstanceOf(CofferException.class)
			.hasMessageStartingWith("Cannot connect to 127.0.0.1:" + port + ": is the server running");
	}

	private static ServerConnection connectionTo(int port) {
		return new ServerConnection(URI.create("https://127.0.0.1:" + port + "/"), null, null, CONNECT_TIMEOUT,
				ANSWER_TIMEOUT);
	}

	/**
	 * Completes the TLS handshake with a self-signed certificate, reads what the client
	 * sends, and never answers.
	 */
	private static final class SilentTlsServer implements AutoCloseable {

		final CountDownLatch requestRead = new CountDownLatch(1);

		private final SSLServerSocket socket;

		private final X509Certificate certificate;

		private volatile Socket accepted;

		SilentTlsServer() throws Exception {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			KeyPair pair = generator.generateKeyPair();
			X500Name name = new X500Name("CN=localhost");
			Instant now = Instant.now();
			this.certificate = new JcaX509CertificateConverter().getCertificate(
					new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now.minus(Duration.ofHours(1))),
							Date.from(now.plus(Duration.ofDays(1))), name, pair.getPublic())
						.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
			KeyStore keys = KeyStore.getInstance("PKCS12");
			keys.load(null, null);
			keys.setKeyEntry("server", pair.getPrivate(), new char[0], new Certificate[] { this.certificate });
			KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keyManagers.init(keys, new char[0]);
			SSLContext tls = SSLContext.getInstance("TLS");
			tls.init(keyManagers.getKeyManagers(), null, null);
			this.socket = (SSLServerSocket) tls.getServerSocketFactory()
				.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread.ofPlatform().daemon().start(this::acceptAndSayNothing);
		}

		int port() {
			return this.socket.getLocalPort();
		}

		String fingerprint() {
			return Fingerprints.of(this.certificate);
		}

		private void acceptAndSayNothing() {
			try (Socket client = this.socket.accept()) {
				this.accepted = client;
				InputStream in = client.getInputStream();
				if (in.read() != -1) {
					this.requestRead.countDown();
				}
				while (in.read() != -1) {
					// keep the connection open, answering nothing
				}
			}
			catch (Exception ex) {
				// closed at the end of the test
			}
		}

		@Override
		public void close() throws Exception {
			this.socket.close();
			Socket client = this.accepted;
			if (client != null) {
				client.close();
			}
		}

	}

}
