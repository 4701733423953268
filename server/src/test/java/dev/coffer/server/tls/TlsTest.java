package dev.coffer.server.tls;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HTTPS by default: a generated certificate kept owner-only, modern TLS only. */
class TlsTest {

	static TestServer server;

	@BeforeAll
	static void start() {
		server = TestServer.start();
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void generatedCertificateAndKey_areOwnerOnly() throws IOException {
		Path tls = server.dataDir().resolve("tls");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.dataDir())))
			.isEqualTo("rwx------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls))).isEqualTo("rwx------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("certificate.pem"))))
			.isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("private-key.pem"))))
			.isEqualTo("rw-------");
		assertThat(PosixFilePermissions
			.toString(Files.getPosixFilePermissions(server.dataDir().resolve("db").resolve("password"))))
			.isEqualTo("rw-------");
	}

	@Test
	void generatedCertificate_coversLocalhost_andIsKeptAcrossRestarts() throws Exception {
		String before = PemCertificates.sha256Fingerprint(PemCertificates.read(server.certificateFile()));
		assertThat(PemCertificates.read(server.certificateFile()).getSubjectAlternativeNames())
			.anySatisfy((name) -> assertThat(name.get(1)).isEqualTo("localhost"));
		server.stop();
		server.startAgain();
		String after = PemCertificates.sha256Fingerprint(PemCertificates.read(server.certificateFile()));
		assertThat(after).isEqualTo(before).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
	}

	@Test
	void tls12And13_areAccepted() throws Exception {
		assertThat(handshake("TLSv1.3")).isEqualTo("TLSv1.3");
		assertThat(handshake("TLSv1.2")).isEqualTo("TLSv1.2");
	}

	/**
	 * The JDK's own client refuses TLS 1.1, so this speaks it by hand: a TLS 1.1
	 * ClientHello must get an alert (or a closed connection), never a ServerHello.
	 */
	@Test
	void tls11_isRefused() throws IOException {
		try (Socket socket = new Socket("localhost", server.port())) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(LegacyClientHello.tls11());
			socket.getOutputStream().flush();
			int contentType = socket.getInputStream().read();
			assertThat(contentType).as("TLS record type of the answer (22 = handshake, 21 = alert, -1 = closed)")
				.isIn(21, -1);
		}
	}

	@Test
	void handMadeHello_asTls12_getsAServerHello() throws IOException {
		try (Socket socket = new Socket("localhost", server.port())) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(LegacyClientHello.tls12());
			socket.getOutputStream().flush();
			assertThat(socket.getInputStream().read()).isEqualTo(22);
		}
	}

	@Test
	void weakCipherSuites_areRefused() {
		assertThatThrownBy(() -> handshake("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
				"TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"))
			.isInstanceOf(SSLHandshakeException.class);
	}

	@Test
	void plainHttpPort_redirectsToHttps() throws Exception {
		int httpPort = freePort();
		int httpsPort = freePort();
		try (TestServer redirecting = TestServer.start("coffer.tls.http-redirect-port=" + httpPort,
				"server.port=" + httpsPort)) {
			HttpResponse<Void> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/account?tab=1")).build(),
						HttpResponse.BodyHandlers.discarding());
			assertThat(response.statusCode()).isEqualTo(301);
			assertThat(response.headers().firstValue("Location"))
				.hasValue("https://localhost:" + httpsPort + "/account?tab=1");
		}
	}

	@Test
	void configuredPemCertificate_replacesTheGeneratedOne() throws Exception {
		Path dir = Files.createTempDirectory("coffer-own-cert");
		Path certificate = dir.resolve("own.pem");
		Path key = dir.resolve("own-key.pem");
		SelfSignedCertificate.ensure(certificate, key);
		String expected = PemCertificates.sha256Fingerprint(PemCertificates.read(certificate));
		try (TestServer own = TestServer.start("coffer.tls.certificate=" + certificate,
				"coffer.tls.private-key=" + key)) {
			SSLContext trustAll = SSLContext.getInstance("TLS");
			trustAll.init(null, new javax.net.ssl.TrustManager[] { new RecordingTrustManager() }, null);
			try (SSLSocket socket = (SSLSocket) trustAll.getSocketFactory().createSocket("localhost", own.port())) {
				socket.startHandshake();
				var served = (java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0];
				assertThat(PemCertificates.sha256Fingerprint(served)).isEqualTo(expected);
			}
			assertThat(own.dataDir().resolve("tls/certificate.pem")).doesNotExist();
		}
	}

	private static String handshake(String protocol, String... cipherSuites) throws Exception {
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, new javax.net.ssl.TrustManager[] { new RecordingTrustManager() }, null);
		try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", server.port())) {
			SSLParameters parameters = socket.getSSLParameters();
			parameters.setProtocols(new String[] { protocol });
			if (cipherSuites.length > 0) {
				parameters.setCipherSuites(cipherSuites);
			}
			socket.setSSLParameters(parameters);
			socket.startHandshake();
			return socket.getSession().getProtocol();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** Accepts any certificate: these tests look at the handshake, not at trust. */
	static final class RecordingTrustManager implements javax.net.ssl.X509TrustManager {

		@Override
		public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
		}

		@Override
		public java.security.cert.X509Certificate[] getAcceptedIssuers() {
			return new java.security.cert.X509Certificate[0];
		}

	}

}
