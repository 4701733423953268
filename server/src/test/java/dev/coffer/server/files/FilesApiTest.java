package dev.coffer.server.files;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upload, list, download (whole and ranged), versions, rename and delete through the REST
 * API.
 */
class FilesApiTest {

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	static WebClient alice;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		alice = server.client();
		alice.signUp("alice", PASSWORD);
		alice.login("alice", PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void upload_thenDownload_returnsTheSameBytes_withTheirSha256() throws Exception {
		byte[] content = random(3 * 1024 * 1024 + 17, 1);
		HttpResponse<String> upload = put("round-trip.bin", content);
		assertThat(upload.statusCode()).isEqualTo(201);
		assertThat(upload.headers().firstValue("Location"))
			.hasValueSatisfying((l) -> assertThat(l).startsWith("/api/v1/files/"));
		assertThat(upload.body()).contains("\"sha256\":\"" + sha256(content) + "\"")
			.contains("\"size\":" + content.length)
			.contains("\"currentVersion\":1");

		HttpResponse<byte[]> download = alice.sendForBytes(alice.apiRequest(contentPath(idOf(upload))).GET().build());
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.body()).isEqualTo(content);
	}

	/**
	 * #15: a download found the version and proved access in one query, then read the
	 * blob's parts in a second. The parts now come with the access query.
	 */
	@Test
	void download_readsTheBlobsPartsInTheQueryThatProvesAccess() throws Exception {
		byte[] content = random(200_000, 7);
		String id = idOf(put("one-query.bin", content));
		JdbcClient jdbc = server.bean(JdbcClient.class);
		jdbc.sql("SET QUERY_STATISTICS TRUE").update();
		try {
			for (String path : List.of(contentPath(id), "/api/v1/files/" + id + "/versions/1/content",
					"/api/v1/paths/one-query.bin")) {
				HttpResponse<byte[]> download = alice.sendForBytes(alice.apiRequest(path).GET().build());
				assertThat(download.statusCode()).as(path).isEqualTo(200);
				assertThat(download.body()).as(path).isEqualTo(content);
			}
			List<String> statements = jdbc
				.sql("select sql_statement from information_schema.query_statistics where execution_count > 0")
				.query(String.class)
				.list();
			assertThat(statements).as("statements run")
				.anySatisfy((sql) -> assertThat(sql).contains("left join blob_parts p on p.blob_id = r.blob_id"))
				.noneSatisfy((sql) -> assertThat(sql).contains("from blob_parts where blob_id"));
		}
		finally {
			jdbc.sql("SET QUERY_STATISTICS FALSE").update();
		}
	}

	@Test
	void download_hasSafeHeaders() {
		HttpResponse<String> upload = put("<b>report ü.html", "<script>alert(1)</script>".getBytes());
		HttpResponse<byte[]> download = alice.sendForBytes(alice.apiRequest(contentPath(idOf(upload))).GET().build());
		var headers = download.headers();
		assertThat(headers.firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;")
			.contains("filename*=UTF-8''%3Cb%3Ereport%20%C3%BC.html");
		assertThat(headers.firstValue("Content-Type")).hasValue("application/octet-stream");
		assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(headers.firstValue("Content-Security-Policy").orElseThrow()).startsWith("sandbox");
		assertThat(headers.firstValue("Cache-Control").orElseThrow()).contains("private").contains("no-store");
		assertThat(headers.firstValue("ETag").orElseThrow()).matches("\"[0-9a-f]{64}\"");
		assertThat(headers.firstValue("Accept-Ranges")).hasValue("bytes");
	}

	@Test
	void download_withMatchingIfNoneMatch_is304() {
		HttpResponse<String> upload = put("etag.txt", "same content".getBytes());
		String path = contentPath(idOf(upload));
		String etag = alice.sendForBytes(alice.apiRequest(path).GET().build())
			.headers()
			.firstValue("ETag")
			.orElseThrow();
		HttpResponse<byte[]> again = alice
			.sendForBytes(alice.apiRequest(path).header("If-None-Match", etag).GET().build());
		assertThat(again.statusCode()).isEqualTo(304);
		assertThat(again.body()).isEmpty();
	}

	@Test
	void range_acrossASegmentBoundary_is206_withExactlyThoseBytes() {
		byte[] content = random(3 * 1024 * 1024, 2);
		String path = contentPath(idOf(put("ranged.bin", content)));
		int from = 1_048_000;
		int to = 1_050_000;
		HttpResponse<byte[]> part = alice
			.sendForBytes(alice.apiRequest(path).header("Range", "bytes=" + from + "-" + to).GET().build());
		assertThat(part.statusCode()).isEqualTo(206);
		assertThat(part.headers().firstValue("Content-Range"))
			.hasValue("bytes " + from + "-" + to + "/" + content.length);
		assertThat(part.body()).isEqualTo(Arrays.copyOfRange(content, from, to + 1));

		HttpResponse<byte[]> suffix = alice
			.sendForBytes(alice.apiRequest(path).header("Range", "bytes=-100").GET().build());
		assertThat(suffix.statusCode()).isEqualTo(206);
		assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(content, content.length - 100, content.length));

		HttpResponse<byte[]> openEnded = alice
			.sendForBytes(alice.apiRequest(path).header("Range", "bytes=3000000-").GET().build());
		assertThat(openEnded.body()).isEqualTo(Arrays.copyOfRange(content, 3_000_000, content.length));

		// More than a segment, from inside one: read ahead on a second thread.
		HttpResponse<byte[]> longRange = alice
			.sendForBytes(alice.apiRequest(path).header("Range", "bytes=1000-2500000").GET().build());
		assertThat(longRange.statusCode()).isEqualTo(206);
		assertThat(longRange.body()).isEqualTo(Arrays.copyOfRange(content, 1000, 2_500_001));
		assertThat(alice.sendForBytes(alice.apiRequest(path).GET().build()).body()).isEqualTo(content);
	}

	@Test
	void range_beyondTheEnd_is416() {
		String path = contentPath(idOf(put("short.txt", "0123456789".getBytes())));
		HttpResponse<byte[]> response = alice
			.sendForBytes(alice.apiRequest(path).header("Range", "bytes=10-20").GET().build());
		assertThat(response.statusCode()).isEqualTo(416);
		assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes */10");
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(new String(response.body(), StandardCharsets.UTF_8))
			.contains("not within the file, which has 10 bytes");
		assertThat(response.headers().firstValue("Content-Disposition")).as("an error, not the file").isEmpty();
	}

	@Test
	void range_withStaleIfRange_sendsTheWholeFile() {
		String path = contentPath(idOf(put("if-range.txt", "0123456789".getBytes())));
		HttpResponse<byte[]> response = alice.sendForBytes(
				alice.apiRequest(path).header("Range", "bytes=2-3").header("If-Range", "\"0000\"").GET().build());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(new String(response.body())).isEqualTo("0123456789");
	}

	@Test
	void uploadUnderAnExistingName_addsAVersion_andOldVersionsStayDownloadable() {
		String id = idOf(put("notes.txt", "first".getBytes()));
		HttpResponse<String> second = put("notes.txt", "second".getBytes());
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(idOf(second)).isEqualTo(id);
		assertThat(second.body()).contains("\"currentVersion\":2").contains("\"versionCount\":2");

		assertThat(text(contentPath(id))).isEqualTo("second");
		assertThat(text("/api/v1/files/" + id + "/versions/1/content")).isEqualTo("first");
		String versions = alice.send(alice.apiRequest("/api/v1/files/" + id + "/versions").GET().build()).body();
		assertThat(versions).contains("\"number\":2").contains("\"number\":1");
	}

	@Test
	void putContent_addsAVersion_restore_makesAnOldOneCurrentAgain_asANewVersion() {
		String id = idOf(put("draft.txt", "v1 text".getBytes()));
		HttpResponse<String> v2 = alice
			.send(alice.apiRequest("/api/v1/files/" + id + "/content").PUT(BodyPublishers.ofString("v2 text")).build());
		assertThat(v2.statusCode()).isEqualTo(200);
		HttpResponse<String> restored = alice.send(
				alice.apiRequest("/api/v1/files/" + id + "/versions/1/restore").POST(BodyPublishers.noBody()).build());
		assertThat(restored.statusCode()).isEqualTo(200);
		assertThat(restored.body()).contains("\"currentVersion\":3");
		assertThat(text(contentPath(id))).isEqualTo("v1 text");
	}

	@Test
	void deleteVersion_removesOnlyThatVersion_andTheLastOneCannotGo() {
		String id = idOf(put("versions.txt", "one".getBytes()));
		put("versions.txt", "two".getBytes());
		HttpResponse<String> delete = alice
			.send(alice.apiRequest("/api/v1/files/" + id + "/versions/2").DELETE().build());
		assertThat(delete.statusCode()).isEqualTo(204);
		assertThat(text(contentPath(id))).isEqualTo("one");
		assertThat(
				alice.send(alice.apiRequest("/api/v1/files/" + id + "/versions/2/content").GET().build()).statusCode())
			.isEqualTo(404);
		HttpResponse<String> last = alice
			.send(alice.apiRequest("/api/v1/files/" + id + "/versions/1").DELETE().build());
		assertThat(last.statusCode()).isEqualTo(409);
		assertThat(last.body()).contains("only version");
	}

	@Test
	void rename_changesTheName_andATakenNameIs409() {
		String id = idOf(put("old-name.txt", "x".getBytes()));
		put("taken.txt", "y".getBytes());
		HttpResponse<String> renamed = alice.send(alice.apiRequest("/api/v1/files/" + id)
			.header("Content-Type", "application/json")
			.method("PATCH", BodyPublishers.ofString("{\"name\":\"new-name.txt\"}"))
			.build());
		assertThat(renamed.statusCode()).isEqualTo(200);
		assertThat(renamed.body()).contains("\"name\":\"new-name.txt\"");
		HttpResponse<String> clash = alice.send(alice.apiRequest("/api/v1/files/" + id)
			.header("Content-Type", "application/json")
			.method("PATCH", BodyPublishers.ofString("{\"name\":\"taken.txt\"}"))
			.build());
		assertThat(clash.statusCode()).isEqualTo(409);
		assertThat(text("/api/v1/files/content?name=new-name.txt")).isEqualTo("x");
	}

	@Test
	void delete_movesTheFileToTheTrash_andDeletingItThereRemovesItsBlobs() throws Exception {
		String id = idOf(put("doomed.txt", "bye".getBytes()));
		long blobsBefore = FileStorageTest.countObjects(server);
		HttpResponse<String> delete = alice.send(alice.apiRequest("/api/v1/files/" + id).DELETE().build());
		assertThat(delete.statusCode()).isEqualTo(204);
		assertThat(alice.send(alice.apiRequest("/api/v1/files/" + id).GET().build()).statusCode()).isEqualTo(404);
		assertThat(FileStorageTest.countObjects(server)).isEqualTo(blobsBefore);
		HttpResponse<String> forGood = alice.send(alice.apiRequest("/api/v1/trash/files/" + id).DELETE().build());
		assertThat(forGood.statusCode()).isEqualTo(204);
		assertThat(FileStorageTest.countObjects(server)).isEqualTo(blobsBefore - 1);
	}

	@Test
	void list_sorts_andSearchesByName() {
		WebClient bob = server.client();
		bob.signUp("bob-lister", PASSWORD);
		bob.login("bob-lister", PASSWORD);
		putAs(bob, "b-medium.txt", new byte[200]);
		putAs(bob, "a-large.txt", new byte[300]);
		putAs(bob, "c-small.txt", new byte[100]);
		assertThat(bob.send(bob.apiRequest("/api/v1/files/names").GET().build()).body())
			.isEqualTo("[\"a-large.txt\",\"b-medium.txt\",\"c-small.txt\"]");
		String bySizeDesc = bob.send(bob.apiRequest("/api/v1/files?sort=size&order=desc").GET().build()).body();
		assertThat(bySizeDesc.indexOf("a-large")).isLessThan(bySizeDesc.indexOf("b-medium"));
		assertThat(bySizeDesc.indexOf("b-medium")).isLessThan(bySizeDesc.indexOf("c-small"));
		// A mistyped sort or order is refused, naming it, rather than quietly sorting by
		// name, ascending.
		for (String[] bad : new String[][] { { "sort=bogus", "sort" }, { "order=sideways", "order" } }) {
			for (String path : new String[] { "/api/v1/files?", "/api/v1/folders/root/entries?" }) {
				HttpResponse<String> refused = bob.send(bob.apiRequest(path + bad[0]).GET().build());
				assertThat(refused.statusCode()).as(path + bad[0]).isEqualTo(400);
				assertThat(refused.body()).contains("\"field\":\"" + bad[1] + "\"");
			}
		}
		String search = bob.send(bob.apiRequest("/api/v1/files?q=MEDIUM").GET().build()).body();
		assertThat(search).contains("b-medium.txt").doesNotContain("a-large.txt");
		String likeWildcard = bob.send(bob.apiRequest("/api/v1/files?q=%25").GET().build()).body();
		assertThat(likeWildcard).isEqualTo("[]");
	}

	@Test
	void multipartPost_uploadsSeveralFiles() {
		String boundary = "----coffer" + System.nanoTime();
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"one.txt\"\r\n"
				+ "Content-Type: text/plain\r\n\r\nfirst file\r\n--" + boundary
				+ "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"two.txt\"\r\n"
				+ "Content-Type: text/plain\r\n\r\nsecond file\r\n--" + boundary + "--\r\n";
		HttpResponse<String> response = alice.send(alice.apiRequest("/api/v1/files")
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(BodyPublishers.ofString(body))
			.build());
		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.body()).contains("\"name\":\"one.txt\"").contains("\"name\":\"two.txt\"");
		assertThat(text("/api/v1/files/content?name=two.txt")).isEqualTo("second file");
	}

	static HttpResponse<String> put(String name, byte[] content) {
		return putAs(alice, name, content);
	}

	static HttpResponse<String> putAs(WebClient client, String name, byte[] content) {
		HttpRequest request = client.apiRequest("/api/v1/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
			.header("Content-Type", "application/octet-stream")
			.PUT(BodyPublishers.ofByteArray(content))
			.build();
		return client.send(request);
	}

	static String idOf(HttpResponse<String> response) {
		var matcher = java.util.regex.Pattern.compile("\"id\":\"([^\"]+)\"").matcher(response.body());
		if (!matcher.find()) {
			throw new AssertionError("No id in " + response.statusCode() + " " + response.body());
		}
		return matcher.group(1);
	}

	static String contentPath(String id) {
		return "/api/v1/files/" + id + "/content";
	}

	static String text(String path) {
		return new String(alice.sendForBytes(alice.apiRequest(path).GET().build()).body(), StandardCharsets.UTF_8);
	}

	static byte[] random(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	static String sha256(byte[] content) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
	}

}
