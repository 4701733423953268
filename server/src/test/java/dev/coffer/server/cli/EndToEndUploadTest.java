package dev.coffer.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import dev.coffer.cli.CofferCli;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.config.ClientConfig;
import dev.coffer.cli.e2e.FileKey;
import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code coffer put --e2e} against the real server: the content is encrypted while it is
 * sent (no temporary file), a file of any size comes back as it went up, standard input
 * goes up chunked, and a file that changes size on the way is a clear failure that stores
 * nothing.
 */
class EndToEndUploadTest {

	static final String PASSWORD = "correct horse battery staple";

	/**
	 * Plaintext bytes in the first 1 MiB segment: 1 MiB less the 40-byte header and a
	 * tag.
	 */
	static final int FIRST_SEGMENT = 1024 * 1024 - 40 - 16;

	/** Plaintext bytes in each later segment: 1 MiB less its tag. */
	static final int SEGMENT = 1024 * 1024 - 16;

	static TestServer server;

	static String fingerprint;

	@TempDir
	static Path home;

	static Coffer alice;

	static Path passphrase;

	@BeforeAll
	static void start() throws Exception {
		server = TestServer.start();
		server.client().signUp("alice", PASSWORD);
		server.client().signUp("bob", PASSWORD);
		fingerprint = server.certificateFingerprint();
		// The configuration directory as XDG_CONFIG_HOME/coffer, for a client in a JVM of
		// its own too.
		alice = new Coffer(home.resolve("xdg").resolve("coffer"));
		Coffer.Result login = alice.stdin(token())
			.run("login", server.baseUrl(), "--token-stdin", "--fingerprint", fingerprint);
		assertThat(login.exitCode()).as(login.toString()).isZero();
		passphrase = home.resolve("passphrase");
		Files.writeString(passphrase, "alice's long passphrase\n");
		Coffer.Result init = alice.run("keys", "init", "--passphrase-file", passphrase.toString());
		assertThat(init.exitCode()).as(init.toString()).isZero();
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void put_endToEnd_ofEverySizeAroundTheSegments_comesBackAsItWent() throws Exception {
		for (int size : new int[] { 0, 1, FIRST_SEGMENT - 1, FIRST_SEGMENT, FIRST_SEGMENT + 1,
				FIRST_SEGMENT + SEGMENT - 1, FIRST_SEGMENT + SEGMENT, FIRST_SEGMENT + SEGMENT + 1,
				5 * 1024 * 1024 + 3 }) {
			byte[] plaintext = content(size);
			String name = "sized-" + size + ".bin";
			Path source = home.resolve(name);
			Files.write(source, plaintext);

			Coffer.Result put = alice.run("put", source.toString(), "--e2e", "--json");
			assertThat(put.exitCode()).as(put.toString()).isZero();
			JsonObject file = JsonParser.parseString(put.out()).getAsJsonArray().get(0).getAsJsonObject();
			assertThat(file.get("size").getAsLong()).as(name).isEqualTo(FileKey.ciphertextSize(size));
			assertThat(file.get("endToEnd").getAsBoolean()).isTrue();

			assertThat(got(name)).as(name).isEqualTo(plaintext);
		}
	}

	@Test
	void put_endToEnd_ofStandardInput_goesUpChunked_andComesBackAsItWent() throws Exception {
		byte[] plaintext = content(2 * 1024 * 1024 + 5);
		Coffer.Result put = alice.stdin(plaintext).run("put", "-", "--name", "piped.bin", "--e2e", "--json");
		assertThat(put.exitCode()).as(put.toString()).isZero();
		JsonObject file = JsonParser.parseString(put.out()).getAsJsonArray().get(0).getAsJsonObject();
		assertThat(file.get("size").getAsLong()).isEqualTo(FileKey.ciphertextSize(plaintext.length));
		assertThat(got("piped.bin")).isEqualTo(plaintext);
	}

	@Test
	void put_endToEnd_ofANamedPipe_goesUpAsStandardInputDoes() throws Exception {
		Path fifo = home.resolve("pipe");
		Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
		assertThat(mkfifo.waitFor()).isZero();
		byte[] plaintext = content(FIRST_SEGMENT + 77);
		Thread writer = Thread.ofPlatform().start(() -> {
			try {
				Files.write(fifo, plaintext);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		Coffer.Result put = alice.run("put", fifo.toString(), "--name", "from-a-pipe.bin", "--e2e");
		writer.join();
		assertThat(put.exitCode()).as(put.toString()).isZero();
		assertThat(got("from-a-pipe.bin")).isEqualTo(plaintext);
	}

	/**
	 * With and without --e2e: the plain one-request upload checks before its last byte.
	 */
	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void aFileThatGrowsWhileItIsSent_failsClearly_andStoresNothing(boolean endToEnd) throws Exception {
		Path source = home.resolve("growing.log");
		Files.write(source, content(endToEnd ? 24 * 1024 * 1024 : 4 * 1024 * 1024));
		AtomicBoolean done = new AtomicBoolean();
		Thread writer = Thread.ofPlatform().start(() -> {
			try (OutputStream out = Files.newOutputStream(source, StandardOpenOption.APPEND)) {
				while (!done.get()) {
					out.write('x');
					Thread.sleep(1);
				}
			}
			catch (IOException | InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		Coffer.Result put;
		try {
			Thread.sleep(20);
			put = endToEnd ? alice.run("put", source.toString(), "--e2e") : alice.run("put", source.toString());
		}
		finally {
			done.set(true);
			writer.join();
		}
		Coffer.Result ls = alice.run("ls");
		assertThat(ls.exitCode()).as(ls.toString()).isZero();
		assertThat(ls.out()).doesNotContain("growing.log");
		assertThat(put.exitCode()).as(put.toString()).isEqualTo(ExitCodes.LOCAL_FILE);
		assertThat(put.err())
			.contains(endToEnd ? "growing.log changed size while it was encrypted and sent"
					: "growing.log changed size while it was sent")
			.contains("nothing was stored")
			.doesNotContain("\tat ");
	}

	/**
	 * In a JVM of its own whose temporary directory does not exist (so that no temporary
	 * file can be made, whoever runs the test), with a heap smaller than the file: the
	 * upload needs neither a temporary file nor the file in memory.
	 */
	@Test
	void put_endToEnd_needsNoTemporaryFile_andHoldsLittleInMemory() throws Exception {
		Path tmp = home.resolve("no-temporary-directory");
		byte[] plaintext = content(64 * 1024 * 1024 + 11);
		Path source = home.resolve("large.bin");
		Files.write(source, plaintext);

		Client put = client(tmp, "put", source.toString(), "--e2e");
		assertThat(put.exitCode()).as(put.err()).isZero();
		assertThat(put.err()).contains("Encrypted large.bin end to end").doesNotContain("OutOfMemoryError");
		assertThat(tmp).doesNotExist();
		assertThat(got("large.bin")).isEqualTo(plaintext);
	}

	private static byte[] got(String name) throws IOException {
		Path target = home.resolve("got-" + name);
		Coffer.Result get = alice.run("get", name, "-o", target.toString(), "--passphrase-file", passphrase.toString());
		assertThat(get.exitCode()).as(get.toString()).isZero();
		byte[] bytes = Files.readAllBytes(target);
		Files.delete(target);
		return bytes;
	}

	/** What the client in its own JVM did. */
	record Client(int exitCode, String err) {
	}

	/** Runs the client in a JVM of its own at {@code -Xmx32m}, with its own temp dir. */
	private static Client client(Path tmp, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
				"-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), CofferCli.class.getName()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command)
			.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
			.redirectOutput(ProcessBuilder.Redirect.DISCARD);
		builder.environment().put("XDG_CONFIG_HOME", home.resolve("xdg").toString());
		builder.environment().put("TMPDIR", tmp.toString());
		Process process = builder.start();
		CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
			try (InputStream in = process.getErrorStream()) {
				return new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				return "";
			}
		});
		if (!process.waitFor(5, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new AssertionError("coffer " + String.join(" ", args) + " did not finish in 5 minutes");
		}
		return new Client(process.exitValue(), err.join());
	}

	@Test
	void getRecursive_decryptsEndToEndEncryptedFiles_andWithE2e_refusesAPlainOneAlone() throws Exception {
		Path secrets = Files.createDirectories(home.resolve("secrets"));
		byte[] large = content(FIRST_SEGMENT + SEGMENT + 7);
		Files.write(secrets.resolve("large.bin"), large);
		Files.writeString(Files.createDirectories(secrets.resolve("inner")).resolve("note.txt"), "note");
		Coffer.Result put = alice.run("put", secrets.toString(), "--e2e");
		assertThat(put.exitCode()).as(put.toString()).isZero();
		assertThat(alice.stdin("plain").run("put", "-", "--name", "secrets/inner/plain.txt").exitCode()).isZero();

		Path target = home.resolve("secrets-back");
		Coffer.Result get = alice.run("get", "-r", "secrets", "-o", target.toString(), "--passphrase-file",
				passphrase.toString());
		assertThat(get.exitCode()).as(get.toString()).isZero();
		assertThat(Files.readAllBytes(target.resolve("large.bin"))).isEqualTo(large);
		assertThat(Files.readString(target.resolve("inner/note.txt"))).isEqualTo("note");
		assertThat(Files.readString(target.resolve("inner/plain.txt"))).isEqualTo("plain");

		// --e2e: the plain file is refused, the others still come.
		Path strict = home.resolve("secrets-strict");
		Coffer.Result e2e = alice.run("get", "-r", "secrets", "--e2e", "-o", strict.toString(), "--passphrase-file",
				passphrase.toString());
		assertThat(e2e.exitCode()).as(e2e.toString()).isEqualTo(ExitCodes.CORRUPT_DOWNLOAD);
		assertThat(e2e.err()).contains("coffer: secrets/inner/plain.txt: plain.txt is not end-to-end encrypted");
		assertThat(Files.readAllBytes(strict.resolve("large.bin"))).isEqualTo(large);
		assertThat(strict.resolve("inner").toFile().list()).containsExactly("note.txt");

		// A wrong passphrase fails every file: the command stops at the first.
		Path wrong = Files.writeString(home.resolve("wrong-passphrase"), "not it\n");
		Coffer.Result stopped = alice.run("get", "-r", "secrets", "-o", home.resolve("secrets-wrong").toString(),
				"--passphrase-file", wrong.toString());
		assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(ExitCodes.FAILED);
		assertThat(stopped.err()).containsOnlyOnce("Cannot open your private key");
	}

	@Test
	void put_endToEnd_withoutAKeyPair_orWithADamagedOne_failsBeforeMakingAnyFolder() throws Exception {
		Coffer bob = new Coffer(home.resolve("bob"));
		Coffer.Result login = bob.stdin(Coffer.accountPageToken(server, "bob", PASSWORD, "no keys"))
			.run("login", server.baseUrl(), "--token-stdin", "--fingerprint", fingerprint);
		assertThat(login.exitCode()).as(login.toString()).isZero();
		Path source = Files.writeString(home.resolve("bobs-secret.txt"), "secret");
		Path directory = Files.createDirectories(home.resolve("bobs-dir"));
		Files.writeString(directory.resolve("a.txt"), "a");
		Files.writeString(Files.createDirectories(directory.resolve("sub")).resolve("b.txt"), "b");

		Coffer.Result put = bob.run("put", source.toString(), "--e2e", "--name", "new/dir/secret.txt");
		assertThat(put.exitCode()).as(put.toString()).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(put.err()).contains("You have no key pair for end-to-end encryption on this computer");
		// A directory stops at its first file, not once per file.
		Coffer.Result putDirectory = bob.run("put", directory.toString(), "--e2e");
		assertThat(putDirectory.exitCode()).as(putDirectory.toString()).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(putDirectory.err()).containsOnlyOnce("no key pair");
		assertThat(bob.run("ls").out()).as("no folder made").isEmpty();

		Path keyFile = new ClientConfig(bob.configDir()).privateKeyFile(URI.create(server.baseUrl() + "/"));
		Files.createDirectories(keyFile.getParent());
		Files.writeString(keyFile, "not a key file");
		Coffer.Result damaged = bob.run("put", source.toString(), "--e2e", "--name", "new/dir/secret.txt");
		assertThat(damaged.exitCode()).as(damaged.toString()).isEqualTo(ExitCodes.LOCAL_FILE);
		assertThat(damaged.err()).contains("is damaged");
		assertThat(bob.run("ls").out()).as("no folder made").isEmpty();
	}

	private static byte[] content(int size) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		return bytes;
	}

	private static String token() {
		return Coffer.accountPageToken(server, "alice", PASSWORD, "e2e upload test");
	}

}
