package dev.coffer.server.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What reaches the disk, and what happens when storage or the client misbehaves. */
class FileStorageTest {

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	static WebClient user;

	@BeforeAll
	static void start() {
		server = TestServer.start("coffer.files.max-upload-size=8MB", "coffer.files.default-quota=20MB",
				"coffer.files.orphan-grace-period=1m");
		user = server.client();
		user.signUp("storer", PASSWORD);
		user.login("storer", PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void noPlaintextReachesTheDataDirectory() throws IOException {
		String marker = "COFFER-PLAINTEXT-MARKER-" + System.nanoTime();
		byte[] content = (marker + " ").repeat(50_000).getBytes(StandardCharsets.US_ASCII);
		// Content only: file names are metadata, kept in the database (see
		// docs/SECURITY.md).
		String name = "marker-content.txt";
		assertThat(FilesApiTest.putAs(user, name, content).statusCode()).isEqualTo(201);
		byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
		try (Stream<Path> files = Files.walk(server.dataDir())) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				assertThat(contains(Files.readAllBytes(file), needle)).as(file.toString()).isFalse();
			}
		}
	}

	@Test
	void tamperedBlob_abortsTheDownload_neverEndsItCleanly() throws IOException {
		byte[] content = FilesApiTest.random(3 * 1024 * 1024, 7);
		String id = FilesApiTest.idOf(FilesApiTest.putAs(user, "tampered.bin", content));
		Path object = newestObject();
		try (RandomAccessFile file = new RandomAccessFile(object.toFile(), "rw")) {
			long position = 1024 * 1024 + 4096; // inside the second segment
			file.seek(position);
			int original = file.read();
			file.seek(position);
			file.write(original ^ 0x01);
		}
		// The first segment is intact and may arrive; the response must then fail, not
		// end.
		assertThatThrownBy(() -> user.sendForBytes(user.apiRequest("/api/v1/files/" + id + "/content").GET().build()))
			.isInstanceOf(java.io.UncheckedIOException.class);
		// A range inside the intact first segment still reads.
		HttpResponse<byte[]> intact = user.sendForBytes(
				user.apiRequest("/api/v1/files/" + id + "/content").header("Range", "bytes=0-999").GET().build());
		assertThat(intact.statusCode()).isEqualTo(206);
		assertThat(intact.body()).isEqualTo(Arrays.copyOf(content, 1000));
		user.send(user.apiRequest("/api/v1/files/" + id).DELETE().build());
	}

	@Test
	void uploadOverTheSizeLimit_withoutContentLength_is413_andStoresNothing() throws IOException {
		long objectsBefore = countObjects(server);
		// A stream of unknown length: the limit must be enforced while reading, not from
		// headers.
		InputStream nineMegabytes = new InputStream() {
			long left = 9L * 1024 * 1024;

			@Override
			public int read() {
				return (this.left-- > 0) ? 'x' : -1;
			}

			@Override
			public int read(byte[] b, int off, int len) {
				if (this.left <= 0) {
					return -1;
				}
				int n = (int) Math.min(len, this.left);
				Arrays.fill(b, off, off + n, (byte) 'x');
				this.left -= n;
				return n;
			}
		};
		HttpResponse<String> response;
		try {
			response = user.send(user.apiRequest("/api/v1/files?name=too-big.bin")
				.PUT(BodyPublishers.ofInputStream(() -> nineMegabytes))
				.build());
			assertThat(response.statusCode()).isEqualTo(413);
			assertThat(response.body()).contains("at most 8");
		}
		catch (java.io.UncheckedIOException ex) {
			// The server may close the connection while the client is still sending; then
			// the
			// 413 is not readable, but nothing may be stored either way.
		}
		assertThat(user.send(user.apiRequest("/api/v1/files/names").GET().build()).body()).doesNotContain("too-big");
		assertThat(countObjects(server)).isEqualTo(objectsBefore);
		assertThat(countTemporaries(server)).isZero();
	}

	@Test
	void uploadOverTheDeclaredLimit_isRefusedBeforeReading() {
		// With "Expect: 100-continue" the client sends the body only when the server asks
		// for it;
		// a server that refuses from the headers alone answers 413 without ever reading
		// it.
		HttpResponse<String> response = user.send(user.apiRequest("/api/v1/files?name=declared.bin")
			.expectContinue(true)
			.PUT(BodyPublishers.ofByteArray(new byte[9 * 1024 * 1024]))
			.build());
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
	}

	@Test
	void uploadOverTheQuota_is413_andStoresNothing() throws IOException {
		WebClient quotaUser = server.client();
		quotaUser.signUp("quota-user", PASSWORD);
		quotaUser.login("quota-user", PASSWORD);
		for (int i = 0; i < 3; i++) {
			assertThat(FilesApiTest.putAs(quotaUser, "part-" + i + ".bin", new byte[6 * 1024 * 1024]).statusCode())
				.isEqualTo(201);
		}
		long objectsBefore = countObjects(server);
		HttpResponse<String> over = FilesApiTest.putAs(quotaUser, "one-too-many.bin", new byte[3 * 1024 * 1024]);
		assertThat(over.statusCode()).isEqualTo(413);
		assertThat(over.body()).contains("quota");
		assertThat(countObjects(server)).isEqualTo(objectsBefore);
	}

	@Test
	void clientDisconnectMidUpload_storesNothing_andLeavesNoTemporaryFile() throws Exception {
		long objectsBefore = countObjects(server);
		String csrf = user.csrfToken();
		String cookie = "__Host-coffer-session=" + user.sessionCookie();
		SSLSocket socket = (SSLSocket) TestSockets.trusting(server).createSocket("localhost", server.port());
		try (socket) {
			OutputStream out = socket.getOutputStream();
			out.write(("PUT /api/v1/files?name=cut-off.bin HTTP/1.1\r\nHost: localhost\r\nCookie: " + cookie
					+ "\r\nX-CSRF-TOKEN: " + csrf + "\r\nContent-Type: application/octet-stream\r\n"
					+ "Content-Length: 5000000\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(new byte[2_000_000]);
			out.flush();
			Thread.sleep(500);
		}
		// The server notices the broken body, discards the upload and removes its
		// temporary file.
		Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
		while (countTemporaries(server) > 0 && Instant.now().isBefore(deadline)) {
			Thread.sleep(200);
		}
		assertThat(countTemporaries(server)).isZero();
		assertThat(countObjects(server)).isEqualTo(objectsBefore);
		assertThat(user.send(user.apiRequest("/api/v1/files/names").GET().build()).body()).doesNotContain("cut-off");
	}

	@Test
	void sweeper_removesOldUnreferencedObjectsAndWrites_butKeepsReferencedOnes() throws IOException {
		String id = FilesApiTest.idOf(FilesApiTest.putAs(user, "kept.txt", "keep me".getBytes()));
		Path kept = newestObject();
		Files.setLastModifiedTime(kept, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
		Path blobs = server.dataDir().resolve("blobs");
		Path orphan = blobs.resolve("ab").resolve("abcdef01-2345-6789-abcd-ef0123456789.0");
		Files.createDirectories(orphan.getParent());
		Files.write(orphan, new byte[] { 1, 2, 3 });
		Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
		Path abandoned = blobs.resolve("ab").resolve(".tmp-abcdef01-2345-6789-abcd-ef0123456789.0-x");
		Files.write(abandoned, new byte[] { 4, 5, 6 });
		Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
		Path young = blobs.resolve("ab").resolve("abcdef01-2345-6789-abcd-ef0123456780.0");
		Files.write(young, new byte[] { 7 });

		int removed = server.bean(OrphanSweeper.class).sweep();

		assertThat(removed).isEqualTo(2);
		assertThat(orphan).doesNotExist();
		assertThat(abandoned).doesNotExist();
		assertThat(young).exists(); // within the grace period: may be an upload about to
									// commit
		assertThat(kept).exists();
		assertThat(
				new String(user.sendForBytes(user.apiRequest("/api/v1/files/" + id + "/content").GET().build()).body()))
			.isEqualTo("keep me");
		Files.delete(young);
	}

	static long countObjects(TestServer server) throws IOException {
		return blobFiles(server).stream().filter((p) -> !p.getFileName().toString().startsWith(".tmp-")).count();
	}

	static long countTemporaries(TestServer server) throws IOException {
		return blobFiles(server).stream().filter((p) -> p.getFileName().toString().startsWith(".tmp-")).count();
	}

	private static List<Path> blobFiles(TestServer server) throws IOException {
		Path blobs = server.dataDir().resolve("blobs");
		if (!Files.exists(blobs)) {
			return List.of();
		}
		// The server may remove a temporary file while the walk passes it: walk again.
		for (int attempt = 1;; attempt++) {
			try (Stream<Path> files = Files.walk(blobs)) {
				return files.filter(Files::isRegularFile).toList();
			}
			catch (java.io.UncheckedIOException ex) {
				if (!(ex.getCause() instanceof java.nio.file.NoSuchFileException) || attempt == 5) {
					throw ex;
				}
			}
		}
	}

	private static Path newestObject() throws IOException {
		return blobFiles(server).stream().filter((p) -> !p.getFileName().toString().startsWith(".tmp-")).max((a, b) -> {
			try {
				return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b));
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}).orElseThrow();
	}

	private static boolean contains(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

}
