package dev.coffer.server.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.keys.MasterKeyRotation;
import dev.coffer.server.keys.MasterKeys;
import dev.coffer.server.keys.Rewraps;
import dev.coffer.server.storage.ObjectKeys;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.Tus;
import dev.coffer.server.support.WebClient;

import static dev.coffer.server.support.Tus.base64;
import static dev.coffer.server.support.Tus.create;
import static dev.coffer.server.support.Tus.createResponse;
import static dev.coffer.server.support.Tus.head;
import static dev.coffer.server.support.Tus.patch;
import static dev.coffer.server.support.Tus.rawPatchHead;
import static dev.coffer.server.support.Tus.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resumable uploads over the tus protocol, against the running server over HTTPS: pieces
 * sent in several requests become one file whose SHA-256 matches; what arrived before a
 * dropped connection is kept and the upload goes on from there; wrong offsets, concurrent
 * requests, bad headers and other users are refused; cancelled and expired uploads leave
 * nothing behind; a tampered part fails the download.
 */
class ResumableUploadsTest {

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	static WebClient alice;

	static WebClient bob;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		alice = server.signedUp("alice", PASSWORD);
		bob = server.signedUp("bob", PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void piecesSentInSeveralRequests_becomeOneFile_whoseBytesAndSha256Match() {
		byte[] content = random(3 * 1024 * 1024 + 12_345, 1);
		String upload = create(alice, content.length, "filename " + base64("pieces.bin"));
		int[] cuts = { 0, 700_000, 1_048_576 + 3, 2_500_000, content.length };
		for (int i = 0; i + 1 < cuts.length; i++) {
			HttpResponse<String> patched = patch(alice, upload, cuts[i],
					Arrays.copyOfRange(content, cuts[i], cuts[i + 1]));
			assertThat(patched.statusCode()).as(patched.body()).isEqualTo(204);
			assertThat(patched.headers().firstValue("Upload-Offset")).hasValue(Integer.toString(cuts[i + 1]));
			assertThat(patched.headers().firstValue("Tus-Resumable")).hasValue("1.0.0");
		}
		String fileId = fileNamed(alice, "pieces.bin");
		assertThat(apiJson(alice, "/api/v1/files/" + fileId)).contains("\"sha256\":\"" + sha256(content) + "\"")
			.contains("\"size\":" + content.length);
		assertThat(download(alice, fileId, null)).isEqualTo(content);
		// A range across the boundary between the first and the second part.
		byte[] ranged = download(alice, fileId, "bytes=699990-700009");
		assertThat(ranged).isEqualTo(Arrays.copyOfRange(content, 699_990, 700_010));
		assertThat(parts(fileId)).isEqualTo(4);
		assertThat(head(alice, upload).statusCode()).as("the upload's state is gone").isEqualTo(404);
	}

	@Test
	void creationWithUpload_completesInOneRequest_andTellsTheFile() {
		byte[] content = random(200_000, 2);
		HttpResponse<String> created = alice
			.send(request(alice, "/api/v1/uploads").header("Upload-Length", Integer.toString(content.length))
				.header("Upload-Metadata", "filename " + base64("at-once.bin") + ",sha256 " + base64(sha256(content)))
				.header("Content-Type", "application/offset+octet-stream")
				.POST(BodyPublishers.ofByteArray(content))
				.build());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(created.headers().firstValue("Upload-Offset")).hasValue(Integer.toString(content.length));
		String fileId = created.headers().firstValue("Coffer-File-Id").orElseThrow();
		assertThat(download(alice, fileId, null)).isEqualTo(content);
	}

	@Test
	void anEmptyFile_isCompleteAsSoonAsItIsCreated() {
		HttpResponse<String> created = createResponse(alice, 0, "filename " + base64("empty.bin"));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(created.headers().firstValue("Upload-Offset")).hasValue("0");
		String fileId = created.headers().firstValue("Coffer-File-Id").orElseThrow();
		assertThat(download(alice, fileId, null)).isEmpty();
		assertThat(apiJson(alice, "/api/v1/files/" + fileId)).contains("\"size\":0");
	}

	@Test
	void head_reportsTheOffsetAndLength_andOptionsTheProtocol() {
		String upload = create(alice, 1000, "filename " + base64("head.bin") + ",filetype " + base64("text/plain"));
		patch(alice, upload, 0, random(300, 3));
		HttpResponse<String> head = head(alice, upload);
		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(head.headers().firstValue("Upload-Offset")).hasValue("300");
		assertThat(head.headers().firstValue("Upload-Length")).hasValue("1000");
		assertThat(head.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(head.headers().firstValue("Upload-Metadata"))
			.hasValueSatisfying((m) -> assertThat(m).contains("filetype " + base64("text/plain")));
		assertThat(head.headers().firstValue("Upload-Expires"))
			.hasValueSatisfying((expires) -> assertThat(expires).as("RFC 9110's IMF-fixdate: a two-digit day")
				.matches("(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"));

		HttpResponse<String> options = alice
			.send(alice.apiRequest("/api/v1/uploads").method("OPTIONS", BodyPublishers.noBody()).build());
		assertThat(options.statusCode()).isEqualTo(204);
		assertThat(options.headers().firstValue("Tus-Version")).hasValue("1.0.0");
		assertThat(options.headers().firstValue("Tus-Extension").orElseThrow()).contains("creation")
			.contains("termination")
			.contains("expiration");
	}

	@Test
	void badRequests_areRefusedWithTheRightStatus_andChangeNothing() {
		String upload = create(alice, 1000, "filename " + base64("refused.bin"));
		patch(alice, upload, 0, random(100, 4));

		assertThat(patch(alice, upload, 50, random(10, 5)).statusCode()).as("wrong offset").isEqualTo(409);
		HttpResponse<String> wrongType = alice
			.send(request(alice, "/api/v1/uploads/" + upload).header("Upload-Offset", "100")
				.header("Content-Type", "application/octet-stream")
				.method("PATCH", BodyPublishers.ofByteArray(random(10, 6)))
				.build());
		assertThat(wrongType.statusCode()).as("wrong content type").isEqualTo(415);
		HttpResponse<String> noVersion = alice.send(alice.apiRequest("/api/v1/uploads/" + upload)
			.header("Upload-Offset", "100")
			.header("Content-Type", "application/offset+octet-stream")
			.method("PATCH", BodyPublishers.ofByteArray(random(10, 7)))
			.build());
		assertThat(noVersion.statusCode()).as("no Tus-Resumable").isEqualTo(412);
		assertThat(noVersion.headers().firstValue("Tus-Version")).hasValue("1.0.0");
		assertThat(patch(alice, upload, 100, random(901, 8)).statusCode()).as("more than declared").isEqualTo(413);
		assertThat(head(alice, upload).headers().firstValue("Upload-Offset")).hasValue("100");

		HttpResponse<String> noLength = alice
			.send(request(alice, "/api/v1/uploads").header("Upload-Metadata", "filename " + base64("x.bin"))
				.POST(BodyPublishers.noBody())
				.build());
		assertThat(noLength.statusCode()).isEqualTo(400);
		assertThat(noLength.body()).contains("Upload-Length");
		assertThat(createResponse(alice, 10, "filename " + base64("../x")).statusCode()).as("bad name").isEqualTo(400);
		assertThat(createResponse(alice, 10, "filename not-base64!").statusCode()).as("bad metadata").isEqualTo(400);
		assertThat(createResponse(alice, 11L * 1024 * 1024 * 1024, "filename " + base64("huge.bin")).statusCode())
			.as("over the size limit")
			.isEqualTo(413);
		assertThat(createResponse(alice, 10, "filename " + base64("x.bin") + ",folderId " + base64("no-such-folder"))
			.statusCode()).as("no such folder").isEqualTo(404);
	}

	@Test
	void anotherUsersUpload_isNotFound() {
		String upload = create(alice, 100, "filename " + base64("private.bin"));
		assertThat(head(bob, upload).statusCode()).isEqualTo(404);
		assertThat(patch(bob, upload, 0, random(100, 9)).statusCode()).isEqualTo(404);
		assertThat(bob.send(request(bob, "/api/v1/uploads/" + upload).DELETE().build()).statusCode()).isEqualTo(404);
		assertThat(head(alice, upload).headers().firstValue("Upload-Offset")).hasValue("0");
	}

	@Test
	void withoutSigningIn_nothingIsAccepted() {
		String upload = create(alice, 100, "filename " + base64("not-yours.bin"));
		WebClient anonymous = server.client();
		HttpResponse<String> head = anonymous.send(anonymous.request("/api/v1/uploads/" + upload)
			.header("Tus-Resumable", "1.0.0")
			.method("HEAD", BodyPublishers.noBody())
			.build());
		assertThat(head.statusCode()).isEqualTo(401);
		HttpResponse<String> forgedToken = anonymous.send(anonymous.request("/api/v1/uploads")
			.header("Authorization", "Bearer not-a-token")
			.header("Tus-Resumable", "1.0.0")
			.header("Upload-Length", "10")
			.POST(BodyPublishers.noBody())
			.build());
		assertThat(forgedToken.statusCode()).isEqualTo(401);
		HttpResponse<String> noCsrf = anonymous.send(anonymous.request("/api/v1/uploads/" + upload)
			.header("Tus-Resumable", "1.0.0")
			.header("Upload-Offset", "0")
			.header("Content-Type", "application/offset+octet-stream")
			.method("PATCH", BodyPublishers.ofByteArray(random(100, 20)))
			.build());
		assertThat(noCsrf.statusCode()).isIn(401, 403);
		assertThat(head(alice, upload).headers().firstValue("Upload-Offset")).hasValue("0");
	}

	@Test
	void cancelling_removesTheUploadAndWhatArrived() throws IOException {
		String upload = create(alice, 5000, "filename " + base64("cancelled.bin"));
		patch(alice, upload, 0, random(2000, 10));
		String blobId = blobOf(upload);
		assertThat(storedParts(blobId)).hasSize(1);
		HttpResponse<String> deleted = alice.send(request(alice, "/api/v1/uploads/" + upload).DELETE().build());
		assertThat(deleted.statusCode()).isEqualTo(204);
		assertThat(head(alice, upload).statusCode()).isEqualTo(404);
		assertThat(storedParts(blobId)).isEmpty();
	}

	@Test
	void expiredUploads_areGone_andTheSweeperRemovesThem() throws IOException {
		String upload = create(alice, 5000, "filename " + base64("expired.bin"));
		patch(alice, upload, 0, random(1000, 11));
		String blobId = blobOf(upload);
		jdbc().sql("update resumable_uploads set expires_at = ? where id = ?")
			.params(System.currentTimeMillis() - 1000, upload)
			.update();
		assertThat(head(alice, upload).statusCode()).isEqualTo(410);
		assertThat(patch(alice, upload, 1000, random(10, 12)).statusCode()).isEqualTo(410);
		assertThat(server.bean(ResumableUploads.class).deleteExpired(100)).isGreaterThanOrEqualTo(1);
		assertThat(head(alice, upload).statusCode()).isEqualTo(404);
		assertThat(storedParts(blobId)).isEmpty();
	}

	@Test
	void aWrongSha256_discardsTheUpload_andMakesNoFile() {
		byte[] content = random(5000, 13);
		String upload = create(alice, content.length,
				"filename " + base64("mismatch.bin") + ",sha256 " + base64(sha256(random(5000, 14))));
		HttpResponse<String> patched = patch(alice, upload, 0, content);
		assertThat(patched.statusCode()).isEqualTo(400);
		assertThat(patched.body()).contains("SHA-256");
		assertThat(apiJson(alice, "/api/v1/files/names")).doesNotContain("mismatch.bin");
		assertThat(head(alice, upload).statusCode()).isEqualTo(404);
	}

	@Test
	void theLastPiece_mayDeclareTheSha256_andAWrongOneDiscardsTheUpload() {
		byte[] content = random(300_000, 16);
		String upload = create(alice, content.length, "filename " + base64("declared-last.bin"));
		// Declared on a piece that does not complete the upload: not kept, so the wrong
		// value here does not count against the file.
		HttpResponse<String> first = patchDeclaring(alice, upload, 0, Arrays.copyOf(content, 100_000),
				sha256(random(10, 17)));
		assertThat(first.statusCode()).as(first.body()).isEqualTo(204);
		HttpResponse<String> last = patchDeclaring(alice, upload, 100_000,
				Arrays.copyOfRange(content, 100_000, content.length), sha256(content));
		assertThat(last.statusCode()).as(last.body()).isEqualTo(204);
		String fileId = last.headers().firstValue("Coffer-File-Id").orElseThrow();
		assertThat(download(alice, fileId, null)).isEqualTo(content);

		byte[] other = random(200_000, 18);
		String wrong = create(alice, other.length, "filename " + base64("declared-wrong.bin"));
		assertThat(patch(alice, wrong, 0, Arrays.copyOf(other, 50_000)).statusCode()).isEqualTo(204);
		HttpResponse<String> refused = patchDeclaring(alice, wrong, 50_000,
				Arrays.copyOfRange(other, 50_000, other.length), sha256(content));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("SHA-256 " + sha256(other)).contains("discarded");
		assertThat(apiJson(alice, "/api/v1/files/names")).doesNotContain("declared-wrong.bin");
		assertThat(head(alice, wrong).statusCode()).isEqualTo(404);
	}

	@Test
	void aPieceDeclaringAnotherSha256ThanTheUpload_orAMalformedOne_isRefusedBeforeAnyByteIsKept() {
		byte[] content = random(120_000, 19);
		String upload = create(alice, content.length,
				"filename " + base64("declared-twice.bin") + ",sha256 " + base64(sha256(content)));
		HttpResponse<String> other = patchDeclaring(alice, upload, 0, content, sha256(random(10, 22)));
		assertThat(other.statusCode()).isEqualTo(400);
		assertThat(other.body()).contains("declared the SHA-256 " + sha256(content));
		HttpResponse<String> malformed = patchDeclaring(alice, upload, 0, content, sha256(content).toUpperCase());
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(malformed.body()).contains("Coffer-Sha256");
		assertThat(Tus.offset(alice, upload)).isZero();
		HttpResponse<String> same = patchDeclaring(alice, upload, 0, content, sha256(content));
		assertThat(same.statusCode()).as(same.body()).isEqualTo(204);
		assertThat(same.headers().firstValue("Coffer-File-Id")).isPresent();
	}

	private static HttpResponse<String> patchDeclaring(WebClient client, String upload, long offset, byte[] piece,
			String sha256) {
		return client.send(request(client, "/api/v1/uploads/" + upload).header("Upload-Offset", Long.toString(offset))
			.header("Content-Type", "application/offset+octet-stream")
			.header("Coffer-Sha256", sha256)
			.method("PATCH", BodyPublishers.ofByteArray(piece))
			.build());
	}

	@Test
	void aPieceThatBringsTooMuchMidStream_isRefused_andTheRestStillGivesTheRightSha256() {
		byte[] content = random(600_000, 20);
		String upload = create(alice, content.length,
				"filename " + base64("overflow.bin") + ",sha256 " + base64(sha256(content)));
		assertThat(patch(alice, upload, 0, Arrays.copyOf(content, 200_000)).statusCode()).isEqualTo(204);
		// No Content-Length (chunked): the server finds out only as the bytes cross the
		// end, after hashing some of them.
		byte[] tooMuch = random(500_000, 21);
		HttpResponse<String> refused = alice
			.send(request(alice, "/api/v1/uploads/" + upload).header("Upload-Offset", "200000")
				.header("Content-Type", "application/offset+octet-stream")
				.method("PATCH", BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tooMuch)))
				.build());
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
		assertThat(Tus.offset(alice, upload)).isEqualTo(200_000);
		HttpResponse<String> rest = patch(alice, upload, 200_000, Arrays.copyOfRange(content, 200_000, content.length));
		assertThat(rest.statusCode()).as(rest.body()).isEqualTo(204);
		String fileId = rest.headers().firstValue("Coffer-File-Id").orElseThrow();
		assertThat(apiJson(alice, "/api/v1/files/" + fileId)).contains("\"sha256\":\"" + sha256(content) + "\"");
		assertThat(download(alice, fileId, null)).isEqualTo(content);
	}

	@Test
	void anUploadWithAFileId_makesANewVersion() {
		String fileId = FileFixtures.upload(alice, "versioned.txt", "first".getBytes(StandardCharsets.UTF_8));
		byte[] second = random(70_000, 15);
		String upload = create(alice, second.length, "fileId " + base64(fileId));
		patch(alice, upload, 0, Arrays.copyOf(second, 30_000));
		patch(alice, upload, 30_000, Arrays.copyOfRange(second, 30_000, second.length));
		assertThat(apiJson(alice, "/api/v1/files/" + fileId)).contains("\"currentVersion\":2");
		assertThat(download(alice, fileId, null)).isEqualTo(second);
	}

	@Test
	void aDroppedConnection_keepsWhatArrived_andTheUploadGoesOnFromThere() throws Exception {
		byte[] content = random(2 * 1024 * 1024, 16);
		String upload = create(alice, content.length, "filename " + base64("dropped.bin"));
		int sent = 1_300_001;
		try (Socket socket = TestSockets.trusting(server).createSocket("localhost", server.port())) {
			OutputStream out = socket.getOutputStream();
			out.write(rawPatchHead(alice, upload, 0, content.length).getBytes(StandardCharsets.ISO_8859_1));
			out.write(content, 0, sent);
			out.flush();
			// Time for the server to read what was sent before the connection drops
			// (what is still in flight when it does may be lost with it, as on a real
			// network).
			Thread.sleep(500);
		}
		// The request ends when the server notices; its lease goes with it.
		eventually(Duration.ofSeconds(20), () -> leaseHolder(upload).isEmpty());
		long kept = Tus.offset(alice, upload);
		assertThat(kept).as("what arrived before the drop is kept, and nothing more")
			.isPositive()
			.isLessThanOrEqualTo(sent);
		HttpResponse<String> rest = patch(alice, upload, kept, Arrays.copyOfRange(content, (int) kept, content.length));
		assertThat(rest.statusCode()).as(rest.body()).isEqualTo(204);
		String fileId = rest.headers().firstValue("Coffer-File-Id").orElseThrow();
		assertThat(apiJson(alice, "/api/v1/files/" + fileId)).contains("\"sha256\":\"" + sha256(content) + "\"");
		assertThat(download(alice, fileId, null)).isEqualTo(content);
	}

	@Test
	void a300MiBUpload_cutOffAtRandomOffsetsSeveralTimes_endsWithAVersionWhoseSha256Matches() throws Exception {
		long length = 300L * 1024 * 1024;
		String upload = create(alice, length, "filename " + base64("three-hundred.bin"));
		Random cuts = new Random(300);
		long offset = 0;
		for (int cut = 0; cut < 4; cut++) {
			long stopAt = offset + 1 + (long) (cuts.nextDouble() * (length - offset) / 3);
			try (Socket socket = TestSockets.trusting(server).createSocket("localhost", server.port())) {
				OutputStream out = socket.getOutputStream();
				out.write(rawPatchHead(alice, upload, offset, length - offset).getBytes(StandardCharsets.ISO_8859_1));
				SeededContent.write(out, offset, stopAt);
				out.flush();
				Thread.sleep(500);
			}
			eventually(Duration.ofSeconds(30), () -> leaseHolder(upload).isEmpty());
			long kept = Tus.offset(alice, upload);
			assertThat(kept).as("cut " + cut + " at " + stopAt).isGreaterThan(offset).isLessThanOrEqualTo(stopAt);
			offset = kept;
		}
		try (Socket socket = TestSockets.trusting(server).createSocket("localhost", server.port())) {
			OutputStream out = socket.getOutputStream();
			out.write(rawPatchHead(alice, upload, offset, length - offset).getBytes(StandardCharsets.ISO_8859_1));
			SeededContent.write(out, offset, length);
			out.flush();
			String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
			assertThat(status).isEqualTo("HTTP/1.1 204");
		}
		String expected = SeededContent.sha256(length);
		String fileId = fileNamed(alice, "three-hundred.bin");
		assertThat(apiJson(alice, "/api/v1/files/" + fileId)).contains("\"sha256\":\"" + expected + "\"");
		assertThat(parts(fileId)).isEqualTo(5);
		MessageDigest downloaded = MessageDigest.getInstance("SHA-256");
		HttpResponse<InputStream> response = alice
			.sendForStream(alice.apiRequest("/api/v1/files/" + fileId + "/content").GET().build());
		try (InputStream body = response.body()) {
			byte[] buffer = new byte[1 << 16];
			for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
				downloaded.update(buffer, 0, read);
			}
		}
		assertThat(HexFormat.of().formatHex(downloaded.digest())).isEqualTo(expected);
	}

	/**
	 * Content that can be produced again from any offset without holding it: 1 MiB
	 * blocks, each from a {@link Random} seeded with its number.
	 */
	static final class SeededContent {

		private static final int BLOCK = 1024 * 1024;

		static void write(OutputStream out, long from, long to) throws IOException {
			byte[] block = new byte[BLOCK];
			for (long position = from; position < to;) {
				long blockNumber = position / BLOCK;
				new Random(blockNumber).nextBytes(block);
				int start = (int) (position - blockNumber * BLOCK);
				int end = (int) Math.min(BLOCK, to - blockNumber * BLOCK);
				out.write(block, start, end - start);
				position += end - start;
			}
		}

		static String sha256(long length) throws Exception {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			write(new OutputStream() {
				@Override
				public void write(int b) {
					digest.update((byte) b);
				}

				@Override
				public void write(byte[] bytes, int offset, int count) {
					digest.update(bytes, offset, count);
				}
			}, 0, length);
			return HexFormat.of().formatHex(digest.digest());
		}

	}

	@Test
	@Timeout(90)
	void keyRotation_rewrapsAnUnfinishedUploadsKeys_andTheUploadGoesOn() throws Exception {
		byte[] content = random(1_500_000, 21);
		String upload = create(alice, content.length, "filename " + base64("rotated.bin"));
		patch(alice, upload, 0, Arrays.copyOf(content, 600_000));

		MasterKeyRotation rotation = server.bean(MasterKeyRotation.class);
		rotation.rotate("test", (progress) -> {
		});
		Rewraps.awaitComplete(rotation, Duration.ofSeconds(60));

		long primary = Integer.toUnsignedLong(server.bean(MasterKeys.class).reloadIfChanged().primaryKeyId());
		assertThat(jdbc().sql("select kek_id from resumable_uploads where id = ?")
			.param(upload)
			.query(Long.class)
			.single()).isEqualTo(primary);
		assertThat(jdbc().sql("select digest_kek_id from resumable_uploads where id = ?")
			.param(upload)
			.query(Long.class)
			.single()).isEqualTo(primary);
		HttpResponse<String> rest = patch(alice, upload, 600_000, Arrays.copyOfRange(content, 600_000, content.length));
		assertThat(rest.statusCode()).as(rest.body()).isEqualTo(204);
		assertThat(download(alice, rest.headers().firstValue("Coffer-File-Id").orElseThrow(), null)).isEqualTo(content);
	}

	@Test
	void aSecondRequestWhileOneIsSending_isRefused_notInterleaved() throws Exception {
		byte[] content = random(1024 * 1024, 17);
		String upload = create(alice, content.length, "filename " + base64("concurrent.bin"));
		try (Socket socket = TestSockets.trusting(server).createSocket("localhost", server.port())) {
			OutputStream out = socket.getOutputStream();
			out.write(rawPatchHead(alice, upload, 0, content.length).getBytes(StandardCharsets.ISO_8859_1));
			out.write(content, 0, 1000);
			out.flush();
			eventually(Duration.ofSeconds(10), () -> leaseHolder(upload).isPresent());
			HttpResponse<String> second = patch(alice, upload, 0, content);
			assertThat(second.statusCode()).isEqualTo(409);
			assertThat(second.body()).contains("Another request");
			assertThat(second.headers().firstValue("Retry-After").map(Integer::parseInt))
				.as("how long the lease may still hold it")
				.hasValueSatisfying((seconds) -> assertThat(seconds).isBetween(90, 121));
			out.write(content, 1000, content.length - 1000);
			out.flush();
			InputStream in = socket.getInputStream();
			String status = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
			assertThat(status).isEqualTo("HTTP/1.1 204");
		}
		String fileId = fileNamed(alice, "concurrent.bin");
		assertThat(download(alice, fileId, null)).isEqualTo(content);
	}

	@Test
	void aTamperedPart_failsTheDownload() throws Exception {
		byte[] content = random(3 * 1024 * 1024, 18);
		String upload = create(alice, content.length, "filename " + base64("tampered.bin"));
		patch(alice, upload, 0, Arrays.copyOf(content, 1024 * 1024));
		patch(alice, upload, 1024 * 1024, Arrays.copyOfRange(content, 1024 * 1024, content.length));
		String fileId = fileNamed(alice, "tampered.bin");
		String blobId = jdbc()
			.sql("select v.blob_id from files f join file_versions v on v.id = f.current_version_id where f.id = ?")
			.param(fileId)
			.query(String.class)
			.single();
		flipAByteOf(blobId, 1);

		HttpResponse<InputStream> response = alice
			.sendForStream(alice.apiRequest("/api/v1/files/" + fileId + "/content").GET().build());
		byte[] received;
		try (InputStream body = response.body()) {
			received = body.readAllBytes();
		}
		catch (IOException ex) {
			received = null;
		}
		assertThat(received).as("the download must not end cleanly with the tampered bytes").isNull();
	}

	@Test
	void aPartTamperedWith_beforeTheLastPieceArrives_discardsTheUpload_withAClearAnswer() throws Exception {
		byte[] content = random(600_000, 23);
		String upload = create(alice, content.length,
				"filename " + base64("tampered-upload.bin") + ",sha256 " + base64(sha256(content)));
		assertThat(patch(alice, upload, 0, Arrays.copyOf(content, 200_000)).statusCode()).isEqualTo(204);
		// A piece refused midway breaks this node's running SHA-256: the last piece then
		// reads the stored parts back.
		HttpResponse<String> refused = alice
			.send(request(alice, "/api/v1/uploads/" + upload).header("Upload-Offset", "200000")
				.header("Content-Type", "application/offset+octet-stream")
				.method("PATCH", BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(random(500_000, 24))))
				.build());
		assertThat(refused.statusCode()).isEqualTo(413);
		String blobId = blobOf(upload);
		flipAByteOf(blobId, 0);

		HttpResponse<String> last = patch(alice, upload, 200_000, Arrays.copyOfRange(content, 200_000, content.length));
		assertThat(last.statusCode()).as(last.body()).isEqualTo(410);
		assertThat(last.body()).contains("failed its integrity check").contains("Start the upload again");
		assertThat(head(alice, upload).statusCode()).as("discarded, not held until it expires").isEqualTo(404);
		assertThat(apiJson(alice, "/api/v1/files/names")).doesNotContain("tampered-upload.bin");
		assertThat(storedParts(blobId)).isEmpty();
	}

	@Test
	void aRestartBetweenPieces_losesNothing() {
		byte[] content = random(2 * 1024 * 1024 + 5, 19);
		TestServer own = TestServer.start();
		try {
			WebClient carol = own.signedUp("carol", PASSWORD);
			String upload = create(carol, content.length, "filename " + base64("restart.bin"));
			patch(carol, upload, 0, Arrays.copyOf(content, 1_500_000));
			own.stop();
			own.startAgain();
			WebClient again = own.client();
			again.login("carol", PASSWORD);
			assertThat(head(again, upload).headers().firstValue("Upload-Offset")).hasValue("1500000");
			HttpResponse<String> rest = patch(again, upload, 1_500_000,
					Arrays.copyOfRange(content, 1_500_000, content.length));
			assertThat(rest.statusCode()).as(rest.body()).isEqualTo(204);
			String fileId = rest.headers().firstValue("Coffer-File-Id").orElseThrow();
			assertThat(apiJson(again, "/api/v1/files/" + fileId)).contains("\"sha256\":\"" + sha256(content) + "\"");
			assertThat(download(again, fileId, null)).isEqualTo(content);

			// The SHA-256 computed again from the stored parts is checked as well.
			String declared = sha256(random(content.length, 22));
			String wrong = create(again, content.length,
					"filename " + base64("restart-wrong.bin") + ",sha256 " + base64(declared));
			patch(again, wrong, 0, Arrays.copyOf(content, 1_500_000));
			own.stop();
			own.startAgain();
			WebClient third = own.client();
			third.login("carol", PASSWORD);
			HttpResponse<String> refused = patch(third, wrong, 1_500_000,
					Arrays.copyOfRange(content, 1_500_000, content.length));
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
			assertThat(refused.body()).contains(sha256(content));
			assertThat(apiJson(third, "/api/v1/files/names")).doesNotContain("restart-wrong.bin");
		}
		finally {
			own.stop();
		}
	}

	/** The lease token of the request appending to the upload now, if any. */
	private static java.util.Optional<String> leaseHolder(String upload) {
		return jdbc().sql("select lease_token from resumable_uploads where id = ?")
			.param(upload)
			.query(String.class)
			.optional();
	}

	/** Waits until {@code condition} holds, or the time is up. */
	static void eventually(Duration atMost, java.util.function.BooleanSupplier condition) {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private static String apiJson(WebClient client, String path) {
		return client.send(client.apiRequest(path).GET().build()).body();
	}

	static String fileNamed(WebClient client, String name) {
		return jdbc().sql("select id from files where name = ?").param(name).query(String.class).single();
	}

	private static byte[] download(WebClient client, String fileId, String range) {
		HttpRequest.Builder request = client.apiRequest("/api/v1/files/" + fileId + "/content");
		if (range != null) {
			request.header("Range", range);
		}
		HttpResponse<byte[]> response = client.sendForBytes(request.GET().build());
		assertThat(response.statusCode()).isIn(200, 206);
		return response.body();
	}

	private static int parts(String fileId) {
		return jdbc()
			.sql("select count(*) from blob_parts p join file_versions v on v.blob_id = p.blob_id "
					+ "join files f on f.current_version_id = v.id where f.id = ?")
			.param(fileId)
			.query(Integer.class)
			.single();
	}

	/** Changes a byte in the middle of part {@code partNumber} of the blob, as stored. */
	private static void flipAByteOf(String blobId, int partNumber) throws IOException {
		Path part = storedParts(blobId).stream()
			.filter((path) -> path.getFileName().toString().equals(ObjectKeys.of(blobId, partNumber)))
			.findFirst()
			.orElseThrow();
		byte[] bytes = Files.readAllBytes(part);
		bytes[bytes.length / 2] ^= 0x01;
		Files.write(part, bytes);
	}

	private static String blobOf(String upload) {
		return jdbc().sql("select blob_id from resumable_uploads where id = ?")
			.param(upload)
			.query(String.class)
			.single();
	}

	private static List<Path> storedParts(String blobId) throws IOException {
		try (Stream<Path> files = Files.walk(server.dataDir().resolve("blobs"))) {
			return files.filter((file) -> file.getFileName().toString().startsWith(blobId + ".")).toList();
		}
	}

	private static JdbcClient jdbc() {
		return server.bean(JdbcClient.class);
	}

	static byte[] random(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
