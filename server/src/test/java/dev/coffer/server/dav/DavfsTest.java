package dev.coffer.server.dav;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * davfs2 (Debian package {@code davfs2}, which {@code .ci/run} installs), the Linux
 * kernel file system over WebDAV, mounts a real server's {@code /dav/} over HTTPS, and
 * ordinary file operations on the mount — write, overwrite, list, read, rename, move into
 * a folder, delete, a 24 MiB file — are looked at on the server through another client.
 * <p>
 * Mounting needs root and {@code /dev/fuse}, as davfs2 does for anyone; where the test
 * suite has neither, this test is reported as skipped, never as passed. davfs2 keeps its
 * own cache and uploads a changed file when it is closed ({@code delay_upload 0} here: at
 * once, in the background), so the server is polled for the change. It trusts exactly the
 * server's self-signed certificate ({@code trust_server_cert}); {@code buf_size 64} works
 * around davfs2 before 1.7.2 on Linux 6.16 and later, where every directory listing
 * otherwise fails with "Invalid argument" (docs/WEBDAV.md).
 */
class DavfsTest {

	static TestServer server;

	static DavClient client;

	static Path work;

	static Path mount;

	@BeforeAll
	static void mount() throws IOException, InterruptedException {
		assumeTrue(canMount(), "mounting davfs2 needs root and /dev/fuse");
		server = TestServer.start();
		String token = DavAccounts.tokenOf(server, "davfs");
		client = new DavClient(server, "davfs", token);
		// davfs2 reads the certificate as its own unprivileged user: a directory it may
		// enter, a certificate it may read; the secrets stay root's alone.
		work = Files.createTempDirectory("davfs-");
		Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
		Path certificate = work.resolve("server.pem");
		Files.copy(server.certificateFile(), certificate);
		Files.setPosixFilePermissions(certificate, PosixFilePermissions.fromString("rw-r--r--"));
		String url = server.baseUrl() + "/dav/";
		Path secrets = work.resolve("secrets");
		Files.writeString(secrets, url + " davfs " + token + "\n");
		Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
		Path configuration = work.resolve("davfs2.conf");
		Files.writeString(configuration, String.join("\n", "secrets " + secrets, "trust_server_cert " + certificate,
				"use_locks 1", "delay_upload 0", "buf_size 64", "file_refresh 1", "dir_refresh 1", ""));
		mount = Files.createDirectory(work.resolve("mnt"));
		run("mount", "-t", "davfs", "-o", "conf=" + configuration, url, mount.toString());
	}

	@AfterAll
	static void unmount() throws IOException, InterruptedException {
		if (mount != null) {
			// Waits until davfs2 has uploaded what is still pending.
			run("umount", mount.toString());
		}
		if (server != null) {
			server.stop();
		}
	}

	@Test
	void writeOverwriteListReadRenameMoveAndDelete_onTheMount() throws Exception {
		Files.writeString(mount.resolve("notes.txt"), "first draft\n");
		await(() -> "first draft\n".equals(content("/dav/notes.txt")), "the new file on the server");

		Files.writeString(mount.resolve("notes.txt"), "second draft\n");
		await(() -> "second draft\n".equals(content("/dav/notes.txt")), "the overwritten file on the server");
		await(() -> versionsOf("notes.txt") >= 2, "overwriting adds a version");

		client.send("PUT", "/dav/from-elsewhere.txt", "written by another client");
		// davfs2 keeps a listing for dir_refresh seconds (1 here).
		await(() -> names(mount).contains("from-elsewhere.txt"), "another client's file on the mount");
		assertThat(names(mount)).contains("notes.txt", "Shared with me");
		assertThat(Files.readString(mount.resolve("from-elsewhere.txt"))).isEqualTo("written by another client");

		long versions = versionsOf("notes.txt");
		Files.move(mount.resolve("notes.txt"), mount.resolve("minutes.txt"));
		Files.createDirectory(mount.resolve("archive"));
		Files.move(mount.resolve("minutes.txt"), mount.resolve("archive").resolve("minutes.txt"));
		assertThat(client.send("PROPFIND", "/dav/archive/", null, "Depth", "0").statusCode()).isEqualTo(207);
		await(() -> "second draft\n".equals(content("/dav/archive/minutes.txt")), "the moved file on the server");
		assertThat(client.get("/dav/notes.txt").statusCode()).isEqualTo(404);
		assertThat(client.get("/dav/minutes.txt").statusCode()).isEqualTo(404);
		assertThat(versionsOf("minutes.txt")).as("a move keeps the versions").isEqualTo(versions);

		Files.delete(mount.resolve("archive").resolve("minutes.txt"));
		assertThat(client.get("/dav/archive/minutes.txt").statusCode()).isEqualTo(404);
		assertThat(
				jdbc().sql("select count(*) from files where trashed_name = 'minutes.txt' and trashed_at is not null")
					.query(Long.class)
					.single())
			.as("deleted to the trash")
			.isEqualTo(1);
		assertThat(names(mount.resolve("archive"))).isEmpty();
	}

	@Test
	void aLargerFile_arrivesWhole_andReadsBackWhole() throws Exception {
		byte[] block = new byte[1024 * 1024];
		new Random(17).nextBytes(block);
		MessageDigest written = MessageDigest.getInstance("SHA-256");
		try (OutputStream out = Files.newOutputStream(mount.resolve("large.bin"))) {
			for (int i = 0; i < 24; i++) {
				block[0] = (byte) i;
				out.write(block);
				written.update(block);
			}
		}
		String expected = HexFormat.of().formatHex(written.digest());
		await(() -> {
			var response = client.get("/dav/large.bin");
			return response.statusCode() == 200 && sha256(response.body()).equals(expected);
		}, "the whole file on the server");
		try (InputStream in = new DigestInputStream(Files.newInputStream(mount.resolve("large.bin")),
				MessageDigest.getInstance("SHA-256"))) {
			in.transferTo(OutputStream.nullOutputStream());
			assertThat(HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest()))
				.isEqualTo(expected);
		}
	}

	private static boolean canMount() throws IOException, InterruptedException {
		if (!Files.isWritable(Path.of("/dev/fuse"))) {
			return false;
		}
		Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
		String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		return id.waitFor() == 0 && uid.equals("0");
	}

	private static void run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(String.join(" ", command)).isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
	}

	private static List<String> names(Path directory) {
		try (Stream<Path> entries = Files.list(directory)) {
			// davfs2 keeps files it could not upload in a lost+found of its own.
			return entries.map((entry) -> entry.getFileName().toString())
				.filter((name) -> !name.equals("lost+found"))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String content(String path) {
		var response = client.get(path);
		return (response.statusCode() == 200) ? new String(response.body(), StandardCharsets.UTF_8) : null;
	}

	private static long versionsOf(String name) {
		return jdbc()
			.sql("select count(*) from file_versions v join files f on f.id = v.file_id "
					+ "where f.name = ? and f.trashed_at is null")
			.param(name)
			.query(Long.class)
			.single();
	}

	private static void await(BooleanSupplier condition, String what) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (!condition.getAsBoolean()) {
			assertThat(Instant.now()).as(what).isBefore(deadline);
			Thread.sleep(200);
		}
	}

	private static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static JdbcClient jdbc() {
		return server.bean(JdbcClient.class);
	}

}
