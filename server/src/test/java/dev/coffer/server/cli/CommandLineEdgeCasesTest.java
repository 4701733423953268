package dev.coffer.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.cli.ExitCodes;
import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code coffer} client against the real server, in-process, with what a new user
 * runs into: local files that are not regular files (devices, FIFOs, symbolic links),
 * names that a URL's path cannot carry, a put of several files of which one is refused,
 * names typed in Unicode NFD, and the exit codes and messages of the cases in between.
 */
class CommandLineEdgeCasesTest {

	/**
	 * A daemon thread per task: one left blocked on a FIFO (by a client that got it
	 * wrong) must not hold up the next test, as it would in a small common pool.
	 */
	static final Executor OWN_THREAD = (task) -> Thread.ofPlatform().daemon().start(task);

	static TestServer server;

	@TempDir
	Path home;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		for (String user : new String[] { "alice", "bob", "olga", "paul", "quinn", "rita", "sven", "tina", "uma",
				"vera", "walt" }) {
			server.client().signUp(user, CommandLineClientTest.PASSWORD);
		}
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void get_intoAFifoOrADevice_writesIntoIt_withOrWithoutForce_andNeverReplacesIt() throws Exception {
		Coffer alice = signedIn("alice");
		assertThat(alice.stdin("hello, pipe").run("put", "-", "--name", "a.txt").exitCode()).isZero();
		Path fifo = mkfifo(this.home.resolve("f"));
		CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> readAll(fifo), OWN_THREAD);

		Coffer.Result get = alice.run("get", "a.txt", "-o", fifo.toString(), "--force");
		assertThat(get.exitCode()).as(get.toString()).isZero();
		assertThat(new String(read.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("hello, pipe");
		assertThat(attributes(fifo).isOther()).as("still a FIFO").isTrue();

		// Without --force only: a client that got it wrong would replace this machine's
		// /dev/null (the FIFO above is the case with --force).
		Coffer.Result devNull = alice.run("get", "a.txt", "-o", "/dev/null");
		assertThat(devNull.exitCode()).as(devNull.toString()).isZero();
		assertThat(attributes(Path.of("/dev/null")).isOther()).as("still a device").isTrue();
		assertThat(this.home.toFile().list()).containsExactly("config-alice", "f");
	}

	@Test
	void get_toASymbolicLink_replacesTheFileItPointsTo_andKeepsTheLink() throws Exception {
		Coffer alice = signedIn("bob");
		assertThat(alice.stdin("new content").run("put", "-", "--name", "b.txt").exitCode()).isZero();
		Path real = Files.writeString(Files.createDirectories(this.home.resolve("real")).resolve("b.txt"), "old");
		Path link = Files.createSymbolicLink(this.home.resolve("link.txt"), Path.of("real", "b.txt"));

		Coffer.Result refused = alice.run("get", "b.txt", "-o", link.toString());
		assertThat(refused.exitCode()).isEqualTo(ExitCodes.LOCAL_FILE);
		assertThat(refused.err()).contains("exists already");

		Coffer.Result get = alice.run("get", "b.txt", "-o", link.toString(), "--force");
		assertThat(get.exitCode()).as(get.toString()).isZero();
		assertThat(Files.isSymbolicLink(link)).isTrue();
		assertThat(Files.readString(real)).isEqualTo("new content");
		assertThat(real.getParent().toFile().list()).containsExactly("b.txt");
	}

	@Test
	void put_ofAFifo_streamsWhatItHolds_andKeepsTheFilesVersions() throws Exception {
		Coffer olga = signedIn("olga");
		assertThat(olga.stdin("original").run("put", "-", "--name", "imp.txt").exitCode()).isZero();
		byte[] content = new byte[5_000_000];
		new Random(3).nextBytes(content);
		Path fifo = mkfifo(this.home.resolve("pipe"));
		CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
			try {
				Files.write(fifo, content);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}, OWN_THREAD);

		Coffer.Result put = olga.run("put", fifo.toString(), "--name", "imp.txt");
		writer.get(30, TimeUnit.SECONDS);
		assertThat(put.exitCode()).as(put.toString()).isZero();
		assertThat(put.err()).contains("Uploaded imp.txt: version 2");
		assertThat(olga.run("get", "imp.txt", "-o", "-").stdout()).isEqualTo(content);
	}

	@Test
	void put_intoAFolder_ofNamesWithPercentOrSemicolon_works_inOneRequestAndResumable() throws Exception {
		Coffer paul = signedIn("paul");
		Path small = Files.writeString(this.home.resolve("s.txt"), "small");
		for (String name : new String[] { "d/100%.txt", "d/a;b.txt", "d/50%25.txt" }) {
			Coffer.Result put = paul.run("put", small.toString(), "--name", name);
			assertThat(put.exitCode()).as(put.toString()).isZero();
			assertThat(new String(paul.run("get", name, "-o", "-").stdout(), StandardCharsets.UTF_8))
				.isEqualTo("small");
		}
		Path directory = Files.createDirectories(this.home.resolve("offers"));
		Files.writeString(directory.resolve("50% off.txt"), "cheap");
		byte[] large = new byte[300 * 1024];
		new Random(5).nextBytes(large);
		Files.write(directory.resolve("big; really.bin"), large);

		Coffer.Result put = paul.run("put", directory.toString(), "--resumable-above", "100KiB", "--chunk-size",
				"64KiB");
		assertThat(put.exitCode()).as(put.toString()).isZero();
		assertThat(paul.run("ls", "offers").out().lines()).containsExactly("50% off.txt", "big; really.bin");
		assertThat(paul.run("get", "offers/big; really.bin", "-o", "-").stdout()).isEqualTo(large);
		assertThat(paul.run("ls", "d").out().lines()).containsExactlyInAnyOrder("100%.txt", "50%25.txt", "a;b.txt");
	}

	@Test
	void putADirectory_withARefusedFile_uploadsTheOthers_andExitsWithTheRefusal() throws Exception {
		Coffer quinn = signedIn("quinn");
		Path directory = Files.createDirectories(this.home.resolve("d"));
		Files.writeString(directory.resolve("a.txt"), "a");
		Files.writeString(directory.resolve("b\\c.txt"), "b");
		Files.writeString(directory.resolve("z.txt"), "z");

		Coffer.Result put = quinn.run("put", directory.toString());
		assertThat(put.exitCode()).as(put.toString()).isEqualTo(ExitCodes.REFUSED);
		assertThat(put.err())
			.contains("coffer: " + directory.resolve("b\\c.txt") + ": File names cannot contain / or \\.")
			.contains("Uploaded d/a.txt")
			.contains("Uploaded d/z.txt");
		assertThat(quinn.run("ls", "d").out().lines()).containsExactly("a.txt", "z.txt");

		// Several FILEs likewise; one that is not there is told, the others go up.
		Coffer.Result files = quinn.run("put", directory.resolve("a.txt").toString(),
				this.home.resolve("missing.txt").toString(), directory.resolve("z.txt").toString());
		assertThat(files.exitCode()).as(files.toString()).isEqualTo(ExitCodes.LOCAL_FILE);
		assertThat(files.err()).contains("coffer: " + this.home.resolve("missing.txt") + ": Cannot read")
			.contains("Uploaded a.txt: version 1")
			.contains("Uploaded z.txt: version 1");
	}

	@Test
	void putADirectory_withANamedPipeAndASocketInIt_neverOpensThem_tellsEach_andExits11() throws Exception {
		Coffer tina = signedIn("tina");
		Path directory = Files.createDirectories(this.home.resolve("mixed"));
		Files.writeString(directory.resolve("a.txt"), "a");
		mkfifo(directory.resolve("pipe"));
		Files.writeString(Files.createDirectories(directory.resolve("sub")).resolve("z.txt"), "z");
		try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			socket.bind(UnixDomainSocketAddress.of(directory.resolve("sock")));

			// Nobody ever writes to the pipe: a client that opened it would wait forever.
			Coffer.Result put = CompletableFuture.supplyAsync(() -> tina.run("put", directory.toString()), OWN_THREAD)
				.get(60, TimeUnit.SECONDS);
			assertThat(put.exitCode()).as(put.toString()).isEqualTo(ExitCodes.LOCAL_FILE);
			assertThat(put.err())
				.contains("coffer: " + directory.resolve("pipe") + ": skipped: not a regular file (a named pipe)")
				.contains("coffer: " + directory.resolve("sock") + ": skipped: not a regular file (a socket)")
				.contains("Uploaded mixed/a.txt")
				.contains("Uploaded mixed/sub/z.txt");
		}
		assertThat(tina.run("ls", "mixed").out().lines()).containsExactly("sub/", "a.txt");
		assertThat(tina.run("ls", "mixed/sub").out().lines()).containsExactly("z.txt");
	}

	@Test
	void put_refusedAfterItsFoldersWereMade_saysTheyAreLeft() throws Exception {
		Coffer uma = signedIn("uma");
		Path source = Files.writeString(this.home.resolve("ok.txt"), "ok");

		Coffer.Result put = uma.run("put", source.toString(), "--name", "new/dir/bad\\name.txt");
		assertThat(put.exitCode()).as(put.toString()).isEqualTo(ExitCodes.REFUSED);
		assertThat(put.err()).contains("File names cannot contain / or \\.")
			.contains("Made for it and left behind: new/dir/ (remove with: coffer rm -r new)");
		assertThat(uma.run("ls", "new").out().lines()).containsExactly("dir/");

		// A folder that was there already is not said to be left.
		Coffer.Result again = uma.run("put", source.toString(), "--name", "new/dir/bad\\name.txt");
		assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.REFUSED);
		assertThat(again.err()).doesNotContain("left behind");
	}

	@Test
	void getRecursive_makesTheFoldersTree_keepsExistingFilesUnlessForce_andAFolderWithoutRIsRefused() throws Exception {
		Coffer vera = signedIn("vera");
		Path photos = Files.createDirectories(this.home.resolve("src").resolve("Photos"));
		byte[] large = new byte[300 * 1024];
		new Random(7).nextBytes(large);
		Files.writeString(photos.resolve("a.txt"), "a");
		Files.writeString(Files.createDirectories(photos.resolve("sub")).resolve("b.txt"), "b");
		Files.write(Files.createDirectories(photos.resolve("sub").resolve("deeper")).resolve("c.bin"), large);
		Files.writeString(Files.createDirectories(photos.resolve("Case")).resolve("A.txt"), "upper");
		Files.writeString(photos.resolve("Case").resolve("a.txt"), "lower");
		assertThat(vera.run("put", photos.toString()).exitCode()).isZero();
		assertThat(vera.run("mkdir", "Photos/empty").exitCode()).isZero();

		Coffer.Result withoutR = vera.run("get", "Photos", "-o", this.home.toString());
		assertThat(withoutR.exitCode()).as(withoutR.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(withoutR.err()).contains("\u201cPhotos\u201d is a folder; use get -r")
			.contains("coffer get -r Photos");
		assertThat(this.home.resolve("Photos")).doesNotExist();

		// -o naming a directory that is not there: it becomes the folder's copy, as cp
		// -r.
		Path copy = this.home.resolve("copy");
		Coffer.Result asCopy = vera.run("get", "-r", "Photos", "-o", copy.toString());
		assertThat(asCopy.exitCode()).as(asCopy.toString()).isZero();
		assertThat(asCopy.err()).contains("Downloaded Photos/sub/deeper/c.bin to " + copy.resolve("sub/deeper/c.bin"));
		assertSameTree(copy, large);

		// -o naming an existing directory: the folder goes into it.
		Path downloads = Files.createDirectories(this.home.resolve("downloads"));
		Coffer.Result into = vera.run("get", "--recursive", "Photos", "-o", downloads.toString(), "--json");
		assertThat(into.exitCode()).as(into.toString()).isZero();
		assertThat(JsonParser.parseString(into.out()).getAsJsonArray()).hasSize(5);
		assertThat(into.out()).contains("\"serverPath\": \"Photos/sub/b.txt\"");
		Path tree = downloads.resolve("Photos");
		assertSameTree(tree, large);

		// Again, with one file changed here and one removed: the changed one is kept and
		// told, the removed one comes back, and the command exits 11 at the end.
		Files.writeString(tree.resolve("a.txt"), "mine");
		Files.delete(tree.resolve("sub/b.txt"));
		Coffer.Result again = vera.run("get", "-r", "Photos", "-o", downloads.toString());
		assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.LOCAL_FILE);
		assertThat(again.err())
			.contains("coffer: Photos/a.txt: " + tree.resolve("a.txt") + " exists already. Use --force to replace it.")
			.contains("Downloaded Photos/sub/b.txt");
		assertThat(Files.readString(tree.resolve("a.txt"))).isEqualTo("mine");
		assertThat(Files.readString(tree.resolve("sub/b.txt"))).isEqualTo("b");

		Coffer.Result forced = vera.run("get", "-r", "Photos", "-o", downloads.toString(), "--force", "--quiet");
		assertThat(forced.exitCode()).as(forced.toString()).isZero();
		assertThat(forced.err()).isEmpty();
		assertSameTree(tree, large);

		Coffer.Result version = vera.run("get", "-r", "Photos", "--version", "1", "-o", downloads.toString());
		assertThat(version.exitCode()).isEqualTo(ExitCodes.USAGE);
		Coffer.Result toStdout = vera.run("get", "-r", "Photos", "-o", "-");
		assertThat(toStdout.exitCode()).isEqualTo(ExitCodes.USAGE);

		// A file this run wrote is never replaced by another of it, even with --force (as
		// names differing only in case would be on a case-insensitive file system).
		assertThat(vera.stdin("other b").run("put", "-", "--name", "Other/sub/b.txt").exitCode()).isZero();
		Path two = Files.createDirectories(this.home.resolve("two"));
		Coffer.Result clash = vera.run("get", "-r", "Photos/sub", "Other/sub", "-o", two.toString(), "--force");
		assertThat(clash.exitCode()).as(clash.toString()).isEqualTo(ExitCodes.LOCAL_FILE);
		assertThat(clash.err()).contains("coffer: Other/sub/b.txt: " + two.resolve("sub/b.txt")
				+ " was written just before by this download (two NAMEs went into one directory); it was not replaced.");
		assertThat(Files.readString(two.resolve("sub/b.txt"))).isEqualTo("b");
		assertThat(Files.readAllBytes(two.resolve("sub/deeper/c.bin"))).isEqualTo(large);

		// A folder shared with someone: theirs to download with --owner.
		assertThat(vera.run("share", "Photos", "walt").exitCode()).isZero();
		Coffer walt = signedIn("walt");
		Coffer.Result notR = walt.run("get", "Photos", "--owner", "vera");
		assertThat(notR.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(notR.err()).contains("coffer get -r Photos --owner vera");
		Path shared = Files.createDirectories(this.home.resolve("from-vera"));
		Coffer.Result theirs = walt.run("get", "-r", "Photos/sub", "--owner", "vera", "-o", shared.toString());
		assertThat(theirs.exitCode()).as(theirs.toString()).isZero();
		assertThat(Files.readString(shared.resolve("sub/b.txt"))).isEqualTo("b");
		assertThat(Files.readAllBytes(shared.resolve("sub/deeper/c.bin"))).isEqualTo(large);
	}

	private static void assertSameTree(Path tree, byte[] large) throws IOException {
		assertThat(Files.readString(tree.resolve("a.txt"))).isEqualTo("a");
		assertThat(Files.readString(tree.resolve("sub/b.txt"))).isEqualTo("b");
		assertThat(Files.readAllBytes(tree.resolve("sub/deeper/c.bin"))).isEqualTo(large);
		// Names differing only in case are two files on this (case-sensitive) file
		// system.
		assertThat(Files.readString(tree.resolve("Case/A.txt"))).isEqualTo("upper");
		assertThat(Files.readString(tree.resolve("Case/a.txt"))).isEqualTo("lower");
		assertThat(tree.resolve("empty")).isEmptyDirectory();
		try (Stream<Path> all = Files.walk(tree)) {
			assertThat(all.map(Path::toString)).noneMatch((name) -> name.endsWith(".part"));
		}
	}

	@Test
	void getRecursive_ofATreeWithHostileNames_orSymbolicLinksInTheWay_writesNothingOutsideTheTarget() throws Exception {
		Coffer walt = signedIn("walt");
		Path source = Files.createDirectories(this.home.resolve("src").resolve("Trip"));
		Files.writeString(source.resolve("a.txt"), "a");
		Files.writeString(source.resolve("up.txt"), "up");
		Files.writeString(source.resolve("slash.txt"), "slash");
		Files.writeString(Files.createDirectories(source.resolve("sub")).resolve("evil.txt"), "evil");
		Files.writeString(Files.createDirectories(source.resolve("linked")).resolve("x.txt"), "x");
		Files.writeString(source.resolve("kept.txt"), "from the server");
		assertThat(walt.run("put", source.toString()).exitCode()).isZero();
		// Names the server never accepts, as a server in an attacker's hands could list
		// them.
		JdbcClient db = server.bean(JdbcClient.class);
		Map<String, String> ids = new HashMap<>();
		for (JsonElement entry : JsonParser.parseString(walt.run("ls", "Trip", "--json").out()).getAsJsonArray()) {
			ids.put(entry.getAsJsonObject().get("name").getAsString(), entry.getAsJsonObject().get("id").getAsString());
		}
		db.sql("update folders set name = '..' where id = ?").param(ids.get("sub")).update();
		db.sql("update files set name = '..' where id = ?").param(ids.get("up.txt")).update();
		db.sql("update files set name = '../escape.txt' where id = ?").param(ids.get("slash.txt")).update();

		Path target = Files.createDirectories(this.home.resolve("target"));
		Path outside = Files.createDirectories(this.home.resolve("outside"));
		Path trip = Files.createDirectories(target.resolve("Trip"));
		Files.createSymbolicLink(trip.resolve("linked"), outside);
		Files.writeString(outside.resolve("kept.txt"), "mine");
		Files.createSymbolicLink(trip.resolve("kept.txt"), outside.resolve("kept.txt"));

		Coffer.Result get = walt.run("get", "-r", "Trip", "-o", target.toString(), "--force");
		assertThat(get.exitCode()).as(get.toString()).isEqualTo(ExitCodes.LOCAL_FILE);
		assertThat(get.err()).contains("coffer: Trip/..: \u201c..\u201d cannot be a name in a directory here")
			.contains("coffer: Trip/../escape.txt: \u201c../escape.txt\u201d cannot be a name in a directory here")
			.contains("coffer: Trip/linked/: " + trip.resolve("linked") + " is a symbolic link")
			.contains("coffer: Trip/kept.txt: " + trip.resolve("kept.txt") + " is a symbolic link")
			.contains("Downloaded Trip/a.txt");
		try (Stream<Path> all = Files.walk(this.home)) {
			assertThat(all.filter((path) -> !path.startsWith(source.getParent()))
				.map(Path::getFileName)
				.map(Path::toString)).doesNotContain("evil.txt", "escape.txt", "x.txt");
		}
		assertThat(Files.readString(trip.resolve("a.txt"))).isEqualTo("a");
		assertThat(outside.toFile().list()).containsExactly("kept.txt");
		assertThat(Files.readString(outside.resolve("kept.txt"))).isEqualTo("mine");
		assertThat(target.toFile().list()).containsExactly("Trip");
		assertThat(trip.toFile().list()).containsExactlyInAnyOrder("a.txt", "linked", "kept.txt");
	}

	@Test
	void namesTypedInNfd_findTheFilesTheServerStoresInNfc() {
		Coffer rita = signedIn("rita");
		String nfd = "Cafe\u0301.txt";
		assertThat(rita.stdin("coffee").run("put", "-", "--name", "menu/" + nfd).exitCode()).isZero();
		assertThat(rita.stdin("tea").run("put", "-", "--name", nfd).exitCode()).isZero();

		assertThat(new String(rita.run("get", "menu/" + nfd, "-o", "-").stdout(), StandardCharsets.UTF_8))
			.isEqualTo("coffee");
		assertThat(rita.run("versions", nfd).exitCode()).isZero();
		Coffer.Result link = rita.run("link", nfd);
		assertThat(link.exitCode()).as(link.toString()).isZero();
		Coffer.Result mv = rita.run("mv", nfd, "menu/tea.txt");
		assertThat(mv.exitCode()).as(mv.toString()).isZero();
		assertThat(rita.run("ls", "menu").out().lines()).containsExactly("Caf\u00e9.txt", "tea.txt");
	}

	@Test
	void exitCodes_andMessages_forWhatIsNotThere_goToStandardError() {
		Coffer sven = signedIn("sven");
		Coffer.Result nobody = sven.run("ls", "--owner", "carol");
		assertThat(nobody.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(nobody.out()).isEmpty();
		assertThat(nobody.err()).contains("Nobody called carol shares anything with you.");
		// The same words for a user who exists and shares nothing.
		assertThat(sven.run("ls", "--owner", "alice").err()).contains("Nobody called alice shares anything with you.");

		for (String command : new String[] { "shared", "received", "uploads" }) {
			Coffer.Result none = sven.run(command);
			assertThat(none.exitCode()).as(command).isZero();
			assertThat(none.out()).as(command).isEmpty();
			assertThat(none.err()).as(command).isNotEmpty();
		}

		assertThat(sven.stdin("x").run("put", "-", "--name", "a.txt").exitCode()).isZero();
		Coffer.Result link = sven.run("link", "a.txt", "--version", "5");
		assertThat(link.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(link.err()).contains("a.txt has no version 5");

		Coffer.Result share = sven.run("share", "a.txt", "OLGA");
		assertThat(share.exitCode()).as(share.toString()).isZero();
		assertThat(share.err()).contains("Shared a.txt with olga (read)");
	}

	@Test
	void login_withTokenStdin_andAnUnknownCertificate_suggestsACommandThatKeepsTokenStdin() {
		Coffer coffer = new Coffer(this.home.resolve("config-login"));
		Coffer.Result login = coffer.stdin(token("alice")).run("login", server.baseUrl(), "--token-stdin");
		assertThat(login.exitCode()).isEqualTo(ExitCodes.UNTRUSTED_SERVER);
		assertThat(login.err()).contains("--fingerprint " + server.certificateFingerprint() + " --token-stdin");

		Coffer.Result longName = coffer.run("login", server.baseUrl(), "--device-name", "x".repeat(65));
		assertThat(longName.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(longName.err()).contains("--device-name takes at most 64 characters (this one has 65)");
	}

	private Coffer signedIn(String user) {
		Coffer coffer = new Coffer(this.home.resolve("config-" + user));
		Coffer.Result login = coffer.stdin(token(user))
			.run("login", server.baseUrl(), "--token-stdin", "--fingerprint", server.certificateFingerprint());
		assertThat(login.exitCode()).as(login.toString()).isZero();
		return coffer;
	}

	private static String token(String user) {
		return Coffer.accountPageToken(server, user, CommandLineClientTest.PASSWORD, "edge cases");
	}

	private static Path mkfifo(Path path) throws Exception {
		Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
		assertThat(mkfifo.waitFor()).isZero();
		return path;
	}

	private static byte[] readAll(Path fifo) {
		try (InputStream in = Files.newInputStream(fifo)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static PosixFileAttributes attributes(Path path) throws IOException {
		return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
	}

}
