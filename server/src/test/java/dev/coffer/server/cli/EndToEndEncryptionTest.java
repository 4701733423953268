package dev.coffer.server.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.config.ClientConfig;
import dev.coffer.cli.e2e.EndToEndException;
import dev.coffer.cli.e2e.FileKey;
import dev.coffer.cli.e2e.FileKeys;
import dev.coffer.cli.e2e.PrivateKeyFile;
import dev.coffer.cli.e2e.RecipientKey;
import dev.coffer.cli.e2e.UserKeyPair;
import dev.coffer.cli.http.CofferApi;
import dev.coffer.cli.http.ServerConnection;
import dev.coffer.cli.http.ServerProblemException;
import dev.coffer.server.files.FileService;
import dev.coffer.server.files.FileVersion;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * End-to-end encrypted files with the {@code coffer} client run in-process against the
 * real server: what the server can see of them (its stored content decrypted with its own
 * keys, and its database) holds neither the plaintext nor a file key; only the right
 * private key opens them; a changed byte, a swapped or missing wrapped key, or a changed
 * public key is a clear failure that leaves no file behind.
 */
class EndToEndEncryptionTest {

	static final String PASSWORD = "correct horse battery staple";

	static final String SECRET_MARKER = "THE PLANS FOR THE NEW COFFEE MACHINE ";

	static TestServer server;

	static String fingerprint;

	static JdbcClient db;

	@TempDir
	Path home;

	@BeforeAll
	static void start() throws Exception {
		server = TestServer.start();
		for (String user : List.of("alice", "bob", "carol", "dave", "erin")) {
			server.client().signUp(user, PASSWORD);
		}
		fingerprint = server.certificateFingerprint();
		db = server.bean(JdbcClient.class);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void upload_andShare_endToEnd_leaveTheServerNeitherPlaintextNorFileKey_andOnlyTheRightKeysOpenIt()
			throws Exception {
		Coffer alice = withKeys("alice");
		Coffer bob = withKeys("bob");
		Coffer carol = withKeys("carol");
		byte[] plaintext = secret(3 * 1024 * 1024 + 17);
		Path source = write("plans.txt", plaintext);

		Coffer.Result put = alice.run("put", source.toString(), "--e2e", "--json");
		assertThat(put.exitCode()).as(put.toString()).isZero();
		JsonObject uploaded = JsonParser.parseString(put.out()).getAsJsonArray().get(0).getAsJsonObject();
		assertThat(uploaded.get("endToEnd").getAsBoolean()).isTrue();
		String fileId = uploaded.get("id").getAsString();
		assertThat(uploaded.get("size").getAsLong()).isEqualTo(FileKey.ciphertextSize(plaintext.length));
		assertThat(alice.run("ls", "--long").out()).containsPattern("plans\\.txt  \\(end-to-end encrypted\\)");
		assertThat(alice.run("versions", "plans.txt").out()).contains("(current)  (end-to-end encrypted)");

		Coffer.Result ownGet = alice.run("get", "plans.txt", "-o", this.home.resolve("alice-plans.txt").toString(),
				"--passphrase-file", passphraseFile("alice").toString());
		assertThat(ownGet.exitCode()).as(ownGet.toString()).isZero();
		assertThat(Files.readAllBytes(this.home.resolve("alice-plans.txt"))).isEqualTo(plaintext);

		Coffer.Result notShared = bob.run("get", "plans.txt", "-o", this.home.resolve("bob-plans.txt").toString(),
				"--passphrase-file", passphraseFile("bob").toString());
		assertThat(notShared.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);

		Coffer.Result share = alice.run("share", "plans.txt", "bob", "--e2e", "--passphrase-file",
				passphraseFile("alice").toString());
		assertThat(share.exitCode()).as(share.toString()).isZero();
		String bobsFingerprint = publicKey("bob").fingerprint();
		assertThat(share.err()).contains("First use of bob's public key")
			.contains(RecipientKey.display(bobsFingerprint))
			.contains("Wrapped the keys of 1 end-to-end encrypted version");

		Coffer.Result bobGet = bob.run("get", "plans.txt", "-o", this.home.resolve("bob-plans.txt").toString(),
				"--passphrase-file", passphraseFile("bob").toString());
		assertThat(bobGet.exitCode()).as(bobGet.toString()).isZero();
		assertThat(Files.readAllBytes(this.home.resolve("bob-plans.txt"))).isEqualTo(plaintext);

		// What the server can see: its stored content decrypted with its own keys, and
		// the
		// rows about the file.
		FileVersion version = server.bean(FileService.class).version(userId("alice"), fileId, 1);
		assertThat(version.endToEnd()).isTrue();
		byte[] seen = serverView(version);
		assertThat(seen).hasSize((int) FileKey.ciphertextSize(plaintext.length));
		assertThat(new String(seen, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET_MARKER.substring(0, 12));
		List<String> wrappedKeys = wrappedKeysOf(fileId);
		assertThat(wrappedKeys).hasSize(2);
		byte[] fileKey = FileKeys.material(keyPair("alice").unwrap(wrappedFor(fileId, 1, "alice"), fileId, 1));
		assertThat(indexOf(seen, fileKey)).isEqualTo(-1);
		String visibleRows = String.join("\n", rowsAbout(fileId));
		for (String form : List.of(Base64.getEncoder().encodeToString(fileKey), HexFormat.of().formatHex(fileKey))) {
			assertThat(visibleRows).doesNotContain(form);
		}
		for (String wrapped : wrappedKeys) {
			assertThat(indexOf(Base64.getDecoder().decode(wrapped), fileKey)).isEqualTo(-1);
		}
		assertThat(storedFilesContain(fileKey)).isFalse();
		assertThat(storedFilesContain(SECRET_MARKER.getBytes(StandardCharsets.UTF_8))).isFalse();

		// Only the right private key opens a wrapped key: carol's does not open bob's.
		byte[] bobs = wrappedFor(fileId, 1, "bob");
		assertThat(keyPair("bob").unwrap(bobs, fileId, 1)).isNotNull();
		assertThatThrownBy(() -> keyPair("carol").unwrap(bobs, fileId, 1)).isInstanceOf(EndToEndException.class);
		Coffer.Result carolGet = carol.run("get", "--server", server.baseUrl(), fileId);
		assertThat(carolGet.exitCode()).isNotZero();
	}

	@Test
	void aSwappedWrappedKey_aChangedByte_andAMissingKey_eachFailClearly_andLeaveNoFile() throws Exception {
		Coffer alice = withKeys("alice");
		Coffer dave = withKeys("dave");
		Path first = write("first.txt", secret(5000));
		Path second = write("second.txt", secret(6000));
		assertThat(alice.run("put", first.toString(), second.toString(), "--e2e").exitCode()).isZero();
		String firstId = fileIdOf("first.txt");
		String secondId = fileIdOf("second.txt");

		// The server hands out second.txt's wrapped key for first.txt.
		String secondsKey = Base64.getEncoder().encodeToString(wrappedFor(secondId, 1, "alice"));
		db.sql("update version_wrapped_keys set wrapped_key = ? where recipient_id = ? and version_id = "
				+ "(select id from file_versions where file_id = ? and number = 1)")
			.params(secondsKey, userId("alice"), firstId)
			.update();
		Path out = Files.createDirectory(this.home.resolve("out"));
		Coffer.Result swapped = alice.run("get", "first.txt", "-o", out.toString(), "--passphrase-file",
				passphraseFile("alice").toString());
		assertThat(swapped.exitCode()).as(swapped.toString()).isEqualTo(ExitCodes.CORRUPT_DOWNLOAD);
		assertThat(swapped.err()).contains("Cannot decrypt first.txt")
			.contains("Nothing was kept")
			.doesNotContain("\tat ");
		assertThat(listing(out)).isEmpty();

		// A version whose ciphertext has one changed byte, its key wrapped as it should
		// be.
		CofferApi api = api(alice);
		FileKey key = FileKey.generate();
		ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
		key.encrypt(new java.io.ByteArrayInputStream(secret(40_000)), ciphertext);
		byte[] changed = ciphertext.toByteArray();
		changed[changed.length / 2] ^= 0x01;
		JsonObject file = api.upload("root", "changed.txt", HttpRequest.BodyPublishers.ofByteArray(changed), true);
		String changedId = file.get("id").getAsString();
		api.putWrappedKey(changedId, 1, "alice",
				Base64.getEncoder().encodeToString(publicKey("alice").wrap(key, changedId, 1)));
		Coffer.Result tampered = alice.run("get", "changed.txt", "-o", out.toString(), "--passphrase-file",
				passphraseFile("alice").toString());
		assertThat(tampered.exitCode()).as(tampered.toString()).isEqualTo(ExitCodes.CORRUPT_DOWNLOAD);
		assertThat(tampered.err()).contains("changed.txt does not decrypt").contains("it was not kept");
		assertThat(listing(out)).isEmpty();
		Coffer.Result toStdout = alice.run("get", "changed.txt", "-o", "-", "--passphrase-file",
				passphraseFile("alice").toString());
		assertThat(toStdout.exitCode()).isEqualTo(ExitCodes.CORRUPT_DOWNLOAD);
		assertThat(toStdout.err()).contains("do not use what was written to standard output");

		// A ciphertext cut short where a segment ends (1 MiB), its SHA-256 on the server
		// that of what is stored: only the missing last-segment mark can tell.
		FileKey cutKey = FileKey.generate();
		ByteArrayOutputStream whole = new ByteArrayOutputStream();
		cutKey.encrypt(new java.io.ByteArrayInputStream(secret(3 << 20)), whole);
		byte[] cut = java.util.Arrays.copyOf(whole.toByteArray(), 1 << 20);
		String cutId = api.upload("root", "cut.txt", HttpRequest.BodyPublishers.ofByteArray(cut), true)
			.get("id")
			.getAsString();
		api.putWrappedKey(cutId, 1, "alice",
				Base64.getEncoder().encodeToString(publicKey("alice").wrap(cutKey, cutId, 1)));
		Coffer.Result cutShort = alice.run("get", "cut.txt", "-o", out.toString(), "--passphrase-file",
				passphraseFile("alice").toString());
		assertThat(cutShort.exitCode()).as(cutShort.toString()).isEqualTo(ExitCodes.CORRUPT_DOWNLOAD);
		assertThat(cutShort.err()).contains("cut.txt does not decrypt").contains("it was not kept");
		assertThat(listing(out)).isEmpty();

		// Shared with dave without --e2e: he may download it, but has no key.
		assertThat(alice.run("share", "second.txt", "dave").exitCode()).isZero();
		Coffer.Result noKey = dave.run("get", "second.txt", "-o", out.toString(), "--passphrase-file",
				passphraseFile("dave").toString());
		assertThat(noKey.exitCode()).as(noKey.toString()).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(noKey.err()).contains("No file key of version 1 is wrapped for you");
		assertThat(listing(out)).isEmpty();

		// The wrong passphrase opens nothing.
		Path wrong = write("wrong-passphrase", "not my passphrase at all".getBytes(StandardCharsets.UTF_8));
		Coffer.Result wrongPassphrase = alice.run("get", "second.txt", "-o", out.toString(), "--passphrase-file",
				wrong.toString());
		assertThat(wrongPassphrase.exitCode()).isEqualTo(ExitCodes.FAILED);
		assertThat(wrongPassphrase.err()).contains("wrong passphrase");
		assertThat(listing(out)).isEmpty();
	}

	/**
	 * Whoever controls the server can mark an end-to-end encrypted version as plain and
	 * send anything in its place; only the user can insist, with {@code get --e2e}.
	 */
	@Test
	void getE2e_refusesAFileTheServerSendsAsPlain_andNothingIsWritten() throws Exception {
		Coffer erin = withKeys("erin");
		byte[] content = secret(7000);
		assertThat(erin.run("put", write("insisted.txt", content).toString(), "--e2e").exitCode()).isZero();
		assertThat(erin.run("put", write("plain.txt", secret(3000)).toString()).exitCode()).isZero();
		Path out = Files.createDirectory(this.home.resolve("insisted"));
		String passphrase = passphraseFile("erin").toString();

		Coffer.Result decrypted = erin.run("get", "insisted.txt", "--e2e", "-o", out.toString(), "--passphrase-file",
				passphrase);
		assertThat(decrypted.exitCode()).as(decrypted.toString()).isZero();
		assertThat(Files.readAllBytes(out.resolve("insisted.txt"))).isEqualTo(content);
		Files.delete(out.resolve("insisted.txt"));

		Coffer.Result plain = erin.run("get", "plain.txt", "--e2e", "-o", out.toString());
		assertThat(plain.exitCode()).as(plain.toString()).isEqualTo(ExitCodes.CORRUPT_DOWNLOAD);
		assertThat(plain.err()).contains("plain.txt is not end-to-end encrypted (--e2e); nothing was written");
		assertThat(listing(out)).isEmpty();

		// The listing and the download now agree that the file is plain: without --e2e
		// the
		// client takes the ciphertext for the content.
		db.sql("update file_versions set end_to_end = false where file_id = ?")
			.param(fileIdOf("insisted.txt"))
			.update();
		Coffer.Result swapped = erin.run("get", "insisted.txt", "--e2e", "-o", out.toString(), "--passphrase-file",
				passphrase);
		assertThat(swapped.exitCode()).as(swapped.toString()).isEqualTo(ExitCodes.CORRUPT_DOWNLOAD);
		assertThat(swapped.err()).contains("insisted.txt is not end-to-end encrypted (--e2e); nothing was written")
			.doesNotContain("\tat ");
		assertThat(listing(out)).isEmpty();
		Coffer.Result toStdout = erin.run("get", "insisted.txt", "--e2e", "-o", "-");
		assertThat(toStdout.exitCode()).isEqualTo(ExitCodes.CORRUPT_DOWNLOAD);
		assertThat(toStdout.stdout()).isEmpty();
		Coffer.Result trusting = erin.run("get", "insisted.txt", "-o", out.toString());
		assertThat(trusting.exitCode()).as(trusting.toString()).isZero();
		assertThat(Files.readAllBytes(out.resolve("insisted.txt"))).isNotEqualTo(content);
	}

	@Test
	void aNewVersion_isWrappedForCurrentReaders_butNotForOneWhoseShareWasRevoked() throws Exception {
		Coffer alice = withKeys("alice");
		Coffer bob = withKeys("bob");
		Coffer carol = withKeys("carol");
		Path source = write("minutes.txt", secret(2000));
		assertThat(alice.run("put", source.toString(), "--e2e").exitCode()).isZero();
		String fileId = fileIdOf("minutes.txt");
		String passphrase = passphraseFile("alice").toString();
		assertThat(alice.run("share", "minutes.txt", "bob", "--e2e", "--passphrase-file", passphrase).exitCode())
			.isZero();
		assertThat(alice.run("share", "minutes.txt", "carol", "--e2e", "--passphrase-file", passphrase).exitCode())
			.isZero();

		Coffer.Result unshare = alice.run("unshare", "minutes.txt", "bob");
		assertThat(unshare.exitCode()).as(unshare.toString()).isZero();
		assertThat(wrappedKeyCount(fileId, "bob")).isZero();

		byte[] second = secret(3000);
		Files.write(source, second);
		Coffer.Result put = alice.run("put", source.toString(), "--e2e");
		assertThat(put.exitCode()).as(put.toString()).isZero();
		assertThat(put.err()).contains("wrapped for you and carol");
		assertThat(wrappedKeyCount(fileId, "carol")).isEqualTo(2);
		Coffer.Result carolGet = carol.run("get", "minutes.txt", "-o", this.home.resolve("carol.txt").toString(),
				"--passphrase-file", passphraseFile("carol").toString());
		assertThat(carolGet.exitCode()).as(carolGet.toString()).isZero();
		assertThat(Files.readAllBytes(this.home.resolve("carol.txt"))).isEqualTo(second);

		// Shared again, without keys: bob can download version 2 but not decrypt it.
		Coffer.Result plainShare = alice.run("share", "minutes.txt", "bob");
		assertThat(plainShare.exitCode()).isZero();
		assertThat(plainShare.err()).contains("Note: minutes.txt has end-to-end encrypted versions, which bob")
			.contains("coffer share minutes.txt bob --e2e");
		// For an editor, the command it suggests keeps the permission (a share sets it).
		Coffer.Result editShare = alice.run("share", "minutes.txt", "bob", "--edit");
		assertThat(editShare.exitCode()).isZero();
		assertThat(editShare.err()).contains("coffer share minutes.txt bob --edit --e2e");
		assertThat(wrappedKeyCount(fileId, "bob")).isZero();
		Coffer.Result bobGet = bob.run("get", "minutes.txt", "-o", this.home.resolve("bob.txt").toString(),
				"--passphrase-file", passphraseFile("bob").toString());
		assertThat(bobGet.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(bobGet.err()).contains("No file key of version 2 is wrapped for you");
		assertThat(this.home.resolve("bob.txt")).doesNotExist();
	}

	@Test
	void anEditor_getsTheOwnersEndToEndFileByOwner_butCannotPutAPlainVersionOverIt() throws Exception {
		Coffer alice = withKeys("alice");
		Coffer bob = withKeys("bob");
		byte[] secret = secret(5000);
		Path source = write("edited.txt", secret);
		assertThat(alice.run("put", source.toString(), "--e2e").exitCode()).isZero();
		assertThat(alice
			.run("share", "edited.txt", "bob", "--edit", "--e2e", "--passphrase-file",
					passphraseFile("alice").toString())
			.exitCode()).isZero();

		Path got = this.home.resolve("bob-edited.txt");
		Coffer.Result get = bob.run("get", "edited.txt", "--owner", "alice", "-o", got.toString(), "--passphrase-file",
				passphraseFile("bob").toString());
		assertThat(get.exitCode()).as(get.toString()).isZero();
		assertThat(Files.readAllBytes(got)).isEqualTo(secret);

		Files.writeString(got, "a plain edit");
		Coffer.Result put = bob.run("put", got.toString(), "--name", "edited.txt", "--owner", "alice");
		assertThat(put.exitCode()).as(put.toString()).isEqualTo(ExitCodes.REFUSED);
		assertThat(put.err()).contains("edited.txt (alice's) is end-to-end encrypted: only alice can add versions");
		// Nor restore it: the server's advice (get it, put --e2e it again) is not for an
		// editor.
		Coffer.Result restore = bob.run("restore", "edited.txt", "1", "--owner", "alice");
		assertThat(restore.exitCode()).as(restore.toString()).isEqualTo(ExitCodes.REFUSED);
		assertThat(restore.err()).contains("Version 1 of edited.txt (alice's) is end-to-end encrypted")
			.contains("only alice can")
			.doesNotContain("put --e2e");
		assertThat(alice.run("versions", "edited.txt").out().strip().lines()).hasSize(1);
		// The server refuses too, whoever asks: the editor through the API, and the
		// owner's own plain put, which would have made the current version readable to
		// the server.
		String fileId = fileIdOf("edited.txt");
		HttpRequest.Builder plain = connection(bob).request("/api/v1/files/" + fileId + "/content")
			.header("Content-Type", "application/octet-stream")
			.PUT(HttpRequest.BodyPublishers.ofString("a plain edit"));
		assertThat(status(() -> connection(bob).json(plain.build()))).isEqualTo(409);
		Coffer.Result ownPlain = alice.run("put", got.toString(), "--name", "edited.txt");
		assertThat(ownPlain.exitCode()).as(ownPlain.toString()).isEqualTo(ExitCodes.REFUSED);
		assertThat(ownPlain.err()).contains("end-to-end encrypted, so its new versions must be too");
		assertThat(alice.run("versions", "edited.txt").out().strip().lines()).hasSize(1);
		assertThat(alice.run("put", got.toString(), "--name", "edited.txt", "--e2e").exitCode()).isZero();
		assertThat(alice.run("versions", "edited.txt").out().strip().lines()).hasSize(2);

		Coffer.Result readOnly = alice.run("share", "edited.txt", "bob");
		assertThat(readOnly.exitCode()).isZero();
		assertThat(readOnly.err()).as("bob holds the keys already: only his permission changed")
			.contains("Shared edited.txt with bob (read)")
			.doesNotContain("Note:");
	}

	@Test
	void aPublicKeyOtherThanThePinnedOne_isRefusedLoudly_andNothingIsShared() throws Exception {
		Coffer alice = withKeys("alice");
		withKeys("carol");
		assertThat(alice.run("put", write("pinned.txt", secret(100)).toString(), "--e2e").exitCode()).isZero();
		String other = "ab12".repeat(16);
		Coffer.Result trust = alice.run("keys", "trust", "carol", other);
		assertThat(trust.exitCode()).as(trust.toString()).isZero();
		assertThat(trust.err()).contains("Note: the server gives another key for carol");
		Coffer.Result nobody = alice.run("keys", "trust", "no-such-user", other);
		assertThat(nobody.exitCode()).isZero();
		assertThat(nobody.err()).contains("Note: the server has no public key for no-such-user");

		Coffer.Result share = alice.run("share", "pinned.txt", "carol", "--e2e", "--passphrase-file",
				passphraseFile("alice").toString());
		assertThat(share.exitCode()).isEqualTo(ExitCodes.UNTRUSTED_SERVER);
		assertThat(share.err()).contains("DIFFERENT public key for carol").contains(RecipientKey.display(other));
		assertThat(api(alice).shares(fileIdOf("pinned.txt"))).isEmpty();

		String real = publicKey("carol").fingerprint();
		Coffer.Result corrected = alice.run("keys", "trust", "carol", RecipientKey.display(real).toUpperCase());
		assertThat(corrected.exitCode()).isZero();
		assertThat(corrected.err()).contains("It replaces the key pinned before: " + RecipientKey.display(other))
			.doesNotContain("Note:");
		Coffer.Result again = alice.run("share", "pinned.txt", "carol", "--e2e", "--passphrase-file",
				passphraseFile("alice").toString());
		assertThat(again.exitCode()).as(again.toString()).isZero();
		assertThat(again.err()).doesNotContain("First use");
	}

	@Test
	void keys_initOnce_showAndExport_warnThatLosingTheKeyLosesTheFiles() throws Exception {
		Coffer bob = withKeys("bob");
		Coffer.Result again = bob.run("keys", "init", "--passphrase-file", passphraseFile("bob").toString());
		assertThat(again.exitCode()).isEqualTo(ExitCodes.REFUSED);
		Coffer.Result show = bob.run("keys", "show");
		assertThat(show.out().strip()).isEqualTo(RecipientKey.display(publicKey("bob").fingerprint()));
		Coffer.Result export = bob.run("keys", "export");
		assertThat(export.exitCode()).isZero();
		assertThat(export.out()).isEqualTo(keyFile("bob"));
		assertThat(export.err()).contains("if every copy is lost, your end-to-end encrypted files are lost");

		// The recovery copy works on another computer.
		Path copy = write("bob-recovery.json", export.out().getBytes(StandardCharsets.UTF_8));
		Coffer elsewhere = signedIn("bob", "bob-elsewhere");
		Coffer.Result imported = elsewhere.run("keys", "import", copy.toString(), "--passphrase-file",
				passphraseFile("bob").toString());
		assertThat(imported.exitCode()).as(imported.toString()).isZero();
		assertThat(elsewhere.run("keys", "show").out()).isEqualTo(show.out());
	}

	@Test
	void pagesAndApi_markEndToEndFiles_andWhatNeedsPlaintextSaysSo() throws Exception {
		Coffer alice = withKeys("alice");
		Path folder = Files.createDirectories(this.home.resolve("album"));
		Files.write(folder.resolve("photo.png"), secret(3000));
		Files.writeString(folder.resolve("readme.txt"), "plain text");
		assertThat(alice.run("put", folder.resolve("photo.png").toString(), "--name", "album/photo.png", "--e2e")
			.exitCode()).isZero();
		assertThat(alice.run("put", folder.resolve("readme.txt").toString(), "--name", "album/readme.txt").exitCode())
			.isZero();
		String fileId = fileIdOf("photo.png");

		WebClient browser = server.client();
		browser.login("alice", PASSWORD);
		String folderId = db.sql("select folder_id from files where id = ?").param(fileId).query(String.class).single();
		String listing = browser.get("/files?folder=" + folderId).body();
		assertThat(WebClient.html(browser.get("/files?folder=" + folderId)).select("tr.file-row .e2e-badge"))
			.as(listing)
			.hasSize(1);
		String page = browser.get("/files/" + fileId).body();
		assertThat(page).contains("End-to-end encrypted.").contains("coffer get");
		assertThat(WebClient.html(browser.get("/files/" + fileId)).select(".file-preview")).isEmpty();

		ServerConnection connection = connection(alice);
		JsonObject ids = new JsonObject();
		com.google.gson.JsonArray chosen = new com.google.gson.JsonArray();
		chosen.add(fileId);
		ids.add("ids", chosen);
		HttpRequest zipOfIt = connection.request("/api/v1/files/zip")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(ids.toString()))
			.build();
		assertThat(status(() -> connection.json(zipOfIt))).isEqualTo(409);
		HttpResponse<byte[]> folderZip = browser.sendForBytes(browser.apiRequest("/api/v1/files/zip")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"folderIds\":[\"" + folderId + "\"]}"))
			.build());
		assertThat(folderZip.statusCode()).isEqualTo(200);
		String entries = new String(folderZip.body(), StandardCharsets.ISO_8859_1);
		assertThat(entries).contains("readme.txt").doesNotContain("photo.png");
		assertThat(status(() -> api(alice).createLink(fileId, new JsonObject()))).isEqualTo(409);
		assertThat(status(() -> api(alice).restore(fileId, 1))).isEqualTo(409);
		assertThat(browser.get("/api/v1/files/" + fileId + "/thumbnail").statusCode()).isEqualTo(404);
		assertThat(api(alice).versions(fileId).get(0).getAsJsonObject().get("endToEnd").getAsBoolean()).isTrue();

		// A link made to a plain file stops serving it once a version is end to end.
		String readmeId = fileIdOf("readme.txt");
		String token = api(alice).createLink(readmeId, new JsonObject()).get("token").getAsString();
		WebClient visitor = server.client();
		assertThat(visitor.get("/s/" + token + "/download").statusCode()).isEqualTo(200);
		assertThat(alice.run("put", folder.resolve("readme.txt").toString(), "--name", "album/readme.txt", "--e2e")
			.exitCode()).isZero();
		HttpResponse<String> refused = visitor.get("/s/" + token + "/download");
		assertThat(refused.statusCode()).isEqualTo(409);
		assertThat(refused.body()).doesNotContain("plain text");
	}

	@Test
	void wrappedKeyEndpoints_enforceOwnerAndReaders_andValidateInput() throws Exception {
		Coffer alice = withKeys("alice");
		Coffer bob = withKeys("bob");
		Coffer dave = withKeys("dave");
		assertThat(alice.run("put", write("api.txt", secret(100)).toString(), "--e2e").exitCode()).isZero();
		String fileId = fileIdOf("api.txt");
		assertThat(
				alice.run("share", "api.txt", "bob", "--e2e", "--passphrase-file", passphraseFile("alice").toString())
					.exitCode())
			.isZero();
		String key = Base64.getEncoder().encodeToString(new byte[80]);

		assertThat(status(() -> api(bob).putWrappedKey(fileId, 1, "bob", key))).isEqualTo(403);
		assertThat(status(() -> api(dave).putWrappedKey(fileId, 1, "dave", key))).isEqualTo(404);
		assertThat(status(() -> api(dave).wrappedKey(fileId, 1))).isEqualTo(404);
		assertThat(status(() -> api(alice).putWrappedKey(fileId, 1, "dave", key))).isEqualTo(409);
		assertThat(status(() -> api(alice).putWrappedKey(fileId, 1, "bob", "not base64!"))).isEqualTo(400);
		assertThat(status(() -> api(alice).putWrappedKey(fileId, 1, "bob", "AAAA"))).isEqualTo(400);
		assertThat(status(() -> api(alice).putWrappedKey(fileId, 9, "bob", key))).isEqualTo(404);
		assertThat(status(() -> api(alice).putWrappedKey(fileId, 1, "nobody", key))).isEqualTo(404);
		assertThat(status(() -> api(bob).endToEndRecipients(fileId))).isEqualTo(403);
		assertThat(api(alice).endToEndRecipients(fileId).get(0).getAsJsonObject().get("username").getAsString())
			.isEqualTo("bob");
		assertThat(status(() -> api(alice).registerPublicKey(RecipientKey.ALGORITHM,
				Base64.getEncoder().encodeToString(new byte[32]), HexFormat.of().formatHex(new byte[32]))))
			.isEqualTo(400);
		RecipientKey bobs = publicKey("bob");
		assertThat(status(() -> api(alice).registerPublicKey(RecipientKey.ALGORITHM,
				Base64.getEncoder().encodeToString(bobs.raw()), bobs.fingerprint())))
			.isEqualTo(409);
		assertThat(status(() -> api(alice).publicKeyOf("nobody"))).isEqualTo(404);
		// An editor may not upload end-to-end encrypted versions: only the owner wraps
		// keys.
		assertThat(alice.run("share", "api.txt", "dave", "--edit").exitCode()).isZero();
		HttpRequest.Builder request = connection(dave).request("/api/v1/files/" + fileId + "/content?e2e=true")
			.header("Content-Type", "application/octet-stream")
			.PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[100]));
		assertThat(status(() -> connection(dave).json(request.build()))).isEqualTo(403);
	}

	// --- the clients, their keys, and what the server holds

	private Coffer withKeys(String user) throws IOException {
		Coffer coffer = signedIn(user, user);
		if (new ClientConfig(coffer.configDir()).privateKey(URI.create(server.baseUrl() + "/")).isPresent()) {
			return coffer;
		}
		if (db.sql("select count(*) from user_public_keys k join users u on u.id = k.user_id where u.username = ?")
			.param(user)
			.query(Long.class)
			.single() > 0) {
			return coffer;
		}
		Coffer.Result init = coffer.run("keys", "init", "--passphrase-file", passphraseFile(user).toString());
		assertThat(init.exitCode()).as(init.toString()).isZero();
		assertThat(init.err()).contains("your end-to-end encrypted files are lost");
		KEY_FILES.put(user, keyFile(coffer));
		return coffer;
	}

	/** Each user's key file, made once for the whole class (one key per account). */
	static final Map<String, String> KEY_FILES = new java.util.concurrent.ConcurrentHashMap<>();

	/**
	 * Signed in with its own configuration directory, holding the user's key file if
	 * made.
	 */
	private Coffer signedIn(String user, String directory) throws IOException {
		Coffer coffer = new Coffer(this.home.resolve("config-" + directory));
		Coffer.Result login = coffer.stdin(token(user))
			.run("login", server.baseUrl(), "--token-stdin", "--fingerprint", fingerprint);
		assertThat(login.exitCode()).as(login.toString()).isZero();
		if (KEY_FILES.containsKey(user) && user.equals(directory)) {
			new ClientConfig(coffer.configDir()).savePrivateKey(URI.create(server.baseUrl() + "/"),
					KEY_FILES.get(user));
		}
		return coffer;
	}

	private static String keyFile(Coffer coffer) {
		return new ClientConfig(coffer.configDir()).privateKey(URI.create(server.baseUrl() + "/")).orElseThrow();
	}

	private static String keyFile(String user) {
		return KEY_FILES.get(user);
	}

	private static UserKeyPair keyPair(String user) throws EndToEndException {
		return PrivateKeyFile.open(keyFile(user), passphrase(user).toCharArray());
	}

	private static RecipientKey publicKey(String user) throws EndToEndException {
		return PrivateKeyFile.publicKey(keyFile(user));
	}

	private static String passphrase(String user) {
		return user + "'s long passphrase";
	}

	private Path passphraseFile(String user) throws IOException {
		Path file = this.home.resolve("passphrase-" + user);
		if (!Files.exists(file)) {
			Files.writeString(file, passphrase(user) + "\n");
		}
		return file;
	}

	private Path write(String name, byte[] content) throws IOException {
		Path file = this.home.resolve(name);
		Files.write(file, content);
		return file;
	}

	private static byte[] secret(int size) {
		byte[] content = new byte[size];
		new Random(size).nextBytes(content);
		byte[] marker = SECRET_MARKER.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i + marker.length <= size; i += 4096) {
			System.arraycopy(marker, 0, content, i, marker.length);
		}
		return content;
	}

	private static ServerConnection connection(Coffer coffer) {
		ClientConfig config = new ClientConfig(coffer.configDir());
		URI uri = config.defaultServer().orElseThrow();
		return new ServerConnection(uri, config.pinnedFingerprint(ServerConnection.hostAndPort(uri)).orElse(null),
				config.token(uri).orElseThrow());
	}

	private static CofferApi api(Coffer coffer) {
		return new CofferApi(connection(coffer));
	}

	private static int status(Runnable call) {
		try {
			call.run();
		}
		catch (ServerProblemException ex) {
			return ex.status();
		}
		catch (dev.coffer.cli.CofferException ex) {
			return (ex.exitCode() == ExitCodes.NOT_FOUND) ? 404 : -ex.exitCode();
		}
		return 200;
	}

	/** A version's content as the server can see it: decrypted with its own keys. */
	private static byte[] serverView(FileVersion version) throws IOException {
		try (SeekableByteChannel channel = server.bean(FileService.class).open(version);
				InputStream in = Channels.newInputStream(channel)) {
			return in.readAllBytes();
		}
	}

	private static byte[] wrappedFor(String fileId, int number, String user) {
		return Base64.getDecoder()
			.decode(db
				.sql("select k.wrapped_key from version_wrapped_keys k join file_versions v on v.id = k.version_id "
						+ "where v.file_id = ? and v.number = ? and k.recipient_id = ?")
				.params(fileId, number, userId(user))
				.query(String.class)
				.single());
	}

	private static List<String> wrappedKeysOf(String fileId) {
		return db
			.sql("select k.wrapped_key from version_wrapped_keys k join file_versions v on v.id = k.version_id "
					+ "where v.file_id = ?")
			.param(fileId)
			.query(String.class)
			.list();
	}

	private static long wrappedKeyCount(String fileId, String user) {
		return db
			.sql("select count(*) from version_wrapped_keys k join file_versions v on v.id = k.version_id "
					+ "where v.file_id = ? and k.recipient_id = ?")
			.params(fileId, userId(user))
			.query(Long.class)
			.single();
	}

	/** Every column of the rows the server keeps about the file, as text. */
	private static List<String> rowsAbout(String fileId) {
		List<String> rows = new ArrayList<>();
		for (String sql : List.of("select * from files where id = ?", "select * from file_versions where file_id = ?",
				"select k.* from version_wrapped_keys k join file_versions v on v.id = k.version_id where v.file_id = ?",
				"select * from audit_log where target like concat('%', ?, '%')")) {
			try {
				db.sql(sql).param(fileId).query().listOfRows().forEach((row) -> rows.add(row.toString()));
			}
			catch (RuntimeException ex) {
				// A table of another shape: the others still count.
			}
		}
		db.sql("select * from user_public_keys").query().listOfRows().forEach((row) -> rows.add(row.toString()));
		assertThat(rows).isNotEmpty();
		return rows;
	}

	private static boolean storedFilesContain(byte[] needle) throws IOException {
		try (Stream<Path> files = Files.walk(server.dataDir())) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				if (Files.size(file) < 64L << 20 && indexOf(Files.readAllBytes(file), needle) >= 0) {
					return true;
				}
			}
		}
		return false;
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	private static String fileIdOf(String name) {
		return db.sql("select id from files where name = ?").param(name).query(String.class).single();
	}

	private static String userId(String user) {
		return db.sql("select id from users where username = ?").param(user).query(String.class).single();
	}

	private static List<String> listing(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.map(Path::toString).toList();
		}
	}

	private static String token(String user) {
		WebClient browser = server.client();
		browser.login(user, PASSWORD);
		HttpResponse<String> created = browser.submit("/account", "/account/tokens",
				Map.of("name", "e2e test " + System.nanoTime(), "expiresIn", "30"));
		assertThat(created.statusCode()).isEqualTo(302);
		return WebClient.html(browser.get("/account")).selectFirst("input[aria-label=New API token]").attr("value");
	}

}
