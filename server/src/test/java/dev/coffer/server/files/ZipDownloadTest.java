package dev.coffer.server.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.audit.AuditEntry;
import dev.coffer.server.audit.AuditFilter;
import dev.coffer.server.audit.AuditLog;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Many files as one ZIP, through the API and the web form: every entry's name and bytes
 * read back with real ZIP readers (streaming and by central directory), access checked
 * for every file before anything is sent, bad requests refused, each file audited as a
 * download, content stored before CRC-32s were recorded, and integrity failures.
 */
class ZipDownloadTest {

	static TestServer server;

	static WebClient alice;

	static WebClient bob;

	static JdbcClient db;

	@BeforeAll
	static void start() {
		server = TestServer.start("coffer.files.max-files-per-zip=5");
		alice = server.signedUp("alice", FileFixtures.PASSWORD);
		bob = server.signedUp("bob", FileFixtures.PASSWORD);
		db = server.bean(JdbcClient.class);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void zip_ofSeveralFiles_holdsEachFile_storedUnderItsUtf8Name_withItsBytes() throws Exception {
		Map<String, byte[]> files = new LinkedHashMap<>();
		files.put("zip-photo ü €.jpg", random(3 * 1024 * 1024 + 5, 1));
		files.put("zip-notes.txt", "plain words\n".getBytes(StandardCharsets.UTF_8));
		files.put("zip-日本語.bin", random(1024 * 1024, 2));
		List<String> ids = new ArrayList<>();
		files.forEach((name, content) -> ids.add(FileFixtures.upload(alice, name, content)));

		HttpResponse<byte[]> response = zip(alice, ids);

		assertThat(response.statusCode()).isEqualTo(200);
		var headers = response.headers();
		assertThat(headers.firstValue("Content-Type")).hasValue("application/zip");
		assertThat(headers.firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;")
			.contains("coffer-files-");
		assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(headers.firstValue("Content-Security-Policy").orElseThrow()).startsWith("sandbox");
		assertThat(headers.firstValue("Cache-Control").orElseThrow()).contains("no-store");
		assertThat(streamed(response.body())).containsExactlyEntriesOf(files);
		assertThat(byCentralDirectory(response.body())).containsExactlyEntriesOf(files);
		// Local header of the first entry: general purpose bit 11 (names are UTF-8),
		// method 0 (stored).
		byte[] zip = response.body();
		assertThat(zip[7] & 0x08).isEqualTo(0x08);
		assertThat(zip[8] | zip[9]).isZero();
	}

	@Test
	void zip_ofFilesWithTheSameName_numbersTheLaterOnes_ignoringCase() throws Exception {
		String own = FileFixtures.upload(alice, "Same.txt", "alice's".getBytes(StandardCharsets.UTF_8));
		String bobs = FileFixtures.upload(bob, "same.TXT", "bob's".getBytes(StandardCharsets.UTF_8));
		FileFixtures.share(bob, bobs, "alice");

		HttpResponse<byte[]> response = zip(alice, List.of(own, bobs, own));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(streamed(response.body())).containsOnlyKeys("Same.txt", "same (2).TXT");
		assertThat(new String(streamed(response.body()).get("same (2).TXT"), StandardCharsets.UTF_8))
			.isEqualTo("bob's");
	}

	@Test
	void zip_isAuditedAsADownload_ofEachFile() {
		String first = FileFixtures.upload(alice, "audited-1.txt", "one".getBytes(StandardCharsets.UTF_8));
		String second = FileFixtures.upload(alice, "audited-2.txt", "two".getBytes(StandardCharsets.UTF_8));

		assertThat(zip(alice, List.of(first, second)).statusCode()).isEqualTo(200);

		List<AuditEntry> downloads = server.bean(AuditLog.class)
			.find(new AuditFilter("alice", "file.downloaded", null, null), 1000);
		assertThat(downloads).filteredOn((entry) -> entry.target().equals("file:" + first))
			.extracting(AuditEntry::details)
			.containsExactly("version 1 in a ZIP of 2 files");
		assertThat(downloads).filteredOn((entry) -> entry.target().equals("file:" + second)).hasSize(1);
	}

	@Test
	void zip_withAFileOfSomeoneElse_is404_andSendsNothing() {
		String own = FileFixtures.upload(alice, "mine-for-zip.txt", "mine".getBytes(StandardCharsets.UTF_8));
		String bobs = FileFixtures.upload(bob, "not-shared.txt", "bob's secret".getBytes(StandardCharsets.UTF_8));

		assertIsProblem(zip(alice, List.of(own, bobs)), 404);
		assertIsProblem(zip(alice, List.of(own, "00000000-0000-0000-0000-000000000000")), 404);
	}

	@Test
	void zip_ofNothing_orOfTooManyFiles_orNotJson_isRefused() {
		String own = FileFixtures.upload(alice, "limit.txt", "x".getBytes(StandardCharsets.UTF_8));
		assertIsProblem(zip(alice, List.of()), 400);
		assertIsProblem(alice.sendForBytes(alice.apiRequest("/api/v1/files/zip")
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{}"))
			.build()), 400);
		assertIsProblem(alice.sendForBytes(alice.apiRequest("/api/v1/files/zip")
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("[not json"))
			.build()), 400);
		assertIsProblem(alice.sendForBytes(alice.apiRequest("/api/v1/files/zip")
			.header("Content-Type", "text/plain")
			.POST(BodyPublishers.ofString(own))
			.build()), 415);
		List<String> six = List.of("a", "b", "c", "d", "e", "f");
		assertIsProblem(zip(alice, six), 413);
		// Five ids are within the limit: then the unknown ones are what is wrong.
		assertIsProblem(zip(alice, six.subList(0, 5)), 404);
	}

	@Test
	void webForm_postsTheSelectedIds_andGetsTheZip_butNotWithoutItsCsrfToken() throws Exception {
		String first = FileFixtures.upload(alice, "web-1.txt", "first".getBytes(StandardCharsets.UTF_8));
		String second = FileFixtures.upload(alice, "web-2.txt", "second".getBytes(StandardCharsets.UTF_8));
		String form = "ids=" + first + "&ids=" + second;

		HttpResponse<byte[]> withToken = alice.sendForBytes(alice.request("/files/zip")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(BodyPublishers
				.ofString(form + "&_csrf=" + URLEncoder.encode(alice.csrfToken(), StandardCharsets.UTF_8)))
			.build());
		assertThat(withToken.statusCode()).isEqualTo(200);
		assertThat(streamed(withToken.body())).containsOnlyKeys("web-1.txt", "web-2.txt");

		HttpResponse<byte[]> withoutToken = alice.sendForBytes(alice.request("/files/zip")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(BodyPublishers.ofString(form))
			.build());
		assertThat(withoutToken.statusCode()).isEqualTo(403);
		assertThat(withoutToken.headers().firstValue("Content-Disposition")).isEmpty();
	}

	@Test
	void webForm_withAFileOfSomeoneElse_isTheNotFoundPage() {
		String bobs = FileFixtures.upload(bob, "bob-web.txt", "bob's".getBytes(StandardCharsets.UTF_8));
		HttpResponse<byte[]> response = alice.sendForBytes(alice.request("/files/zip")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(BodyPublishers
				.ofString("ids=" + bobs + "&_csrf=" + URLEncoder.encode(alice.csrfToken(), StandardCharsets.UTF_8)))
			.build());
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
		assertThat(response.headers().firstValue("Content-Disposition")).isEmpty();
	}

	@Test
	void zip_cutOffByTheClient_leavesNothingBehind_andTheServerGoesOn() throws Exception {
		String big = FileFixtures.upload(alice, "cut-off.bin", random(8 * 1024 * 1024, 7));
		List<Path> before = filesUnder(server.dataDir());
		HttpResponse<java.io.InputStream> response = alice.sendForStream(alice.apiRequest("/api/v1/files/zip")
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"ids\":[\"" + big + "\"]}"))
			.build());
		try (java.io.InputStream body = response.body()) {
			assertThat(body.readNBytes(100_000)).hasSize(100_000);
		}

		assertThat(zip(alice, List.of(big)).statusCode()).isEqualTo(200);
		assertThat(filesUnder(server.dataDir())).as("nothing written for a ZIP, cut off or not")
			.containsExactlyInAnyOrderElementsOf(before);
	}

	private static List<Path> filesUnder(Path directory) throws IOException {
		try (Stream<Path> files = Files.walk(directory)) {
			// The database and its lock or trace files change on their own.
			return files.filter(Files::isRegularFile)
				.filter((file) -> !file.startsWith(directory.resolve("db")))
				.toList();
		}
	}

	@Test
	void zip_ofAVersionStoredBeforeCrc32sWereRecorded_computesItOnce_andRecordsIt() throws Exception {
		byte[] content = random(2 * 1024 * 1024 + 3, 3);
		String id = FileFixtures.upload(alice, "before-crc.bin", content);
		db.sql("update file_versions set crc32 = null where file_id = ?").param(id).update();

		HttpResponse<byte[]> response = zip(alice, List.of(id));

		assertThat(streamed(response.body())).containsOnlyKeys("before-crc.bin");
		assertThat(streamed(response.body()).get("before-crc.bin")).isEqualTo(content);
		CRC32 expected = new CRC32();
		expected.update(content);
		assertThat(db.sql("select crc32 from file_versions where file_id = ?").param(id).query(Long.class).single())
			.isEqualTo(expected.getValue());
	}

	@Test
	void zip_whoseSecondFileFailsItsIntegrityCheck_isCutOff_neverEnded_andAudited() throws Exception {
		String good = FileFixtures.upload(alice, "good-before-bad.bin", random(1024 * 1024, 4));
		String bad = FileFixtures.upload(alice, "tampered-in-zip.bin", random(100_000, 5));
		FileFixtures.flipABitOfStoredContent(server, bad);

		assertThatThrownBy(() -> zip(alice, List.of(good, bad))).isInstanceOf(UncheckedIOException.class);

		assertThat(
				server.bean(AuditLog.class).find(new AuditFilter("alice", "blob.integrity_failure", null, null), 100))
			.extracting(AuditEntry::target)
			.contains("file:" + bad);
	}

	@Test
	void zip_whoseFirstFileFailsItsIntegrityCheck_isAnErrorAnswer_withoutTheZipsHeaders() throws Exception {
		String bad = FileFixtures.upload(alice, "tampered-first.bin", random(5000, 6));
		FileFixtures.flipABitOfStoredContent(server, bad);

		HttpResponse<byte[]> response = zip(alice, List.of(bad));

		assertIsProblem(response, 500);
	}

	private static void assertIsProblem(HttpResponse<byte[]> response, int status) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(response.headers().firstValue("Content-Disposition")).isEmpty();
		assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("\"status\":" + status);
	}

	/** Every entry, read with the JDK's streaming reader (local headers). */
	static Map<String, byte[]> streamed(byte[] zip) throws IOException {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
			for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				assertThat(entry.getMethod()).isEqualTo(ZipEntry.STORED);
				entries.put(entry.getName(), in.readAllBytes());
			}
		}
		return entries;
	}

	/** Every entry, read as unzip tools do: from the central directory. */
	static Map<String, byte[]> byCentralDirectory(byte[] zip) throws IOException {
		Path file = Files.createTempFile("coffer-zip-", ".zip");
		try {
			Files.write(file, zip);
			try (ZipFile archive = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
				return archive.stream().collect(Collectors.toMap(ZipEntry::getName, (entry) -> {
					try {
						return archive.getInputStream(entry).readAllBytes();
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				}, (a, b) -> a, LinkedHashMap::new));
			}
		}
		finally {
			Files.delete(file);
		}
	}

	static HttpResponse<byte[]> zip(WebClient client, List<String> ids) {
		String json = ids.stream().map((id) -> "\"" + id + "\"").collect(Collectors.joining(",", "{\"ids\":[", "]}"));
		return client.sendForBytes(client.apiRequest("/api/v1/files/zip")
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(json))
			.build());
	}

	static byte[] random(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

}
