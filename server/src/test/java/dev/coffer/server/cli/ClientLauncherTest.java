package dev.coffer.server.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.coffer.cli.ExitCodes;
import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code coffer} launcher the build puts next to the client's jar, run as a user runs
 * it: on Java 25 and newer it records the JDK's AOT cache in the background after a
 * sign-in, later commands start from it, a rebuilt or replaced jar is recorded again and
 * never run from the old cache, and none of it ever shows in a command's output or
 * changes its exit code.
 */
class ClientLauncherTest {

	static final String PASSWORD = "correct horse battery staple";

	/** Built by the cli module before the server's tests run (in the reactor). */
	static final Path LAUNCHER = Path.of("..", "cli", "target", "coffer").toAbsolutePath().normalize();

	static TestServer server;

	@TempDir
	Path home;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		server.client().signUp("alice", PASSWORD);
		server.client().signUp("bob", PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	/**
	 * The launcher and jar as a user installs them: copied to a directory of their own.
	 */
	Path bin;

	@BeforeEach
	void install() throws IOException {
		assertThat(LAUNCHER).as("the cli module's build leaves its launcher there").isRegularFile();
		this.bin = Files.createDirectories(this.home.resolve("bin"));
		Files.copy(LAUNCHER, this.bin.resolve("coffer"));
		Files.copy(LAUNCHER.resolveSibling("coffer-cli.jar"), this.bin.resolve("coffer-cli.jar"));
	}

	@Test
	void standardOutput_thatCannotBeWritten_failsAsAFileWould_aClosedReaderEndsItQuietly() throws Exception {
		// bob: the other test lists alice's files and expects none.
		Run login = launch(Coffer.accountPageToken(server, "bob", PASSWORD, "launcher"), "login", server.baseUrl(),
				"--token-stdin", "--fingerprint", server.certificateFingerprint());
		assertThat(login.exitCode()).as(login.err()).isZero();
		assertThat(this.home.resolve(".config/coffer/credentials.properties")).isRegularFile();
		assertThat(launch("some content", "put", "-", "--name", "small.txt").exitCode()).isZero();
		// A full disk: System.out would keep the error to itself and end with exit 0.
		Run full = launch(null, Map.of(), new File("/dev/full"), "get", "small.txt", "-o", "-");
		assertThat(full.exitCode()).as(full.err()).isEqualTo(ExitCodes.LOCAL_FILE);
		assertThat(full.err()).contains("Cannot write the download: No space left on device")
			.doesNotContain("Exception");
		Run written = launch(null, "get", "small.txt", "-o", "-");
		assertThat(written.exitCode()).as(written.err()).isZero();
		assertThat(written.out()).isEqualTo("some content");
		// A listing likewise: picocli's PrintWriter kept the error to itself, exit 0.
		Run listing = launch(null, Map.of(), new File("/dev/full"), "ls");
		assertThat(listing.exitCode()).as(listing.err()).isEqualTo(ExitCodes.LOCAL_FILE);
		assertThat(listing.err()).contains("Cannot write to standard output: No space left on device");
		// A reader that is gone before the output comes (| head -1 that has its line,
		// here | true) ends a listing or a download quietly, as SIGPIPE ends ls or cat.
		for (List<String> args : List.of(List.of("ls"), List.of("get", "small.txt", "-o", "-"))) {
			List<String> command = new ArrayList<>(
					List.of("sh", "-c", "(sh \"$0\" \"$@\"; echo \"coffer exited with $?\" >&2) | true",
							this.bin.resolve("coffer").toString()));
			command.addAll(args);
			Run piped = launchCommand(null, Map.of(), null, command);
			assertThat(piped.err()).as(String.join(" ", args))
				.isEqualTo("coffer exited with " + ExitCodes.BROKEN_PIPE + "\n");
		}
	}

	@Test
	void theLauncher_recordsAnAotCacheAfterSignIn_commandsStartFromIt_andTheirOutputStaysTheirs() throws Exception {
		Path cacheDir = this.home.resolve(".cache").resolve("coffer");

		Run notSignedIn = launch(null, "whoami");
		assertThat(notSignedIn.exitCode()).isEqualTo(3);
		assertThat(notSignedIn.out()).isEmpty();
		// Nothing to record from without a server: no try is made.
		assertThat(cacheDir).doesNotExist();

		Run login = launch(token(), "login", server.baseUrl(), "--token-stdin", "--fingerprint",
				server.certificateFingerprint());
		assertThat(login.exitCode()).as(login.err()).isZero();

		if (Runtime.version().feature() < 25) {
			// The launcher runs this JVM's java (JAVA_HOME below): no AOT cache before
			// 25.
			assertThat(launch(null, "whoami").out()).startsWith("alice (");
			assertThat(cacheDir).doesNotExist();
			return;
		}
		// The first command after the sign-in starts the recording beside itself.
		Run first = launch(null, "whoami");
		assertThat(first.exitCode()).as(first.err()).isZero();
		assertThat(first.out()).startsWith("alice (").endsWith(" on " + server.baseUrl() + "/\n");
		Path cache = awaitCache(cacheDir);
		// The JVM runs what the cache holds: only the user may write it.
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheDir))).isEqualTo("rwx------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rw-------");

		Run json = launch(null, "ls", "--json");
		assertThat(json.exitCode()).as(json.err()).isZero();
		assertThat(json.out()).isEqualTo("[]\n");
		assertThat(json.err()).isEmpty();
		Run used = launch(null, Map.of("COFFER_JAVA_OPTS", "-Xlog:aot=info:stderr"), "whoami");
		assertThat(used.err()).as("the JVM's own report").contains("Opened AOT cache " + cache);
		assertThat(used.out()).isEqualTo(first.out());
		Run failing = launch(null, "get", "no-such-file", "-o", this.home.resolve("x").toString());
		assertThat(failing.exitCode()).isEqualTo(4);
		assertThat(failing.out()).isEmpty();

		// A cache older than the jar is not used; the next command records it again.
		Files.setLastModifiedTime(cache, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
		Files.setLastModifiedTime(cache.resolveSibling(cache.getFileName() + ".log"),
				FileTime.from(Instant.now().minus(Duration.ofDays(1))));
		Instant stale = Files.getLastModifiedTime(cache).toInstant();
		Run afterRebuild = launch(null, Map.of("COFFER_JAVA_OPTS", "-Xlog:aot=info:stderr"), "whoami");
		assertThat(afterRebuild.out()).isEqualTo(first.out());
		assertThat(afterRebuild.err()).doesNotContain("Opened AOT cache");
		awaitNewerThan(cache, stale);

		// Another jar put in its place keeping an older time (cp -p, tar): the JVM would
		// run the old jar's classes from the cache, so it must not be given that cache.
		Path jar = this.bin.resolve("coffer-cli.jar");
		try (FileSystem zip = FileSystems.newFileSystem(jar)) {
			Files.writeString(zip.getPath("another-build.txt"), "a different jar");
		}
		Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
		Run replaced = launch(null, Map.of("COFFER_JAVA_OPTS", "-Xlog:aot=info:stderr"), "whoami");
		assertThat(replaced.out()).isEqualTo(first.out());
		assertThat(replaced.err()).doesNotContain("Opened AOT cache");
		Path recorded = cache;
		cache = awaitCache(cacheDir, (file) -> !file.equals(recorded));
		assertThat(launch(null, Map.of("COFFER_JAVA_OPTS", "-Xlog:aot=info:stderr"), "whoami").err())
			.contains("Opened AOT cache " + cache);
		assertThat(recorded).as("the old jar's cache, of no more use").doesNotExist();

		// A cache in a directory others may write to is never run.
		Files.setPosixFilePermissions(cacheDir, PosixFilePermissions.fromString("rwxrwxrwx"));
		Run shared = launch(null, Map.of("COFFER_JAVA_OPTS", "-Xlog:aot=info:stderr"), "whoami");
		assertThat(shared.out()).isEqualTo(first.out());
		assertThat(shared.err()).doesNotContain("Opened AOT cache");
		Files.setPosixFilePermissions(cacheDir, PosixFilePermissions.fromString("rwx------"));

		// COFFER_AOT=off: neither used nor recorded.
		Run off = launch(null, Map.of("COFFER_AOT", "off", "COFFER_JAVA_OPTS", "-Xlog:aot=info:stderr"), "whoami");
		assertThat(off.out()).isEqualTo(first.out());
		assertThat(off.err()).doesNotContain("Opened AOT cache");
	}

	/** What a run of the launcher did. */
	record Run(int exitCode, String out, String err) {
	}

	private Run launch(String stdin, String... args) throws Exception {
		return launch(stdin, Map.of(), args);
	}

	private Run launch(String stdin, Map<String, String> env, String... args) throws Exception {
		return launch(stdin, env, null, args);
	}

	/**
	 * With standard output into {@code stdout} if given (then {@link Run#out} is empty).
	 */
	private Run launch(String stdin, Map<String, String> env, File stdout, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("sh", this.bin.resolve("coffer").toString()));
		command.addAll(List.of(args));
		return launchCommand(stdin, env, stdout, command);
	}

	/**
	 * {@code command}, which runs the launcher, in the environment of {@link #launch}.
	 */
	private Run launchCommand(String stdin, Map<String, String> env, File stdout, List<String> command)
			throws Exception {
		ProcessBuilder builder = new ProcessBuilder(command);
		if (stdout != null) {
			builder.redirectOutput(stdout);
		}
		Map<String, String> environment = builder.environment();
		environment.keySet().removeIf((name) -> name.startsWith("XDG_") || name.startsWith("COFFER_"));
		// No XDG_CONFIG_HOME: the launcher has the client keep its files under $HOME
		// (Java would take the home directory from the account).
		environment.put("HOME", this.home.toString());
		environment.put("JAVA_HOME", System.getProperty("java.home"));
		environment.putAll(env);
		Process process = builder.start();
		CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> text(process.getErrorStream()));
		CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> text(process.getInputStream()));
		try (var in = process.getOutputStream()) {
			if (stdin != null) {
				in.write(stdin.getBytes(StandardCharsets.UTF_8));
			}
		}
		if (!process.waitFor(2, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new AssertionError(String.join(" ", command) + " did not finish in 2 minutes");
		}
		return new Run(process.exitValue(), out.join(), err.join());
	}

	/** The cache the background recording leaves, once it is there. */
	private static Path awaitCache(Path cacheDir) throws Exception {
		return awaitCache(cacheDir, (file) -> true);
	}

	private static Path awaitCache(Path cacheDir, Predicate<Path> wanted) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
		while (System.nanoTime() < deadline) {
			if (Files.isDirectory(cacheDir)) {
				try (Stream<Path> files = Files.list(cacheDir)) {
					var cache = files.filter((file) -> file.getFileName().toString().endsWith(".aot"))
						.filter(wanted)
						.findFirst();
					if (cache.isPresent()) {
						return cache.get();
					}
				}
			}
			Thread.sleep(200);
		}
		throw new AssertionError("No AOT cache in " + cacheDir + " after 2 minutes: " + logs(cacheDir));
	}

	private static void awaitNewerThan(Path cache, Instant stale) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
		while (System.nanoTime() < deadline) {
			if (Files.exists(cache) && Files.getLastModifiedTime(cache).toInstant().isAfter(stale)) {
				return;
			}
			Thread.sleep(200);
		}
		throw new AssertionError("The stale cache was not recorded again: " + logs(cache.getParent()));
	}

	private static String logs(Path cacheDir) throws IOException {
		if (!Files.isDirectory(cacheDir)) {
			return "no directory";
		}
		StringBuilder text = new StringBuilder();
		try (Stream<Path> files = Files.list(cacheDir)) {
			for (Path file : files.toList()) {
				text.append(file.getFileName()).append('\n');
				if (file.toString().endsWith(".log")) {
					text.append(Files.readString(file));
				}
			}
		}
		return text.toString();
	}

	private static String text(InputStream in) {
		try (in) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

	/** A token made on the account page, as a user would for --token-stdin. */
	private static String token() {
		return Coffer.accountPageToken(server, "alice", PASSWORD, "launcher");
	}

}
