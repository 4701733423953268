package dev.coffer.server.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.config.ClientConfig;
import dev.coffer.cli.config.UnfinishedUploads;
import dev.coffer.server.SecretTokens;
import dev.coffer.server.support.DroppingProxy;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code coffer} client against the real server over HTTPS with its self-signed
 * certificate, run in-process: trust on first use, both ways of signing in, every file
 * command, and what each failure exits with and says.
 */
class CommandLineClientTest {

	static final String PASSWORD = "correct horse battery staple";

	static final Pattern USER_CODE = Pattern.compile("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");

	static TestServer server;

	static WebClient aliceBrowser;

	static String fingerprint;

	@TempDir
	Path home;

	@BeforeAll
	static void start() throws Exception {
		server = TestServer.start("coffer.device-login.poll-interval=1s");
		server.client().signUp("alice", PASSWORD);
		server.client().signUp("bob", PASSWORD);
		server.client().signUp("carol", PASSWORD);
		aliceBrowser = server.client();
		aliceBrowser.login("alice", PASSWORD);
		fingerprint = server.certificateFingerprint();
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void login_toAnUnknownSelfSignedServer_withoutATerminal_isExit7_showingTheFingerprint_andStoresNothing() {
		Coffer coffer = coffer("alice");
		Coffer.Result result = coffer.stdin(token("alice")).run("login", server.baseUrl(), "--token-stdin");
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.UNTRUSTED_SERVER);
		assertThat(result.err()).contains(fingerprint).contains("--fingerprint").doesNotContain("\tat ");
		assertThat(coffer.configDir()).doesNotExist();
	}

	@Test
	void login_withTokenOnStdin_andTheRightFingerprint_pinsIt_andKeepsTheTokenOwnerOnly() throws IOException {
		Coffer coffer = coffer("alice");
		String token = token("alice");
		Coffer.Result login = coffer.stdin(token)
			.run("login", server.baseUrl(), "--token-stdin", "--fingerprint",
					fingerprint.replace("SHA256:", "").toLowerCase());
		assertThat(login.exitCode()).as(login.toString()).isZero();
		assertThat(login.out()).contains("Signed in to " + server.baseUrl() + "/ as alice");
		Path credentials = coffer.configDir().resolve("credentials.properties");
		assertThat(Files.readString(credentials)).contains(token);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(coffer.configDir())))
			.isEqualTo("rwx------");
		assertThat(new ClientConfig(coffer.configDir()).pinnedFingerprint("localhost:" + server.port()))
			.hasValue(fingerprint);
		Coffer.Result whoami = coffer.run("whoami");
		assertThat(whoami.out()).startsWith("alice (admin) on " + server.baseUrl()); // the
																						// first
																						// account
	}

	@Test
	void login_withAnotherFingerprint_isExit7_andTrustsNothing() {
		Coffer coffer = coffer("alice");
		String other = "SHA256:" + "00:".repeat(31) + "00";
		Coffer.Result login = coffer.stdin(token("alice"))
			.run("login", server.baseUrl(), "--token-stdin", "--fingerprint", other);
		assertThat(login.exitCode()).isEqualTo(ExitCodes.UNTRUSTED_SERVER);
		assertThat(login.err()).contains(fingerprint).contains(other);
		assertThat(coffer.configDir()).doesNotExist();
	}

	@Test
	void login_atATerminal_asksAboutTheCertificate_andPinsItOnlyIfConfirmed() {
		Coffer declined = coffer("alice").atTerminal("no");
		Coffer.Result no = declined.stdin(token("alice")).run("login", server.baseUrl(), "--token-stdin");
		assertThat(no.exitCode()).isEqualTo(ExitCodes.UNTRUSTED_SERVER);
		assertThat(no.err()).contains("Its fingerprint is " + fingerprint);
		assertThat(declined.configDir()).doesNotExist();

		Coffer confirmed = coffer("alice2").atTerminal("yes");
		Coffer.Result yes = confirmed.stdin(token("alice")).run("login", server.baseUrl(), "--token-stdin");
		assertThat(yes.exitCode()).as(yes.toString()).isZero();
		assertThat(new ClientConfig(confirmed.configDir()).pinnedFingerprint("localhost:" + server.port()))
			.hasValue(fingerprint);
	}

	@Test
	void aChangedCertificate_isRefused_showingBothFingerprints() {
		Coffer coffer = signedIn("alice");
		String old = "SHA256:" + "AB:".repeat(31) + "AB";
		new ClientConfig(coffer.configDir()).pin("localhost:" + server.port(), old);
		Coffer.Result ls = coffer.run("ls");
		assertThat(ls.exitCode()).isEqualTo(ExitCodes.UNTRUSTED_SERVER);
		assertThat(ls.err()).contains("CHANGED").contains(old).contains(fingerprint);
		Coffer.Result atTerminal = coffer.atTerminal("yes")
			.stdin(token("alice"))
			.run("login", server.baseUrl(), "--token-stdin");
		assertThat(atTerminal.exitCode()).as("a changed certificate is never offered for trust")
			.isEqualTo(ExitCodes.UNTRUSTED_SERVER);
	}

	@Test
	void deviceLogin_approvedInTheBrowser_givesATokenNamedAfterTheDevice() throws Exception {
		Coffer coffer = coffer("alice");
		CompletableFuture<Coffer.Result> login = CompletableFuture.supplyAsync(() -> coffer.run("login",
				server.baseUrl(), "--fingerprint", fingerprint, "--device-name", "alice's terminal"));
		String userCode = awaitUserCode(coffer, login);
		approveInBrowser(aliceBrowser, userCode, "/device/approve");
		Coffer.Result result = login.get();
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.out()).contains("as alice");
		assertThat(coffer.run("whoami").out()).startsWith("alice ");
		assertThat(server.bean(JdbcClient.class)
			.sql("select count(*) from api_tokens where name = 'alice''s terminal' and revoked_at is null")
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void deviceLogin_deniedInTheBrowser_isExit3_andStoresNoToken() throws Exception {
		Coffer coffer = coffer("alice");
		CompletableFuture<Coffer.Result> login = CompletableFuture
			.supplyAsync(() -> coffer.run("login", server.baseUrl(), "--fingerprint", fingerprint));
		approveInBrowser(aliceBrowser, awaitUserCode(coffer, login), "/device/deny");
		Coffer.Result result = login.get();
		assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_SIGNED_IN);
		assertThat(result.err()).contains("denied");
		assertThat(coffer.configDir().resolve("credentials.properties")).doesNotExist();
	}

	@Test
	void deviceLogin_withANameTheServerRefuses_isExit5_withTheServersReason() {
		Coffer coffer = coffer("alice");
		Coffer.Result result = coffer.run("login", server.baseUrl(), "--fingerprint", fingerprint, "--device-name", "");
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.REFUSED);
		assertThat(result.err()).startsWith("coffer: Give the token a name").doesNotContain("lacks");
		assertThat(coffer.configDir().resolve("credentials.properties")).doesNotExist();
	}

	@Test
	void putAndGet_ofSeveralMiB_roundTrip_withTheSameSha256() throws Exception {
		Coffer coffer = signedIn("alice");
		byte[] content = new byte[5 * 1024 * 1024 + 17];
		new Random(42).nextBytes(content);
		Path source = this.home.resolve("big.bin");
		Files.write(source, content);
		Coffer.Result put = coffer.run("put", source.toString());
		assertThat(put.exitCode()).as(put.toString()).isZero();
		assertThat(put.err()).contains("Uploaded big.bin: version 1").contains(sha256(content));

		Path downloads = Files.createDirectory(this.home.resolve("downloads"));
		Coffer.Result get = coffer.run("get", "big.bin", "-o", downloads.toString());
		assertThat(get.exitCode()).as(get.toString()).isZero();
		assertThat(sha256(Files.readAllBytes(downloads.resolve("big.bin")))).isEqualTo(sha256(content));
		try (var files = Files.list(downloads)) {
			assertThat(files).as("no partial file left").hasSize(1);
		}
		assertThat(Files.getPosixFilePermissions(downloads.resolve("big.bin")))
			.as("as the umask gives a new file, as curl leaves it")
			.isEqualTo(Files.getPosixFilePermissions(Files.createFile(this.home.resolve("umask-probe"))));
		Coffer.Result again = coffer.run("get", "big.bin", "-o", downloads.toString());
		assertThat(again.exitCode()).isEqualTo(ExitCodes.LOCAL_FILE);
		assertThat(again.err()).contains("exists already").contains("--force");

		Coffer.Result toStdout = coffer.run("get", "big.bin", "-o", "-");
		assertThat(toStdout.exitCode()).isZero();
		assertThat(toStdout.stdout()).isEqualTo(content);
	}

	@Test
	void put_overQuota_inOneRequest_isExit5_withTheServersReason_notABrokenConnection() throws Exception {
		server.client().signUp("dave", PASSWORD);
		server.bean(JdbcClient.class)
			.sql("update users set quota_bytes = ? where username = ?")
			.param(1L << 20)
			.param("dave")
			.update();
		byte[] content = new byte[12 * 1024 * 1024];
		new Random(17).nextBytes(content);
		Path source = this.home.resolve("too-big.bin");
		Files.write(source, content);

		Coffer.Result put = signedIn("dave").run("put", source.toString(), "--resumable-above", "64MiB");
		assertThat(put.exitCode()).as(put.toString()).isEqualTo(ExitCodes.REFUSED);
		assertThat(put.err()).containsIgnoringCase("quota");
	}

	@Test
	void put_ofAFileAboveTheThreshold_goesInPieces_toItsNameOrPath_withTheRightSha256() throws Exception {
		Coffer coffer = signedIn("alice");
		byte[] content = new byte[3 * 1024 * 1024 + 5];
		new Random(11).nextBytes(content);
		Path source = this.home.resolve("pieces.bin");
		Files.write(source, content);
		Coffer.Result put = coffer.run("put", source.toString(), "--resumable-above", "1MiB", "--chunk-size", "1M");
		assertThat(put.exitCode()).as(put.toString()).isZero();
		assertThat(put.err()).contains("Uploaded pieces.bin: version 1").contains(sha256(content));
		String fileId = fileIdOf("pieces.bin");
		assertThat(partSizes(fileId)).containsExactly(1L << 20, 1L << 20, 1L << 20, 5L);
		assertThat(coffer.configDir().resolve("uploads.json")).as("nothing left to resume").doesNotExist();

		Coffer.Result again = coffer.run("put", source.toString(), "--resumable-above", "1MiB", "--json");
		assertThat(again.exitCode()).as(again.toString()).isZero();
		assertThat(JsonParser.parseString(again.out())
			.getAsJsonArray()
			.get(0)
			.getAsJsonObject()
			.get("currentVersion")
			.getAsInt()).as("a name you have gets a new version").isEqualTo(2);

		Coffer.Result toPath = coffer.run("put", source.toString(), "--name", "large/files/p.bin", "--resumable-above",
				"2MiB", "--chunk-size", "2MiB");
		assertThat(toPath.exitCode()).as(toPath.toString()).isZero();
		assertThat(toPath.err()).contains("Uploaded large/files/p.bin: version 1");
		assertThat(coffer.run("get", "large/files/p.bin", "-o", "-").stdout()).isEqualTo(content);
		assertThat(partSizes(fileIdOf("p.bin"))).hasSize(2);

		Path bundle = Files.createDirectories(this.home.resolve("bundle/big"));
		Files.write(bundle.resolve("one.bin"), content);
		Files.writeString(bundle.resolveSibling("small.txt"), "small");
		Coffer.Result directory = coffer.run("put", bundle.getParent().toString(), "--resumable-above", "1MiB",
				"--chunk-size", "1MiB");
		assertThat(directory.exitCode()).as(directory.toString()).isZero();
		assertThat(directory.err()).contains("Uploaded bundle/big/one.bin: version 1")
			.contains("Uploaded bundle/small.txt: version 1");
		assertThat(partSizes(fileIdOf("one.bin"))).hasSize(4);
		assertThat(coffer.run("get", "bundle/big/one.bin", "-o", "-").stdout()).isEqualTo(content);
	}

	@Test
	void anInterruptedPut_runAgain_resumesWhereItStopped_andSendsOnlyTheRest() throws Exception {
		server.client().signUp("erin", PASSWORD);
		Coffer coffer = signedIn("erin");
		byte[] content = new byte[48 * 1024 * 1024];
		new Random(3).nextBytes(content);
		Path source = this.home.resolve("interrupted.bin");
		Files.write(source, content);
		String[] put = { "put", source.toString(), "--resumable-above", "1MiB", "--chunk-size", "256KiB" };

		Coffer.Result interrupted = interruptAfter(coffer, "interrupted.bin", 2 << 20, put);
		assertThat(interrupted.exitCode()).as(interrupted.toString()).isNotZero();
		assertThat(interrupted.err()).contains("Run the same put again to resume");
		assertThat(Files.readString(coffer.configDir().resolve("uploads.json"))).contains(source.toString());
		Map<String, Object> before = uploadNamed("interrupted.bin");
		long arrived = ((Number) before.get("upload_offset")).longValue();
		assertThat(arrived).isBetween(1L, content.length - 1L);
		assertThat(declaresSha256("interrupted.bin"))
			.as("no pass over the file before sending: its SHA-256 goes with the last piece")
			.isFalse();
		// As a node that died mid-request leaves it: its lease holds the upload a while.
		server.bean(JdbcClient.class)
			.sql("update resumable_uploads set lease_token = 'a request cut off', lease_until = ? where name = ?")
			.params(System.currentTimeMillis() + 3_000, "interrupted.bin")
			.update();

		Coffer.Result resumed = coffer.run(put);
		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		assertThat(resumed.err()).as("waits as long as the server says, then goes on")
			.containsPattern("that was cut off still holds it on the server\\); trying again in [2-4] s")
			.as("what to do is the client's business, not the user's")
			.doesNotContain("(HEAD)");
		assertThat(resumed.err()).contains("Resuming interrupted.bin at ").contains(" of 48.0 MiB");
		assertThat(resumed.err()).contains("Uploaded interrupted.bin: version 1").contains(sha256(content));
		String fileId = fileIdOf("interrupted.bin");
		assertThat(blobOf(fileId)).as("the same upload went on").isEqualTo(before.get("blob_id"));
		List<Long> sizes = partSizes(fileId);
		int partsBefore = ((Number) before.get("part_count")).intValue();
		assertThat(sizes.subList(0, partsBefore).stream().mapToLong(Long::longValue).sum()).isEqualTo(arrived);
		assertThat(sizes.subList(partsBefore, sizes.size()).stream().mapToLong(Long::longValue).sum())
			.as("the second run sent only the rest")
			.isEqualTo(content.length - arrived);
		assertThat(coffer.configDir().resolve("uploads.json")).doesNotExist();
		assertThat(coffer.run("get", "interrupted.bin", "-o", "-").stdout()).isEqualTo(content);
	}

	@Test
	void ctrlC_duringAResumablePut_endsTheBarsLine_andSaysToRunTheSamePutAgain() throws Exception {
		server.client().signUp("ingrid", PASSWORD);
		Coffer coffer = signedIn("ingrid").atTerminal("y");
		byte[] content = new byte[48 * 1024 * 1024];
		new Random(5).nextBytes(content);
		Path source = Files.write(this.home.resolve("ctrl-c.bin"), content);

		String shown = ctrlCOnce(coffer, () -> uploadedSoFar("ctrl-c.bin") >= 2 << 20, "put", source.toString(),
				"--resumable-above", "1MiB", "--chunk-size", "256KiB");
		assertThat(shown).containsPattern("\\rctrl-c.bin \\[[#.]{24}\\] [^\\r\\n]*/s   \\R"
				+ "coffer: interrupted; run the same put again to resume\\R");
		assertThat(Files.readString(coffer.configDir().resolve("uploads.json"))).contains(source.toString());
	}

	@Test
	void ctrlC_duringAGet_endsTheBarsLine_removesThePartialFile_andSaysNothingWasKept() throws Exception {
		server.client().signUp("gerd", PASSWORD);
		Coffer coffer = signedIn("gerd").atTerminal("y");
		byte[] content = new byte[48 * 1024 * 1024];
		new Random(6).nextBytes(content);
		assertThat(coffer.run("put", Files.write(this.home.resolve("big-get.bin"), content).toString()).exitCode())
			.isZero();
		Path downloads = Files.createDirectory(this.home.resolve("ctrl-c"));
		// Bytes in the partial file, and the bar drawn (a loaded machine can write the
		// first
		// before it draws the second).
		BooleanSupplier receiving = () -> {
			try (var files = Files.list(downloads)) {
				return files.anyMatch((file) -> file.toFile().length() > 0)
						&& coffer.errSoFar().matches("(?s).*big-get\\.bin \\[.*/s.*");
			}
			catch (IOException ex) {
				return false;
			}
		};

		String shown = ctrlCOnce(coffer, receiving, "get", "big-get.bin", "-o", downloads.toString());
		try (var files = Files.list(downloads)) {
			assertThat(files).as("the partial file removed by the hook").isEmpty();
		}
		assertThat(shown).containsPattern(
				"\\rbig-get.bin \\[[#.]{24}\\] [^\\r\\n]*/s   \\Rcoffer: interrupted; nothing was kept\\R");
	}

	@Test
	void aConnectionDroppedMidUpload_isRetriedWithinTheRun_fromTheServersOffset() throws Exception {
		byte[] content = new byte[6 * 1024 * 1024];
		new Random(13).nextBytes(content);
		Path source = this.home.resolve("dropped.bin");
		Files.write(source, content);
		// Each piece goes over its own connection: cut the first one halfway through its
		// piece.
		try (DroppingProxy proxy = DroppingProxy.to(server.port(), 1 << 19)) {
			Coffer coffer = coffer("bob");
			String viaProxy = "https://localhost:" + proxy.port();
			Coffer.Result login = coffer.stdin(token("bob"))
				.run("login", viaProxy, "--token-stdin", "--fingerprint", fingerprint);
			assertThat(login.exitCode()).as(login.toString()).isZero();

			Coffer.Result put = coffer.run("put", source.toString(), "--resumable-above", "1MiB", "--chunk-size",
					"1MiB");
			assertThat(put.exitCode()).as(put.toString()).isZero();
			assertThat(proxy.cuts()).isEqualTo(1);
			assertThat(put.err()).contains("Upload of dropped.bin interrupted").contains("trying again in 1 s");
			assertThat(put.err()).contains("Uploaded dropped.bin: version 1").contains(sha256(content));
			List<Long> sizes = partSizes(fileIdOf("dropped.bin"));
			assertThat(sizes.stream().mapToLong(Long::longValue).sum()).isEqualTo(content.length);
			assertThat(coffer.run("get", "dropped.bin", "-o", "-").stdout()).isEqualTo(content);
		}
	}

	@Test
	void anUnfinishedUploadTheServerNoLongerHas_startsOver() throws Exception {
		Coffer coffer = signedIn("carol");
		byte[] content = new byte[2 * 1024 * 1024 + 1];
		new Random(17).nextBytes(content);
		Path source = this.home.resolve("forgotten.bin");
		Files.write(source, content);
		String signedInTo = new ClientConfig(coffer.configDir()).defaultServer().orElseThrow().toString();
		new UnfinishedUploads(coffer.configDir())
			.save(new UnfinishedUploads.Entry(signedInTo, source.toAbsolutePath().toString(), "forgotten.bin",
					content.length, Files.getLastModifiedTime(source).toInstant().toString(), sha256(content),
					"/api/v1/uploads/" + UUID.randomUUID(), null));

		Coffer.Result put = coffer.run("put", source.toString(), "--resumable-above", "1MiB", "--chunk-size", "1MiB");
		assertThat(put.exitCode()).as(put.toString()).isZero();
		assertThat(put.err()).contains("no longer has the interrupted upload of forgotten.bin; starting over")
			.contains("Uploaded forgotten.bin: version 1")
			.contains(sha256(content));
		assertThat(partSizes(fileIdOf("forgotten.bin"))).containsExactly(1L << 20, 1L << 20, 1L);
		assertThat(coffer.configDir().resolve("uploads.json")).doesNotExist();
	}

	@Test
	void aFileChangedWhereItWasSentAlready_underTheSameSizeAndTime_isRefusedByTheServersCheck() throws Exception {
		server.client().signUp("grace", PASSWORD);
		Coffer coffer = signedIn("grace");
		byte[] content = new byte[24 * 1024 * 1024];
		new Random(9).nextBytes(content);
		Path source = this.home.resolve("changed-behind.bin");
		Files.write(source, content);
		String[] put = { "put", source.toString(), "--resumable-above", "1MiB", "--chunk-size", "256KiB" };
		assertThat(interruptAfter(coffer, "changed-behind.bin", 2 << 20, put).exitCode()).isNotZero();
		FileTime modified = Files.getLastModifiedTime(source);
		// A byte the server has already, changed so that the client cannot tell: what it
		// hashes now is not what the server holds.
		byte[] changed = content.clone();
		changed[100] ^= 1;
		Files.write(source, changed);
		Files.setLastModifiedTime(source, modified);

		Coffer.Result again = coffer.run(put);
		assertThat(again.exitCode()).as(again.toString()).isNotZero();
		assertThat(again.err()).contains("Resuming changed-behind.bin").contains("SHA-256").contains(sha256(changed));
		assertThat(server.bean(JdbcClient.class)
			.sql("select count(*) from files where name = 'changed-behind.bin'")
			.query(Long.class)
			.single()).as("nothing stored: %s", again).isZero();
		assertThat(uploadedSoFar("changed-behind.bin")).as("the upload is discarded").isZero();
	}

	@Test
	void anInterruptedPut_ofAFileThatChanged_startsOver_andCancelsTheOldUpload() throws Exception {
		server.client().signUp("frank", PASSWORD);
		Coffer coffer = signedIn("frank");
		byte[] content = new byte[48 * 1024 * 1024];
		new Random(5).nextBytes(content);
		Path source = this.home.resolve("changing.bin");
		Files.write(source, content);
		String[] put = { "put", source.toString(), "--resumable-above", "1MiB", "--chunk-size", "256KiB" };
		assertThat(interruptAfter(coffer, "changing.bin", 1 << 20, put).exitCode()).isNotZero();
		String oldBlob = (String) uploadNamed("changing.bin").get("blob_id");

		byte[] changed = Arrays.copyOf(content, content.length - 1000);
		changed[0] ^= 1;
		Files.write(source, changed);
		Coffer.Result again = coffer.run(put);
		assertThat(again.exitCode()).as(again.toString()).isZero();
		assertThat(again.err()).contains("changed since its upload was interrupted; starting over")
			.doesNotContain("Resuming")
			.contains(sha256(changed));
		String fileId = fileIdOf("changing.bin");
		assertThat(blobOf(fileId)).isNotEqualTo(oldBlob);
		assertThat(partSizes(fileId).stream().mapToLong(Long::longValue).sum()).isEqualTo(changed.length);
		assertThat(server.bean(JdbcClient.class)
			.sql("select count(*) from resumable_uploads where blob_id = ?")
			.param(oldBlob)
			.query(Long.class)
			.single()).as("the old upload was cancelled").isZero();
	}

	@Test
	void uploads_listsWhatTheServerHolds_andRemovesRecordsThatCannotBeResumed_sayingWhy() throws Exception {
		server.client().signUp("hanna", PASSWORD);
		Coffer coffer = signedIn("hanna");
		Path resumable = this.home.resolve("listed.bin");
		assertThat(interruptAfter(coffer, "listed.bin", 1 << 20, resumablePut(resumable, 11)).exitCode()).isNotZero();
		long held = uploadedSoFar("listed.bin");
		Path gone = Files.write(this.home.resolve("gone.bin"), new byte[100]);
		Path changed = Files.write(this.home.resolve("changed.bin"), new byte[100]);
		record(coffer, gone, "gone.bin", 100);
		record(coffer, changed, "changed.bin", 99);
		record(coffer, this.home.resolve("deleted.bin"), "deleted.bin", 100);
		new UnfinishedUploads(coffer.configDir())
			.save(new UnfinishedUploads.Entry("https://elsewhere.example/", resumable.toString(), "listed.bin", 1,
					"2026-01-01T00:00:00Z", null, "/api/v1/uploads/" + UUID.randomUUID(), null));

		Coffer.Result listed = coffer.run("uploads");
		assertThat(listed.exitCode()).as(listed.toString()).isZero();
		assertThat(listed.out())
			.containsPattern(Pattern.quote(resumable + " → listed.bin: ") + "[0-9.]+ MiB of 24.0 MiB on the server, "
					+ "started \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d")
			.contains(gone + " → gone.bin: gone from the server (finished, cancelled or expired); record removed")
			.contains(changed + " → changed.bin: the local file changed since the upload started; record removed")
			.contains(this.home.resolve("deleted.bin") + " → deleted.bin: the local file no longer exists; "
					+ "record removed and its upload cancelled on the server");
		assertThat(listed.err()).contains("Unfinished uploads to https://elsewhere.example/ too");
		assertThat(gone).exists();
		assertThat(changed).exists();

		Coffer.Result again = coffer.run("uploads", "--json");
		assertThat(again.exitCode()).as(again.toString()).isZero();
		JsonArray rows = JsonParser.parseString(again.out()).getAsJsonArray();
		assertThat(rows).hasSize(1);
		assertThat(rows.get(0).getAsJsonObject().get("file").getAsString()).isEqualTo(resumable.toString());
		assertThat(rows.get(0).getAsJsonObject().get("uploaded").getAsLong()).isEqualTo(held);
		assertThat(rows.get(0).getAsJsonObject().get("status").getAsString()).isEqualTo("resumable");
		assertThat(rows.get(0).getAsJsonObject().has("location")).as("the upload's location is as good as a token")
			.isFalse();
	}

	@Test
	void uploadsCancel_endsTheUploadOnTheServer_forgetsIt_andKeepsTheLocalFile() throws Exception {
		server.client().signUp("ivan", PASSWORD);
		Coffer coffer = signedIn("ivan");
		Path source = this.home.resolve("cancelled.bin");
		assertThat(interruptAfter(coffer, "cancelled.bin", 1 << 20, resumablePut(source, 12)).exitCode()).isNotZero();
		assertThat(uploadedSoFar("cancelled.bin")).isPositive();

		Coffer.Result unknown = coffer.run("uploads", "--cancel", source.toString(), "nothing-recorded.bin");
		assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(unknown.err().strip()).startsWith("coffer: No unfinished upload of ")
			.contains("nothing-recorded.bin")
			.doesNotContain("\n");
		assertThat(uploadedSoFar("cancelled.bin")).as("nothing cancelled").isPositive();

		Coffer.Result cancel = coffer.run("uploads", "--cancel", source.toString());
		assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
		assertThat(cancel.err()).contains("Cancelled the upload of " + source + " to cancelled.bin");
		assertThat(server.bean(JdbcClient.class)
			.sql("select count(*) from resumable_uploads where name = 'cancelled.bin'")
			.query(Long.class)
			.single()).isZero();
		assertThat(source).exists();
		assertThat(coffer.run("uploads").err().strip()).isEqualTo("No unfinished uploads.");

		record(coffer, source, "cancelled.bin", Files.size(source));
		Coffer.Result all = coffer.run("uploads", "--cancel-all");
		assertThat(all.exitCode()).as("an upload the server no longer has is cancelled already: %s", all).isZero();
		assertThat(coffer.configDir().resolve("uploads.json")).doesNotExist();
	}

	@Test
	void uploads_withTheServerUnreachable_listsWhatItRecorded_andKeepsIt() throws Exception {
		Coffer coffer = signedIn("carol");
		URI unreachable = URI.create("https://127.0.0.1:1/");
		new ClientConfig(coffer.configDir()).saveToken(unreachable, "coffer_pat_unused");
		Path source = Files.write(this.home.resolve("waiting.bin"), new byte[2048]);
		new UnfinishedUploads(coffer.configDir()).save(new UnfinishedUploads.Entry(unreachable.toString(),
				source.toString(), "waiting.bin", 2048, Files.getLastModifiedTime(source).toInstant().toString(), null,
				"/api/v1/uploads/" + UUID.randomUUID(), "2026-12-01T10:00:00Z"));

		Coffer.Result listed = coffer.run("uploads", "--server", unreachable.toString());
		assertThat(listed.exitCode()).as(listed.toString()).isZero();
		assertThat(listed.out()).contains(source + " → waiting.bin: 2.0 KiB, server unreachable, started ");
		assertThat(listed.err()).contains("Could not ask https://127.0.0.1:1/ how much it holds: Cannot connect");
		assertThat(new UnfinishedUploads(coffer.configDir()).to(unreachable)).hasSize(1);
	}

	@Test
	void putADirectory_makesItsFolders_lsListsThem_andGetTakesAPath() throws Exception {
		Coffer coffer = signedIn("carol");
		Path project = Files.createDirectories(this.home.resolve("project"));
		Files.createDirectories(project.resolve("docs/2026"));
		Files.createDirectories(project.resolve("empty"));
		Files.writeString(project.resolve("readme.txt"), "read me");
		Files.writeString(project.resolve("docs/2026/plan.txt"), "the plan");
		Files.createSymbolicLink(project.resolve("elsewhere"), Path.of("/etc"));

		Coffer.Result put = coffer.run("put", project.toString());
		assertThat(put.exitCode()).as(put.toString()).isZero();
		assertThat(put.err()).contains("Uploaded project/docs/2026/plan.txt: version 1")
			.contains("Uploaded project/readme.txt: version 1")
			.contains("Skipped " + project.resolve("elsewhere") + ": a symbolic link");
		assertThat(coffer.run("ls").out().lines()).contains("project/");
		assertThat(coffer.run("ls", "project").out().lines()).containsExactly("docs/", "readme.txt");
		assertThat(coffer.run("ls", "--long", "project/docs/2026").out()).contains("v1").contains("plan.txt");
		Coffer.Result missing = coffer.run("ls", "project/nowhere");
		assertThat(missing.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(missing.err()).contains("project/nowhere");

		// Again: new versions, no new files; a --name with a path puts one file there.
		Files.writeString(project.resolve("docs/2026/plan.txt"), "the plan, revised");
		assertThat(coffer.run("put", project.toString()).err())
			.contains("Uploaded project/docs/2026/plan.txt: version 2");
		assertThat(coffer.stdin("notes").run("put", "-", "--name", "project/docs/notes.txt").exitCode()).isZero();
		// A --name ending in / is a folder: the file keeps its own name there.
		Coffer.Result intoFolder = coffer.run("put", project.resolve("readme.txt").toString(), "--name", "/copies/");
		assertThat(intoFolder.err()).as(intoFolder.toString()).contains("Uploaded copies/readme.txt: version 1");
		assertThat(coffer.run("ls", "copies").out().lines()).containsExactly("readme.txt");
		Coffer.Result nothing = coffer.run("put", project.resolve("empty").toString());
		assertThat(nothing.exitCode()).isZero();
		assertThat(nothing.err()).contains("Nothing to upload in " + project.resolve("empty") + ": it holds no files");

		assertThat(new String(coffer.run("get", "project/docs/2026/plan.txt", "-o", "-").stdout()))
			.isEqualTo("the plan, revised");
		Path downloads = Files.createDirectory(this.home.resolve("from-folders"));
		Coffer.Result get = coffer.run("get", "project/docs/notes.txt", "-o", downloads.toString());
		assertThat(get.exitCode()).as(get.toString()).isZero();
		assertThat(Files.readString(downloads.resolve("notes.txt"))).isEqualTo("notes");
		Coffer.Result noFile = coffer.run("get", "project/docs/none.txt", "-o", downloads.toString());
		assertThat(noFile.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
		try (var files = Files.list(downloads)) {
			assertThat(files).as("nothing partial left").hasSize(1);
		}
		assertThat(coffer.run("get", "project/readme.txt", "--version", "1", "-o", "-").stdout())
			.isEqualTo("read me".getBytes(StandardCharsets.UTF_8));

		// A public link to a folder: its URL opens the folder for anyone, until unlinked.
		Coffer.Result link = coffer.run("link", "--folder", "project/docs", "--max-downloads", "5");
		assertThat(link.exitCode()).as(link.toString()).isZero();
		String url = link.out().strip();
		assertThat(url).startsWith(server.baseUrl() + "/s/");
		assertThat(link.err()).contains("coffer unlink --folder project/docs ");
		WebClient visitor = server.client();
		String path = url.substring(server.baseUrl().length());
		assertThat(visitor.get(path).body()).contains("notes.txt").contains("2026");
		Coffer.Result links = coffer.run("links", "--folder", "project/docs");
		assertThat(links.out()).contains("active").contains("0/5 downloads");
		String linkId = links.out().strip().split("\\s+")[0];
		assertThat(coffer.run("unlink", "--folder", "project/docs", linkId).exitCode()).isZero();
		assertThat(visitor.get(path).statusCode()).isEqualTo(410);
		assertThat(coffer.run("link", "--folder", "project/nowhere").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(coffer.run("link", "--folder", "project", "--version", "1").exitCode()).isEqualTo(ExitCodes.USAGE);
	}

	@Test
	void aDownloadCutOffMidway_leavesNothing_andIsExit8() throws Exception {
		Coffer coffer = signedIn("alice");
		byte[] content = new byte[3 * 1024 * 1024];
		new Random(7).nextBytes(content);
		Path source = this.home.resolve("tampered.bin");
		Files.write(source, content);
		assertThat(coffer.run("put", source.toString()).exitCode()).isZero();
		Path blob;
		try (var files = Files.walk(server.dataDir().resolve("blobs"))) {
			blob = files.filter(Files::isRegularFile)
				.max(Comparator.comparing((file) -> file.toFile().lastModified()))
				.orElseThrow();
		}
		byte[] stored = Files.readAllBytes(blob);
		stored[stored.length - 1000] ^= 0x01; // in the last segment: the first ones are
												// sent
		Files.write(blob, stored);

		Path downloads = Files.createDirectory(this.home.resolve("cut"));
		Coffer.Result get = coffer.run("get", "tampered.bin", "-o", downloads.toString());
		assertThat(get.exitCode()).as(get.toString()).isEqualTo(ExitCodes.UNREACHABLE);
		assertThat(get.err()).contains("broke off").contains("nothing was kept");
		try (var files = Files.list(downloads)) {
			assertThat(files).as("no file, no partial file").isEmpty();
		}
	}

	@Test
	void putFromStdin_newVersions_versionsAndRestore() {
		Coffer coffer = signedIn("alice");
		assertThat(coffer.stdin("first").run("put", "-", "--name", "notes.txt").exitCode()).isZero();
		assertThat(coffer.stdin("second").run("put", "-", "--name", "notes.txt").err()).contains("version 2");
		Coffer.Result versions = coffer.run("versions", "notes.txt");
		assertThat(versions.out().lines()).hasSize(2);
		assertThat(versions.out()).contains("(current)");
		Coffer.Result restore = coffer.run("restore", "notes.txt", "1");
		assertThat(restore.exitCode()).as(restore.toString()).isZero();
		assertThat(restore.err()).contains("as version 3");
		assertThat(new String(coffer.run("get", "notes.txt", "-o", "-").stdout())).isEqualTo("first");
		Coffer.Result missingName = coffer.stdin("x").run("put", "-");
		assertThat(missingName.exitCode()).isEqualTo(ExitCodes.USAGE);
	}

	@Test
	void mistakesOnTheCommandLine_sayWhatIsWrong_andMakeNothing() {
		Coffer coffer = signedIn("alice");
		Coffer.Result dotDot = coffer.stdin("x").run("put", "-", "--name", "made/../escape.txt");
		assertThat(dotDot.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(dotDot.err()).contains("\u201c..\u201d cannot be the names of files or folders");
		assertThat(coffer.run("ls", "made").exitCode()).as("no folder made on the way").isEqualTo(ExitCodes.NOT_FOUND);
		Coffer.Result tinyPieces = coffer.stdin("x").run("put", "-", "--name", "t.txt", "--chunk-size", "10");
		assertThat(tinyPieces.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(tinyPieces.err()).contains("--chunk-size must be at least 64KiB");
		assertThat(coffer.stdin("content").run("put", "-", "--name", "here.txt").exitCode()).isZero();
		Path nowhere = this.home.resolve("no-such-directory").resolve("here.txt");
		Coffer.Result noDirectory = coffer.run("get", "here.txt", "-o", nowhere.toString());
		assertThat(noDirectory.exitCode()).isEqualTo(ExitCodes.LOCAL_FILE);
		assertThat(noDirectory.err()).contains("there is no directory " + nowhere.getParent());
		// A trailing slash means a directory: never a file named like it.
		Path newDirectory = this.home.resolve("not-made-yet");
		Coffer.Result intoMissing = coffer.run("get", "here.txt", "-o", newDirectory + "/");
		assertThat(intoMissing.exitCode()).isEqualTo(ExitCodes.LOCAL_FILE);
		assertThat(intoMissing.err()).contains("Cannot write into " + newDirectory + "/: there is no such directory");
		assertThat(newDirectory).doesNotExist();
	}

	@Test
	void lsMvRm_withJsonForScripts() {
		Coffer coffer = signedIn("bob");
		coffer.stdin("a").run("put", "-", "--name", "a.txt");
		coffer.stdin("b").run("put", "-", "--name", "b.txt");
		JsonArray listed = JsonParser.parseString(coffer.run("ls", "--json").out()).getAsJsonArray();
		assertThat(listed.asList().stream().map((file) -> file.getAsJsonObject().get("name").getAsString()))
			.contains("a.txt", "b.txt");
		assertThat(coffer.run("ls", "--long").out()).contains("v1").contains("b.txt");
		assertThat(coffer.run("mv", "a.txt", "c.txt").exitCode()).isZero();
		Coffer.Result taken = coffer.run("mv", "c.txt", "b.txt");
		assertThat(taken.exitCode()).isEqualTo(ExitCodes.REFUSED);
		assertThat(taken.err()).startsWith("coffer: ").doesNotContain("\tat ");
		assertThat(coffer.run("rm", "c.txt").exitCode()).isZero();
		assertThat(coffer.run("ls").out()).doesNotContain("c.txt").doesNotContain("a.txt");
		Coffer.Result missing = coffer.run("get", "c.txt");
		assertThat(missing.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(missing.err()).contains("c.txt");
	}

	@Test
	void aFileThatIsNotThere_isExit4_inTheSameWords_forGetRmAndMv_andAFolderIsSaidToBeOne() {
		server.client().signUp("nadia", PASSWORD);
		Coffer coffer = signedIn("nadia");
		assertThat(coffer.stdin("q1").run("put", "-", "--name", "reports/2026/q1.pdf").exitCode()).isZero();

		for (String[] command : List.of(new String[] { "get", "-o", "-" }, new String[] { "rm" },
				new String[] { "mv", "x.pdf" })) {
			// mv takes folders too.
			String noFile = "mv".equals(command[0]) ? "coffer: No file or folder " : "coffer: No file ";
			assertThat(notFound(coffer, command, "none.pdf"))
				.isEqualTo(noFile + "\u201cnone.pdf\u201d in your files (see 'coffer ls')");
			assertThat(notFound(coffer, command, "reports/2026/q2.pdf"))
				.isEqualTo(noFile + "\u201creports/2026/q2.pdf\u201d in your files (see 'coffer ls reports/2026')");
			assertThat(notFound(coffer, command, "reports/2025/q1.pdf"))
				.isEqualTo(noFile + "\u201creports/2025/q1.pdf\u201d in your files (see 'coffer ls reports')");
			// rm -r and mv take folders: see rm_deletesEvery… and
			// mv_renamesAndMovesFolders…
			if ("get".equals(command[0])) {
				Coffer.Result folder = coffer.run("get", "reports/2026");
				assertThat(folder.exitCode()).as(folder.toString()).isEqualTo(ExitCodes.USAGE);
				assertThat(folder.err().strip()).isEqualTo("coffer: \u201creports/2026\u201d is a folder; use get -r "
						+ "to download it with everything in it: coffer get -r reports/2026");
			}
			assertThat(notFound(coffer, command, "q1.pdf")).as("a name is one in your top folder, not anywhere")
				.isEqualTo(noFile + "\u201cq1.pdf\u201d in your files (see 'coffer ls')");
		}
		assertThat(new String(coffer.run("get", "reports/2026/q1.pdf", "-o", "-").stdout())).isEqualTo("q1");
	}

	@Test
	void mv_toAPath_movesIntoItsFolder_andRenames_makingMissingFolders_asPutDoes() {
		server.client().signUp("moritz", PASSWORD);
		Coffer coffer = signedIn("moritz");
		for (String name : List.of("a.txt", "b.txt", "c.txt", "x.txt")) {
			assertThat(coffer.stdin("content of " + name).run("put", "-", "--name", name).exitCode()).isZero();
		}

		Coffer.Result intoPath = coffer.run("mv", "a.txt", "reports/a.txt");
		assertThat(intoPath.exitCode()).as(intoPath.toString()).isZero();
		assertThat(intoPath.err()).contains("Moved a.txt to reports/a.txt");
		Coffer.Result keepingName = coffer.run("mv", "b.txt", "reports/");
		assertThat(keepingName.err()).as(keepingName.toString()).contains("Moved b.txt to reports/b.txt");
		Coffer.Result renamedInto = coffer.run("mv", "c.txt", "reports/2026/c-final.txt");
		assertThat(renamedInto.err()).as(renamedInto.toString()).contains("Moved c.txt to reports/2026/c-final.txt");
		assertThat(coffer.run("ls", "reports").out().lines()).containsExactly("2026/", "a.txt", "b.txt");
		assertThat(coffer.run("ls").out().lines()).containsExactly("reports/", "x.txt");
		assertThat(new String(coffer.run("get", "reports/2026/c-final.txt", "-o", "-").stdout()))
			.isEqualTo("content of c.txt");

		// Back to the top folder, into a folder named without a /, and renamed in place.
		assertThat(coffer.run("mv", "reports/a.txt", "a-back.txt").err()).contains("Moved reports/a.txt to a-back.txt");
		assertThat(coffer.run("mv", "a-back.txt", "reports/2026").err())
			.contains("Moved a-back.txt to reports/2026/a-back.txt");
		assertThat(coffer.run("mv", "reports/b.txt", "reports/b2.txt").err())
			.contains("Renamed reports/b.txt to reports/b2.txt");

		// A name taken there: refused, and the file stays where it was, once.
		Coffer.Result taken = coffer.run("mv", "x.txt", "reports/b2.txt");
		assertThat(taken.exitCode()).as(taken.toString()).isEqualTo(ExitCodes.REFUSED);
		assertThat(coffer.run("ls").out().lines()).containsExactly("reports/", "x.txt");
		assertThat(coffer.run("ls", "reports").out().lines()).containsExactly("2026/", "b2.txt");
		assertThat(coffer.run("ls", "reports/2026").out().lines()).containsExactly("a-back.txt", "c-final.txt");
		assertThat(coffer.run("versions", "reports/2026/c-final.txt").out().lines()).hasSize(1);
	}

	@Test
	void rm_putsFilesInTheTrash_andUntrashPutsThemBack() {
		server.client().signUp("trudy", PASSWORD);
		Coffer coffer = signedIn("trudy");
		coffer.stdin("first").run("put", "-", "--name", "twice.txt");
		assertThat(coffer.run("rm", "twice.txt").exitCode()).isZero();
		coffer.stdin("second").run("put", "-", "--name", "twice.txt");
		assertThat(coffer.run("rm", "twice.txt").exitCode()).isZero();
		coffer.stdin("kept").run("put", "-", "--name", "kept.txt");
		assertThat(coffer.run("rm", "kept.txt").exitCode()).isZero();
		coffer.stdin("deep").run("put", "-", "--name", "in/deep/gone.txt");
		assertThat(coffer.run("rm", "in/deep/gone.txt").exitCode()).isZero();

		Coffer.Result listed = coffer.run("trash");
		assertThat(listed.exitCode()).isZero();
		assertThat(listed.out()).contains("file").contains("twice.txt").contains("kept.txt");
		assertThat(listed.out()).as("where it was").contains("gone.txt  (from in/deep)");
		Coffer.Result deep = coffer.run("untrash", "gone.txt");
		assertThat(deep.err()).contains("Restored gone.txt into in/deep");
		// Two entries of one name: which one is the user's to say.
		Coffer.Result ambiguous = coffer.run("untrash", "twice.txt");
		assertThat(ambiguous.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(ambiguous.err()).contains("2 things named \u201ctwice.txt\u201d")
			.contains("Restore one by its id (coffer untrash ID): ");
		assertThat(coffer.run("untrash", "nothing.txt").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
		// Every name is found before any is restored: a typo restores nothing.
		assertThat(coffer.run("untrash", "kept.txt", "nothing.txt").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(coffer.run("get", "kept.txt", "-o", "-").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);

		Coffer.Result restored = coffer.run("untrash", "kept.txt");
		assertThat(restored.exitCode()).isZero();
		assertThat(restored.err()).contains("Restored kept.txt into your top folder");
		assertThat(new String(coffer.run("get", "kept.txt", "-o", "-").stdout())).isEqualTo("kept");
		JsonArray trash = JsonParser.parseString(coffer.run("trash", "--json").out()).getAsJsonArray();
		assertThat(trash.size()).isEqualTo(2);
		String newest = trash.get(0).getAsJsonObject().get("id").getAsString();
		assertThat(coffer.run("untrash", newest).exitCode()).isZero();
		assertThat(new String(coffer.run("get", "twice.txt", "-o", "-").stdout())).isEqualTo("second");
	}

	@Test
	void get_ofABareName_sharedTwiceWithYou_isAUsageError_notAGuess() {
		Coffer alice = signedIn("alice");
		Coffer bob = signedIn("bob");
		Coffer carol = signedIn("carol");
		alice.stdin("first").run("put", "-", "--name", "twice-a/twice-shared.txt");
		alice.stdin("second").run("put", "-", "--name", "twice-b/twice-shared.txt");
		assertThat(alice.run("share", "twice-a/twice-shared.txt", "bob").exitCode()).isZero();
		assertThat(alice.run("share", "twice-b/twice-shared.txt", "bob").exitCode()).isZero();
		Coffer.Result get = bob.run("get", "twice-shared.txt", "-o", "-");
		assertThat(get.exitCode()).as(get.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(get.err()).contains("alice shares 2 files named \u201ctwice-shared.txt\u201d with you");
		assertThat(get.stdout()).isEmpty();

		assertThat(alice.run("unshare", "twice-b/twice-shared.txt", "bob").exitCode()).isZero();
		carol.stdin("carol's").run("put", "-", "--name", "twice-shared.txt");
		assertThat(carol.run("share", "twice-shared.txt", "bob").exitCode()).isZero();
		Coffer.Result owners = bob.run("get", "twice-shared.txt", "-o", "-");
		assertThat(owners.exitCode()).as(owners.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(owners.err()).contains("say whose with --owner USER").contains("alice").contains("carol");
		assertThat(new String(bob.run("get", "twice-shared.txt", "--owner", "carol", "-o", "-").stdout()))
			.isEqualTo("carol's");
	}

	@Test
	void share_letsTheOtherUserGetIt_untilUnshared() {
		Coffer alice = signedIn("alice");
		Coffer bob = signedIn("bob");
		alice.stdin("for bob").run("put", "-", "--name", "shared.txt");
		Coffer.Result share = alice.run("share", "shared.txt", "bob");
		assertThat(share.exitCode()).isZero();
		assertThat(share.err()).contains("Shared shared.txt with bob (read)");
		assertThat(bob.run("shared").out()).contains("read").contains("alice").contains("shared.txt");
		assertThat(new String(bob.run("get", "shared.txt", "-o", "-").stdout())).isEqualTo("for bob");
		assertThat(alice.run("unshare", "shared.txt", "bob").exitCode()).isZero();
		assertThat(bob.run("get", "shared.txt", "-o", "-").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
	}

	@Test
	void editShare_letsTheEditorPutRestoreAndListVersions_ofTheOwnersFile_andNotTheirOwn() throws Exception {
		Coffer alice = signedIn("alice");
		Coffer bob = signedIn("bob");
		alice.stdin("v1").run("put", "-", "--name", "plan.txt");
		assertThat(alice.run("share", "plan.txt", "bob", "--edit").exitCode()).isZero();
		bob.stdin("bob's own").run("put", "-", "--name", "plan.txt");
		Path local = this.home.resolve("plan.txt");
		Files.writeString(local, "v2 by bob");

		Coffer.Result put = bob.run("put", local.toString(), "--owner", "alice");
		assertThat(put.exitCode()).as(put.toString()).isZero();
		assertThat(put.err()).contains("Uploaded plan.txt (alice's): version 2");
		assertThat(new String(alice.run("get", "plan.txt", "-o", "-").stdout())).isEqualTo("v2 by bob");
		assertThat(new String(bob.run("get", "plan.txt", "-o", "-").stdout())).isEqualTo("bob's own");
		assertThat(bob.run("versions", "plan.txt", "--owner", "alice").out().strip().lines()).hasSize(2);

		Coffer.Result restore = bob.run("restore", "plan.txt", "1", "--owner", "alice");
		assertThat(restore.exitCode()).as(restore.toString()).isZero();
		assertThat(restore.err()).contains("Restored version 1 of plan.txt (alice's) as version 3");
		assertThat(new String(bob.run("get", "plan.txt", "--owner", "alice", "-o", "-").stdout())).isEqualTo("v1");
		Coffer.Result download = bob.run("get", "plan.txt", "--owner", "alice", "-o",
				this.home.resolve("alices-plan.txt").toString());
		assertThat(download.exitCode()).as(download.toString()).isZero();
		assertThat(download.err()).as("named as alice's, not taken for bob's own plan.txt")
			.contains("Downloaded plan.txt (alice's) to ");

		// Large enough to go up in pieces: a resumable upload that becomes a version.
		byte[] large = new byte[300 * 1024];
		new Random(7).nextBytes(large);
		Files.write(local, large);
		Coffer.Result resumable = bob.run("put", local.toString(), "--owner", "alice", "--resumable-above", "64KiB",
				"--chunk-size", "64KiB");
		assertThat(resumable.exitCode()).as(resumable.toString()).isZero();
		assertThat(alice.run("get", "plan.txt", "-o", "-").stdout()).isEqualTo(large);
		assertThat(alice.run("versions", "plan.txt").out().strip().lines()).hasSize(4);
		assertThat(bob.run("get", "plan.txt", "-o", "-").stdout()).isEqualTo("bob's own".getBytes());
	}

	@Test
	void putWithOwner_afterTheShareEndedMidUpload_cancelsTheInterruptedUpload() throws Exception {
		Coffer alice = signedIn("alice");
		Coffer bob = signedIn("bob");
		alice.stdin("small").run("put", "-", "--name", "ended-share.bin");
		alice.run("share", "ended-share.bin", "bob", "--edit");
		String fileId = fileIdOf("ended-share.bin");
		Path source = this.home.resolve("ended-share.bin");
		byte[] content = new byte[24 * 1024 * 1024];
		new Random(21).nextBytes(content);
		Files.write(source, content);
		String[] put = { "put", source.toString(), "--owner", "alice", "--resumable-above", "1MiB", "--chunk-size",
				"256KiB" };
		CompletableFuture<Coffer.Result> first = new CompletableFuture<>();
		Thread client = new Thread(() -> first.complete(bob.run(put)));
		client.start();
		long deadline = System.nanoTime() + 60_000_000_000L;
		while (!first.isDone() && uploadedToVersion(fileId) < 1 << 20 && System.nanoTime() < deadline) {
			Thread.sleep(2);
		}
		client.interrupt();
		assertThat(first.get().exitCode()).as(first.get().toString()).isNotZero();
		assertThat(Files.readString(bob.configDir().resolve("uploads.json"))).contains(source.toString());

		alice.run("unshare", "ended-share.bin", "bob");
		Coffer.Result again = bob.run(put);
		assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(again.err()).contains("The interrupted upload of " + source + " to it was cancelled.");
		assertThat(bob.configDir().resolve("uploads.json")).doesNotExist();
		deadline = System.nanoTime() + 30_000_000_000L;
		while (uploadsOfVersion(fileId) > 0 && System.nanoTime() < deadline) {
			Thread.sleep(10); // the cut-off request may still hold it for a moment
		}
		assertThat(uploadsOfVersion(fileId)).as("cancelled on the server too").isZero();
		assertThat(new String(alice.run("get", "ended-share.bin", "-o", "-").stdout())).isEqualTo("small");
	}

	@Test
	void putWithOwner_refusesWhatItMayNotDo_andChangesNothing() throws Exception {
		Coffer alice = signedIn("alice");
		Coffer bob = signedIn("bob");
		Coffer carol = signedIn("carol");
		alice.stdin("read only").run("put", "-", "--name", "readonly.txt");
		alice.run("share", "readonly.txt", "bob");
		Path local = this.home.resolve("readonly.txt");
		Files.writeString(local, "changed");

		Coffer.Result reader = bob.run("put", local.toString(), "--owner", "alice");
		assertThat(reader.exitCode()).as(reader.toString()).isEqualTo(ExitCodes.REFUSED);
		assertThat(reader.err()).containsIgnoringCase("edit permission");
		Coffer.Result stranger = carol.run("put", local.toString(), "--owner", "alice");
		assertThat(stranger.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(stranger.err()).contains("alice shares no file \u201creadonly.txt\u201d with you");
		Coffer.Result newFile = bob.run("put", local.toString(), "--owner", "alice", "--name", "new.txt");
		assertThat(newFile.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(newFile.err()).contains("only alice can add files to their folders");
		Coffer.Result endToEnd = bob.run("put", local.toString(), "--owner", "alice", "--e2e");
		assertThat(endToEnd.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(carol.run("restore", "readonly.txt", "1", "--owner", "alice").exitCode())
			.isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(bob.run("restore", "readonly.txt", "1", "--owner", "alice").exitCode()).isEqualTo(ExitCodes.REFUSED);

		assertThat(new String(alice.run("get", "readonly.txt", "-o", "-").stdout())).isEqualTo("read only");
		assertThat(alice.run("versions", "readonly.txt").out().strip().lines()).hasSize(1);
		assertThat(alice.run("ls").out()).doesNotContain("new.txt");
	}

	@Test
	void folderShare_letsTheGranteeListGetAndPutVersions_byPathsInsideTheSharedFolder() throws Exception {
		Coffer alice = signedIn("alice");
		Coffer bob = signedIn("bob");
		alice.stdin("notes v1").run("put", "-", "--name", "team/2026/notes.txt");
		Coffer.Result share = alice.run("share", "team", "bob", "--edit");
		assertThat(share.exitCode()).as(share.toString()).isZero();
		assertThat(share.err()).contains("Shared folder team/ and everything in it with bob (read and edit)")
			.contains("coffer ls --owner alice team");
		assertThat(alice.run("share", "team", "bob", "--e2e").exitCode()).isEqualTo(ExitCodes.USAGE);

		assertThat(bob.run("shared").out()).containsPattern("edit\\s+folder\\s+alice\\s+team/");
		assertThat(bob.run("ls", "--owner", "alice").out()).contains("team/");
		assertThat(bob.run("ls", "--owner", "alice", "team").out().strip()).isEqualTo("2026/");
		assertThat(bob.run("ls", "--owner", "alice", "team/2026", "-l").out()).contains("notes.txt");
		assertThat(new String(bob.run("get", "team/2026/notes.txt", "--owner", "alice", "-o", "-").stdout()))
			.isEqualTo("notes v1");

		Coffer.Result put = bob.stdin("notes v2").run("put", "-", "--name", "team/2026/notes.txt", "--owner", "alice");
		assertThat(put.exitCode()).as(put.toString()).isZero();
		assertThat(put.err()).contains("Uploaded team/2026/notes.txt (alice's): version 2");
		assertThat(new String(alice.run("get", "team/2026/notes.txt", "-o", "-").stdout())).isEqualTo("notes v2");

		Coffer.Result withoutOwner = bob.run("get", "team/2026/notes.txt", "-o", "-");
		assertThat(withoutOwner.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(withoutOwner.err())
			.contains("alice shares a folder \u201cteam\u201d with you: coffer get team/2026/notes.txt --owner alice");
		assertThat(bob.run("ls", "--owner", "alice", "team/2026/notes.txt").out().strip()).isEqualTo("notes.txt");
		assertThat(alice.run("ls", "team/2026/notes.txt", "-l").out()).contains("v2").contains("notes.txt");

		for (String[] dotted : List.of(new String[] { "get", "team/../team/2026/notes.txt", "--owner", "alice" },
				new String[] { "ls", "team/..", "--owner", "alice" }, new String[] { "rm", "../notes.txt" },
				new String[] { "mv", "./x.txt", "y.txt" }, new String[] { "versions", "team/../x.txt" },
				new String[] { "share", "a/./b", "carol" }, new String[] { "link", "../x.txt" },
				new String[] { "put", "-", "--name", ".." })) {
			Coffer.Result result = bob.run(dotted);
			assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
			assertThat(result.err()).contains("cannot be the names of files or folders");
		}

		Coffer.Result folder = bob.run("get", "team/2026", "--owner", "alice");
		assertThat(folder.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(folder.err()).contains("is a folder; use get -r").contains("coffer get -r team/2026 --owner alice");
		Coffer.Result missing = bob.run("get", "team/2025/notes.txt", "--owner", "alice");
		assertThat(missing.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(missing.err()).contains("(see 'coffer ls --owner alice team')");
		assertThat(bob.run("ls", "--owner", "alice", "elsewhere").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
		Coffer.Result nothingShared = signedIn("carol").run("ls", "--owner", "alice");
		assertThat(nothingShared.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(nothingShared.out()).isEmpty();
		assertThat(nothingShared.err()).contains("Nobody called alice shares anything with you.");

		Coffer.Result unshare = alice.run("unshare", "team", "bob");
		assertThat(unshare.exitCode()).as(unshare.toString()).isZero();
		assertThat(unshare.err()).contains("Stopped sharing folder team/ with bob");
		assertThat(bob.run("ls", "--owner", "alice", "team").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(bob.run("shared").out()).doesNotContain("team/");
	}

	@Test
	void mkdir_makesFoldersAndTheMissingOnesAbove_andLeavesOnesThatAreThere() {
		server.client().signUp("mika", PASSWORD);
		Coffer coffer = signedIn("mika");
		Coffer.Result made = coffer.run("mkdir", "reports/2026", "photos");
		assertThat(made.exitCode()).as(made.toString()).isZero();
		assertThat(made.err()).contains("Made reports/2026/").contains("Made photos/");
		assertThat(coffer.run("ls").out().lines()).containsExactly("photos/", "reports/");
		assertThat(coffer.run("ls", "reports").out().lines()).containsExactly("2026/");

		Coffer.Result again = coffer.run("mkdir", "reports/2026/");
		assertThat(again.exitCode()).as(again.toString()).isZero();
		assertThat(again.err()).contains("reports/2026/ is there already");
		assertThat(coffer.stdin("x").run("put", "-", "--name", "notes.txt").exitCode()).isZero();
		Coffer.Result overAFile = coffer.run("mkdir", "notes.txt");
		assertThat(overAFile.exitCode()).as(overAFile.toString()).isEqualTo(ExitCodes.REFUSED);
		assertThat(coffer.run("mkdir", "/").exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(coffer.run("ls").out().lines()).containsExactly("photos/", "reports/", "notes.txt");
	}

	@Test
	void mv_renamesAndMovesFolders_withEverythingInThem() {
		server.client().signUp("mila", PASSWORD);
		Coffer coffer = signedIn("mila");
		coffer.stdin("x").run("put", "-", "--name", "mvf/a/x.txt");

		Coffer.Result rename = coffer.run("mv", "mvf/a", "mvf/b");
		assertThat(rename.exitCode()).as(rename.toString()).isZero();
		assertThat(rename.err()).contains("Renamed mvf/a/ to mvf/b/");
		Coffer.Result move = coffer.run("mv", "mvf/b", "archive/2026/");
		assertThat(move.exitCode()).as(move.toString()).isZero();
		assertThat(move.err()).contains("Moved mvf/b/ to archive/2026/b/");
		assertThat(new String(coffer.run("get", "archive/2026/b/x.txt", "-o", "-").stdout())).isEqualTo("x");
		assertThat(coffer.run("ls", "mvf").out()).isEmpty();

		Coffer.Result intoItself = coffer.run("mv", "archive", "archive/2026/");
		assertThat(intoItself.exitCode()).as(intoItself.toString()).isEqualTo(ExitCodes.REFUSED);
		assertThat(new String(coffer.run("get", "archive/2026/b/x.txt", "-o", "-").stdout())).isEqualTo("x");
	}

	@Test
	void rm_deletesEveryNamedFileAndFolder_orNothing_andAFolderOnlyWithR() throws IOException {
		server.client().signUp("rosa", PASSWORD);
		Coffer coffer = signedIn("rosa");
		coffer.stdin("one").run("put", "-", "--name", "rm-one.txt");
		coffer.stdin("inside").run("put", "-", "--name", "rm-folder/sub/inside.txt");

		Path downloads = Files.createDirectory(this.home.resolve("rm-downloads"));
		assertThat(coffer.run("get", "rm-one.txt", "rm-missing.txt", "-o", downloads.toString()).exitCode())
			.isEqualTo(ExitCodes.NOT_FOUND);
		try (var files = Files.list(downloads)) {
			assertThat(files).as("a typo among the names fetches nothing").isEmpty();
		}

		Coffer.Result typo = coffer.run("rm", "rm-one.txt", "rm-missing.txt");
		assertThat(typo.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(typo.err()).contains("No file \u201crm-missing.txt\u201d");
		Coffer.Result folder = coffer.run("rm", "rm-one.txt", "rm-folder");
		assertThat(folder.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(folder.err()).contains("\u201crm-folder\u201d is a folder").contains("coffer rm -r rm-folder");
		assertThat(coffer.run("ls").out()).contains("rm-one.txt").contains("rm-folder/");
		assertThat(coffer.run("rm", "-r", "/").exitCode()).isEqualTo(ExitCodes.USAGE);

		// A --name that is one of your folders puts the file into it, as mv does.
		Path local = Files.writeString(this.home.resolve("into.txt"), "into");
		Coffer.Result into = coffer.run("put", local.toString(), "--name", "rm-folder");
		assertThat(into.exitCode()).as(into.toString()).isZero();
		assertThat(into.err()).contains("Uploaded rm-folder/into.txt: version 1");
		Coffer.Result stdinIntoFolder = coffer.stdin("x").run("put", "-", "--name", "rm-folder");
		assertThat(stdinIntoFolder.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(stdinIntoFolder.err()).contains("--name rm-folder/notes.txt");

		Coffer.Result rm = coffer.run("rm", "-r", "rm-one.txt", "rm-folder");
		assertThat(rm.exitCode()).as(rm.toString()).isZero();
		assertThat(rm.err()).contains("Deleted rm-one.txt").contains("Deleted rm-folder/ with everything in it");
		assertThat(coffer.run("ls").out()).doesNotContain("rm-one.txt").doesNotContain("rm-folder");
		assertThat(coffer.run("trash").out()).contains("rm-one.txt").contains("rm-folder");
		assertThat(coffer.run("untrash", "rm-folder").exitCode()).isZero();
		assertThat(new String(coffer.run("get", "rm-folder/sub/inside.txt", "-o", "-").stdout())).isEqualTo("inside");
	}

	@Test
	void link_withPasswordAndLimit_printsAUrl_thatLinksListsAndUnlinkRevokes() {
		Coffer coffer = signedIn("alice");
		coffer.stdin("public").run("put", "-", "--name", "public.txt");
		Coffer.Result link = coffer.stdin("a long link password\n")
			.run("link", "public.txt", "--expires", "2d", "--max-downloads", "3", "--password-stdin");
		assertThat(link.exitCode()).as(link.toString()).isZero();
		assertThat(link.err()).containsPattern("expires \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ; revoke it with");
		assertThat(link.out().strip()).startsWith(server.baseUrl() + "/s/");
		assertThat(link.err()).contains("expires").contains("revoke it with: coffer unlink public.txt ");
		Coffer.Result links = coffer.run("links", "public.txt");
		assertThat(links.out()).contains("active").contains("0/3 downloads").contains("password");
		String linkId = links.out().strip().split("\\s+")[0];
		assertThat(coffer.run("unlink", "public.txt", linkId).exitCode()).isZero();
		assertThat(coffer.run("links", "public.txt").out()).contains("revoked");
		assertThat(coffer.run("link", "public.txt", "--expires", "soon").exitCode()).isEqualTo(ExitCodes.USAGE);
	}

	@Test
	void request_printsItsUrl_andReceivedListsNothingYet() {
		Coffer coffer = signedIn("bob");
		Coffer.Result request = coffer.run("request", "Tax documents", "--max-files", "2", "--max-bytes", "10MiB");
		assertThat(request.exitCode()).as(request.toString()).isZero();
		assertThat(request.out().strip()).startsWith(server.baseUrl() + "/r/");
		assertThat(server.bean(JdbcClient.class)
			.sql("select max_bytes from file_requests where title = 'Tax documents'")
			.query(Long.class)
			.single()).isEqualTo(10L * 1024 * 1024);
		assertThat(coffer.run("request", "Too much", "--max-bytes", "lots").exitCode()).isEqualTo(ExitCodes.USAGE);
		Coffer.Result received = coffer.run("received", "--json");
		assertThat(received.exitCode()).isZero();
		assertThat(JsonParser.parseString(received.out()).getAsJsonArray()).isEmpty();
		assertThat(coffer.run("received").err()).startsWith("Nothing received through your request links yet");
	}

	@Test
	void logout_revokesTheTokenOnTheServer_andForgetsIt() throws IOException {
		Coffer coffer = signedIn("alice");
		String token = Files.readString(coffer.configDir().resolve("credentials.properties"))
			.lines()
			.filter((line) -> line.contains("coffer_pat_"))
			.map((line) -> line.substring(line.indexOf("coffer_pat_")))
			.findFirst()
			.orElseThrow();
		assertThat(coffer.run("logout").exitCode()).isZero();
		assertThat(server.bean(JdbcClient.class)
			.sql("select revoked_at from api_tokens where token_hash = ?")
			.param(SecretTokens.hash(token))
			.query(Long.class)
			.single()).isNotNull();
		Coffer.Result after = coffer.run("whoami");
		assertThat(after.exitCode()).isEqualTo(ExitCodes.NOT_SIGNED_IN);
		assertThat(after.err()).contains("coffer login");
	}

	@Test
	void aRevokedToken_isExit3_sayingToSignInAgain() {
		Coffer coffer = signedIn("alice");
		server.bean(JdbcClient.class)
			.sql("update api_tokens set revoked_at = 1 where user_id = "
					+ "(select id from users where username = 'alice') and name = 'cli revoked'")
			.update();
		assertThat(coffer.run("ls").exitCode()).as("other tokens are unaffected").isZero();
		Coffer revoked = coffer("alice");
		String token = token("alice", "cli revoked");
		revoked.stdin(token).run("login", server.baseUrl(), "--token-stdin", "--fingerprint", fingerprint);
		server.bean(JdbcClient.class)
			.sql("update api_tokens set revoked_at = 1 where token_hash = ?")
			.param(SecretTokens.hash(token))
			.update();
		Coffer.Result ls = revoked.run("ls");
		assertThat(ls.exitCode()).isEqualTo(ExitCodes.NOT_SIGNED_IN);
		assertThat(ls.err()).contains("not valid").contains("coffer login " + server.baseUrl());
	}

	@Test
	void aServerThatIsNotThere_isExit8() {
		Coffer coffer = signedIn("alice");
		Coffer.Result result = coffer.run("ls", "--server", "https://127.0.0.1:1");
		assertThat(result.exitCode()).isIn(ExitCodes.NOT_SIGNED_IN, ExitCodes.UNREACHABLE);
		Coffer.Result login = coffer("nobody").stdin("coffer_pat_x")
			.run("login", "https://127.0.0.1:1", "--token-stdin");
		assertThat(login.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
		assertThat(login.err()).contains("Cannot connect to 127.0.0.1:1");
	}

	@Test
	void anEmptyFile_goesUpAndComesBackEmpty() throws IOException {
		Coffer coffer = signedIn("alice");
		Path empty = Files.createFile(this.home.resolve("empty.txt"));
		Coffer.Result put = coffer.run("put", empty.toString());
		assertThat(put.exitCode()).as(put.err()).isZero();
		assertThat(coffer.run("ls").out()).contains("empty.txt");
		Path back = this.home.resolve("empty-back.txt");
		Coffer.Result get = coffer.run("get", "empty.txt", "-o", back.toString());
		assertThat(get.exitCode()).as(get.err()).isZero();
		assertThat(back).exists().isEmptyFile();
	}

	/**
	 * Runs {@code args} in a thread and, once {@code started} holds, does what Ctrl-C's
	 * shutdown hook does; then stops the thread, where a real process would have ended.
	 * @return what standard error showed right after the hook
	 */
	private static String ctrlCOnce(Coffer coffer, BooleanSupplier started, String... args) throws Exception {
		CompletableFuture<Coffer.Result> result = new CompletableFuture<>();
		Thread client = new Thread(() -> result.complete(coffer.run(args)));
		client.start();
		long deadline = System.nanoTime() + 60_000_000_000L;
		while (!started.getAsBoolean()) {
			assertThat(result.isDone()).as("ended before Ctrl-C: %s", result.getNow(null)).isFalse();
			assertThat(System.nanoTime()).as("started in time").isLessThan(deadline);
			Thread.sleep(1);
		}
		String shown = coffer.ctrlC();
		client.interrupt();
		result.get();
		return shown;
	}

	/**
	 * Runs {@code args} in a thread and interrupts it once the server has at least
	 * {@code bytes} of the upload of {@code name}; waits until the server has let go of
	 * the upload (the cut-off request's part recorded).
	 */
	private static Coffer.Result interruptAfter(Coffer coffer, String name, long bytes, String... args)
			throws Exception {
		CompletableFuture<Coffer.Result> result = new CompletableFuture<>();
		Thread client = new Thread(() -> result.complete(coffer.run(args)));
		client.start();
		long deadline = System.nanoTime() + 60_000_000_000L;
		while (!result.isDone() && uploadedSoFar(name) < bytes && System.nanoTime() < deadline) {
			Thread.sleep(2);
		}
		client.interrupt();
		Coffer.Result done = result.get();
		while (server.bean(JdbcClient.class)
			.sql("select count(*) from resumable_uploads where name = ? and lease_token is not null")
			.param(name)
			.query(Long.class)
			.single() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		return done;
	}

	/**
	 * The put of a new 24 MiB file at {@code source} (of {@code seed}), in small pieces,
	 * so that it can be interrupted early.
	 */
	private static String[] resumablePut(Path source, int seed) throws IOException {
		byte[] content = new byte[24 * 1024 * 1024];
		new Random(seed).nextBytes(content);
		Files.write(source, content);
		return new String[] { "put", source.toString(), "--resumable-above", "1MiB", "--chunk-size", "256KiB" };
	}

	/**
	 * Records an unfinished upload of {@code file} of {@code size} bytes, at a location
	 * the server has never had.
	 */
	private static void record(Coffer coffer, Path file, String target, long size) throws IOException {
		String signedInTo = new ClientConfig(coffer.configDir()).defaultServer().orElseThrow().toString();
		String modified = Files.exists(file) ? Files.getLastModifiedTime(file).toInstant().toString()
				: "2026-01-01T00:00:00Z";
		new UnfinishedUploads(coffer.configDir()).save(new UnfinishedUploads.Entry(signedInTo, file.toString(), target,
				size, modified, null, "/api/v1/uploads/" + UUID.randomUUID(), null));
	}

	/**
	 * What {@code command} with {@code path} last says, which must be that it is not
	 * found.
	 */
	private static String notFound(Coffer coffer, String[] command, String path) {
		List<String> args = new ArrayList<>(List.of(command));
		args.add(1, path);
		Coffer.Result result = coffer.run(args.toArray(String[]::new));
		assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.NOT_FOUND);
		return result.err().strip();
	}

	private static long uploadedSoFar(String name) {
		return count("select coalesce(max(upload_offset), 0) from resumable_uploads where name = ?", name);
	}

	/** How much of a resumable upload that makes a new version of the file arrived. */
	private static long uploadedToVersion(String fileId) {
		return count("select coalesce(max(upload_offset), 0) from resumable_uploads where file_id = ?", fileId);
	}

	private static long uploadsOfVersion(String fileId) {
		return count("select count(*) from resumable_uploads where file_id = ?", fileId);
	}

	private static long count(String query, String parameter) {
		return server.bean(JdbcClient.class).sql(query).param(parameter).query(Long.class).single();
	}

	private static boolean declaresSha256(String name) {
		return server.bean(JdbcClient.class)
			.sql("select count(*) from resumable_uploads where name = ? and expected_sha256 is not null")
			.param(name)
			.query(Long.class)
			.single() > 0;
	}

	private static Map<String, Object> uploadNamed(String name) {
		return server.bean(JdbcClient.class)
			.sql("select blob_id, upload_offset, part_count from resumable_uploads where name = ?")
			.param(name)
			.query()
			.singleRow()
			.entrySet()
			.stream()
			.collect(Collectors.toMap((entry) -> entry.getKey().toLowerCase(), Map.Entry::getValue));
	}

	private static String fileIdOf(String name) {
		return server.bean(JdbcClient.class)
			.sql("select id from files where name = ?")
			.param(name)
			.query(String.class)
			.single();
	}

	private static String blobOf(String fileId) {
		return server.bean(JdbcClient.class)
			.sql("select v.blob_id from files f join file_versions v on v.id = f.current_version_id where f.id = ?")
			.param(fileId)
			.query(String.class)
			.single();
	}

	/** The plaintext sizes of the parts of the file's current version, in order. */
	private static List<Long> partSizes(String fileId) {
		return server.bean(JdbcClient.class)
			.sql("select p.plaintext_size from blob_parts p join file_versions v on v.blob_id = p.blob_id "
					+ "join files f on f.current_version_id = v.id where f.id = ? order by p.part_number")
			.param(fileId)
			.query(Long.class)
			.list();
	}

	private Coffer coffer(String user) {
		return new Coffer(this.home.resolve("config-" + user));
	}

	/** A client signed in with a token from the operator command's service. */
	private Coffer signedIn(String user) {
		Coffer coffer = coffer(user);
		Coffer.Result login = coffer.stdin(token(user))
			.run("login", server.baseUrl(), "--token-stdin", "--fingerprint", fingerprint);
		assertThat(login.exitCode()).as(login.toString()).isZero();
		return coffer;
	}

	private static String token(String user) {
		return token(user, "cli test");
	}

	/** A token made on the account page, as a user would for --token-stdin. */
	private static String token(String user, String name) {
		return Coffer.accountPageToken(server, user, PASSWORD, name);
	}

	private static String awaitUserCode(Coffer coffer, CompletableFuture<Coffer.Result> login)
			throws InterruptedException {
		long deadline = System.nanoTime() + 30_000_000_000L;
		while (System.nanoTime() < deadline) {
			Matcher code = USER_CODE.matcher(coffer.errSoFar());
			if (code.find()) {
				assertThat(coffer.errSoFar()).contains(server.baseUrl() + "/device?user_code=" + code.group());
				return code.group();
			}
			if (login.isDone()) {
				throw new AssertionError("login ended without showing a code: " + login.join());
			}
			Thread.sleep(50);
		}
		throw new AssertionError("no user code shown: " + coffer.errSoFar());
	}

	private static void approveInBrowser(WebClient browser, String userCode, String action) {
		HttpResponse<String> confirm = browser.submit("/device?user_code=" + userCode, "/device",
				Map.of("user_code", userCode));
		assertThat(confirm.statusCode()).as(confirm.body()).isEqualTo(200);
		var form = WebClient.html(confirm).selectFirst("form[action=" + action + "]");
		Map<String, String> fields = new LinkedHashMap<>();
		form.select("input[type=hidden]").forEach((input) -> fields.put(input.attr("name"), input.attr("value")));
		assertThat(browser.postForm(action, fields).statusCode()).isEqualTo(200);
	}

	private static String sha256(byte[] content) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
	}

}
