package dev.coffer.cli.http;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a failed connection is reported as. A server socket that is never accepted from
 * stands in for a stopped server: its kernel completes the TCP connection, and nothing
 * ever answers the TLS handshake.
 */
@Timeout(60)
class ServerConnectionTest {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

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
		return new ServerConnection(URI.create("https://127.0.0.1:" + port + "/"), null, null, CONNECT_TIMEOUT);
	}

}
