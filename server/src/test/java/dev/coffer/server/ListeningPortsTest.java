package dev.coffer.server;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.ChildJvm;
import dev.coffer.server.support.ChildServer;
import dev.coffer.server.support.TemporaryDirectories;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server process, started as an operator starts it, listens on no network address but
 * its configured HTTPS port: the embedded database's auto-server port (which lets
 * operator commands in while the server runs) is bound to loopback only. Read from
 * {@code /proc}: the listening TCP sockets whose inodes the server process holds.
 */
class ListeningPortsTest {

	static final String PASSWORD = "correct horse battery staple";

	static Path dir;

	static ChildServer server;

	@BeforeAll
	static void start() throws Exception {
		dir = TemporaryDirectories.create("coffer-ports-");
		server = ChildServer.start(dataDir(), dir.resolve("server.log"), Duration.ofMinutes(3));
	}

	@AfterAll
	static void stop() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void server_listensOnNonLoopbackAddresses_onlyOnItsHttpsPort() throws Exception {
		List<Listener> listeners = listeners(server.pid());
		assertThat(listeners).as("the server's own listening sockets").isNotEmpty();
		assertThat(listeners.stream().filter((listener) -> !listener.address().isLoopbackAddress()))
			.as(listeners.toString())
			.extracting(Listener::port)
			.containsOnly(server.port());
		assertThat(listeners.stream().filter((listener) -> listener.address().isLoopbackAddress()))
			.as("the database's auto-server port, on loopback: " + listeners)
			.isNotEmpty();
	}

	@Test
	void operatorCommands_takeServerSettingsBeforeOrAfterTheCommand_whileTheServerRuns() throws Exception {
		// The child's -Dcoffer.data-dir points elsewhere: the command-line setting must
		// win.
		Path elsewhere = dir.resolve("not-this-one");
		ChildJvm.Result add = ChildJvm.run(elsewhere, PASSWORD + "\n", "--coffer.data-dir=" + dataDir(), "user", "add",
				"ports-admin", "--admin");
		assertThat(add.exitCode()).as(add.stderr()).isZero();
		assertThat(add.stdout()).contains("Created ports-admin (admin)");
		ChildJvm.Result list = ChildJvm.run(elsewhere, null, "user", "list", "--coffer.data-dir=" + dataDir());
		assertThat(list.exitCode()).as(list.stderr()).isZero();
		assertThat(list.stdout()).containsPattern("ports-admin\\s+admin\\s+enabled");
		assertThat(elsewhere).doesNotExist();
	}

	private static Path dataDir() {
		return dir.resolve("data");
	}

	/** A listening TCP socket of a process. */
	record Listener(InetAddress address, int port) {
	}

	static List<Listener> listeners(long pid) throws IOException {
		Set<String> inodes = new HashSet<>();
		try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
			for (Path fd : fds.toList()) {
				try {
					String target = Files.readSymbolicLink(fd).toString();
					if (target.startsWith("socket:[")) {
						inodes.add(target.substring(8, target.length() - 1));
					}
				}
				catch (IOException ex) {
					// closed meanwhile
				}
			}
		}
		List<Listener> listeners = new ArrayList<>();
		for (String table : List.of("tcp", "tcp6")) {
			List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/net/" + table));
			for (String line : lines.subList(1, lines.size())) {
				String[] columns = line.trim().split("\\s+");
				boolean listening = columns[3].equals("0A");
				if (listening && inodes.contains(columns[9])) {
					String[] local = columns[1].split(":");
					listeners.add(new Listener(address(local[0]), Integer.parseInt(local[1], 16)));
				}
			}
		}
		return listeners;
	}

	/**
	 * {@code /proc/net/tcp*} write addresses as 32-bit words in host (little-endian)
	 * order.
	 */
	private static InetAddress address(String hex) throws IOException {
		byte[] words = HexFormat.of().parseHex(hex);
		byte[] bytes = new byte[words.length];
		for (int word = 0; word < words.length; word += 4) {
			for (int i = 0; i < 4; i++) {
				bytes[word + i] = words[word + 3 - i];
			}
		}
		return InetAddress.getByAddress(bytes);
	}

}
