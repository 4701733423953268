package dev.coffer.server.dav;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * rclone (Debian package {@code rclone}, which {@code .ci/run} installs), its
 * {@code webdav} backend as {@code vendor=other}, against a real server over HTTPS with
 * the server's certificate as its CA: a tree of 1,000 files goes up and comes back down,
 * and {@code rclone check --download} (which compares the bytes, as WebDAV gives rclone
 * no checksums) finds no difference either way; and a grantee syncs their whole view,
 * what others shared with them included, both ways.
 */
class RcloneTest {

	static TestServer server;

	static Map<String, String> remote;

	@BeforeAll
	static void start() throws Exception {
		server = TestServer.start();
		remote = remoteOf("rclone", DavAccounts.tokenOf(server, "rclone"));
	}

	/** The environment that configures the remote {@code coffer:} for a user. */
	private static Map<String, String> remoteOf(String username, String token) throws Exception {
		return Map.of("RCLONE_CONFIG_COFFER_TYPE", "webdav", "RCLONE_CONFIG_COFFER_URL", server.baseUrl() + "/dav/",
				"RCLONE_CONFIG_COFFER_VENDOR", "other", "RCLONE_CONFIG_COFFER_USER", username,
				"RCLONE_CONFIG_COFFER_PASS", rclone(Map.of(), "obscure", token).strip());
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void aTreeOf1000Files_goesUpAndComesBack_withNoDifferences() throws Exception {
		Path work = Files.createTempDirectory("rclone-");
		Path tree = work.resolve("tree");
		Random random = new Random(42);
		for (int i = 0; i < 1000; i++) {
			// Some names with characters a URL must encode: "%" and ";".
			String name = "file-" + i + ((i % 250 == 3) ? "; 100% done" : "") + " é.bin";
			Path file = tree.resolve("folder " + (i % 10)).resolve("sub-" + (i % 3)).resolve(name);
			Files.createDirectories(file.getParent());
			// Every hundredth file empty.
			byte[] content = new byte[(i % 100 == 7) ? 0 : 1 + random.nextInt(8192)];
			random.nextBytes(content);
			Files.write(file, content);
		}
		String ca = server.certificateFile().toString();
		rclone(remote, "copy", "--ca-cert", ca, tree.toString(), "coffer:tree");
		rclone(remote, "check", "--download", "--ca-cert", ca, tree.toString(), "coffer:tree");
		Path back = work.resolve("back");
		rclone(remote, "copy", "--ca-cert", ca, "coffer:tree", back.toString());
		rclone(remote, "check", "--download", back.toString(), tree.toString());
		try (Stream<Path> files = Files.walk(back)) {
			assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(1000);
		}
	}

	@Test
	void aGrantee_syncsTheirWholeView_down_andUp_withOnlyWhatTheShareRefusesFailing_saidInWords() throws Exception {
		DavAccounts.Account owner = DavAccounts.signUp(server, "owner");
		String edit = DavSharedWithMeTest.upload(owner.browser(), "Projects/plan.txt", "the plan")
			.get("folderId")
			.asString();
		DavSharedWithMeTest.upload(owner.browser(), "Projects/sub/deep.txt", "deep down");
		String read = DavSharedWithMeTest.upload(owner.browser(), "Ro/ro.txt", "read only").get("folderId").asString();
		String notes = DavSharedWithMeTest.upload(owner.browser(), "notes.txt", "notes").get("id").asString();
		DavSharedWithMeTest.upload(owner.browser(), "private.txt", "the owner's only");
		DavAccounts.Account grantee = DavAccounts.signUp(server, "grantee");
		DavSharedWithMeTest.share(owner.browser(), "folders", edit, "grantee", "EDIT");
		DavSharedWithMeTest.share(owner.browser(), "folders", read, "grantee", "READ");
		DavSharedWithMeTest.share(owner.browser(), "files", notes, "grantee", "READ");
		Map<String, String> coffer = remoteOf("grantee", grantee.token());
		DavClient dav = new DavClient(server, "grantee", grantee.token());
		String ca = server.certificateFile().toString();
		Path work = Files.createTempDirectory("rclone-grantee-");

		// Down: the whole view, what was shared included, and again with nothing to do.
		Path view = work.resolve("view");
		rclone(coffer, "sync", "--ca-cert", ca, "coffer:", view.toString());
		Path shared = view.resolve("Shared with me").resolve("owner");
		assertThat(shared.resolve("Projects/plan.txt")).hasContent("the plan");
		assertThat(shared.resolve("Projects/sub/deep.txt")).hasContent("deep down");
		assertThat(shared.resolve("Ro/ro.txt")).hasContent("read only");
		assertThat(shared.resolve("notes.txt")).hasContent("notes");
		assertThat(shared.resolve("private.txt")).doesNotExist();
		assertThat(rclone(coffer, "sync", "-v", "--ca-cert", ca, "coffer:", view.toString()))
			.contains("There was nothing to transfer");

		// Up: the grantee's own file and the EDIT share's file arrive; the READ share's
		// changed and new files are refused, each saying why, and nothing else is.
		Files.writeString(view.resolve("mine.txt"), "mine");
		Files.writeString(shared.resolve("Projects/plan.txt"), "the better plan");
		Files.writeString(shared.resolve("Ro/ro.txt"), "overwritten!");
		Files.writeString(shared.resolve("Ro/new.txt"), "new");
		Run up = run(coffer, "sync", "--retries", "1", "--ca-cert", ca, view.toString(), "coffer:");
		assertThat(up.exit()).as(up.output()).isNotZero();
		assertThat(up.output()).contains("Ro/ro.txt: Failed to copy: You need edit permission")
			.contains("Ro/new.txt: Failed to copy: Only the owner can add files to this folder.")
			.doesNotContain("mine.txt: Failed")
			.doesNotContain("plan.txt: Failed");
		String sharedUrl = "/dav/Shared%20with%20me/owner/";
		assertThat(new String(dav.get("/dav/mine.txt").body())).isEqualTo("mine");
		assertThat(new String(dav.get(sharedUrl + "Projects/plan.txt").body())).isEqualTo("the better plan");
		assertThat(new String(dav.get(sharedUrl + "Ro/ro.txt").body())).isEqualTo("read only");
		assertThat(dav.get(sharedUrl + "Ro/new.txt").statusCode()).isEqualTo(404);

		// Up from a folder of the grantee's own files only: rclone would delete every
		// shared file; each is refused in words, and the owner's files stay. Leaving
		// Shared with me out is a sync that works.
		Path own = work.resolve("own");
		Files.createDirectories(own);
		Files.writeString(own.resolve("mine.txt"), "mine");
		Run mirror = run(coffer, "sync", "--retries", "1", "--ca-cert", ca, own.toString(), "coffer:");
		assertThat(mirror.exit()).as(mirror.output()).isNotZero();
		assertThat(mirror.output()).contains("notes.txt: Couldn't delete: Only the owner can delete this file.");
		rclone(coffer, "sync", "--exclude", "/Shared with me/**", "--ca-cert", ca, own.toString(), "coffer:");
		assertThat(new String(dav.get(sharedUrl + "notes.txt").body())).isEqualTo("notes");
		assertThat(new String(dav.get(sharedUrl + "Projects/sub/deep.txt").body())).isEqualTo("deep down");
		assertThat(new String(dav.get("/dav/mine.txt").body())).isEqualTo("mine");
	}

	/** Runs rclone; it must exit 0. @return what it wrote to standard output */
	private static String rclone(Map<String, String> environment, String... arguments)
			throws IOException, InterruptedException {
		Run run = run(environment, arguments);
		assertThat(run.exit()).as("rclone %s: %s", arguments[0], run.output()).isZero();
		return run.output();
	}

	/** How rclone ended, and what it wrote. */
	private record Run(int exit, String output) {
	}

	private static Run run(Map<String, String> environment, String... arguments)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("rclone", "--config", "/dev/null"));
		command.addAll(List.of(arguments));
		Path output = Files.createTempFile("rclone-", ".log");
		ProcessBuilder rclone = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
		rclone.environment().putAll(environment);
		Process process = rclone.start();
		assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("rclone %s finished", arguments[0]).isTrue();
		return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
	}

}
