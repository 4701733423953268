package dev.coffer.server.browser;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.browser.UploadList.Row;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Large files on "My files" go over the resumable (tus) uploads in pieces
 * (static/js/resumable-upload.js): they survive the server stopping and starting again
 * mid-way, resume after a page reload when the same file is chosen again, and a cancel
 * removes what arrived. The threshold is lowered to 1 MB so that modest files take that
 * path.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ResumableUploadBrowserTest {

	private static final String PASSWORD = "copper kettle on the orbit";

	private static final int MIB = 1024 * 1024;

	private static TestServer server;

	private Browser browser;

	private UploadList uploads;

	@BeforeAll
	static void startServer() {
		Browser.assumeInstalled();
		server = TestServer.start("coffer.files.resumable-upload-threshold=1MB");
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	@BeforeEach
	void openBrowser() {
		this.browser = Browser.open(server);
		this.uploads = new UploadList(this.browser);
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@Test
	void serverStoppedMidUpload_pageRetries_andAfterTheRestartTheUploadCompletesFromWhereItStopped(@TempDir Path temp)
			throws Exception {
		this.browser.signUp("lena", PASSWORD);
		this.browser.signIn("lena", PASSWORD);
		byte[] content = randomBytes(64 * MIB, 11);
		Path file = Files.write(temp.resolve("field recording.wav"), content);

		this.browser.find(By.id("upload-input")).sendKeys(file.toString());
		long offsetBeforeStop = waitForFirstPieceStored();
		int port = server.port();
		server.stop();
		this.browser.waitUntil("the page noticing the server is gone",
				(d) -> onlyRow().status().equals("Connection lost — retrying…"));
		assertThat(onlyRow().progress()).as("progress kept while retrying").isBetween(1, 99);
		server.startAgainOnPort(port);

		Row done = this.browser.waitUntil("upload completed after the restart", Duration.ofSeconds(180),
				(d) -> onlyRow().done() ? onlyRow() : null);
		assertThat(done).isEqualTo(new Row("field recording.wav (64 MiB)", "Done: version 1", 100, true));
		assertThat(this.browser.takeConsoleProblems()).as("only the requests the stopped server could not answer")
			.allMatch((problem) -> problem.contains("net::ERR_"));
		this.browser.waitUntil("file listed", (d) -> listedNames().contains("field recording.wav"));

		JdbcClient jdbc = server.bean(JdbcClient.class);
		StoredVersion stored = storedVersion(jdbc, "field recording.wav");
		assertThat(stored.sha256()).isEqualTo(sha256(content));
		assertThat(stored.size()).isEqualTo(content.length);
		assertThat(stored.parts()).as("pieces before and after the restart").isGreaterThan(1);
		assertThat(offsetBeforeStop).isPositive().isLessThan(content.length);
		assertThat(unfinishedUploads(jdbc)).as("resumed, not started again beside the first").isZero();
		assertThat(storedUploadUrls()).as("localStorage entry cleared").isEmpty();
	}

	@Test
	void reloadingThePage_andChoosingTheSameFileAgain_resumesTheUploadInsteadOfStartingOver(@TempDir Path temp)
			throws Exception {
		this.browser.signUp("milo", PASSWORD);
		this.browser.signIn("milo", PASSWORD);
		byte[] content = randomBytes(64 * MIB, 12);
		Path file = Files.write(temp.resolve("backup.tar"), content);

		this.browser.find(By.id("upload-input")).sendKeys(file.toString());
		waitForFirstPieceStored();
		WebElement page = this.browser.find(By.tagName("html"));
		this.browser.script("window.location.reload()");
		this.browser.waitForNewPage(page);
		assertThat(storedUploadUrls()).as("the upload's URL kept across the reload").hasSize(1);
		assertThat(this.uploads.rows()).isEmpty();

		this.browser.find(By.id("upload-input")).sendKeys(file.toString());
		Row done = this.browser.waitUntil("upload completed", Duration.ofSeconds(120),
				(d) -> onlyRow().done() ? onlyRow() : null);
		assertThat(done).isEqualTo(new Row("backup.tar (64 MiB)", "Done: version 1", 100, true));
		assertThat(this.browser.takeConsoleProblems())
			.as("at most a PATCH refused while the server still held the one the reload cut off, then retried")
			.allMatch((problem) -> problem.contains("/api/v1/uploads/") && problem.contains("status of 409"));

		JdbcClient jdbc = server.bean(JdbcClient.class);
		StoredVersion stored = storedVersion(jdbc, "backup.tar");
		assertThat(stored.sha256()).isEqualTo(sha256(content));
		assertThat(stored.parts()).isGreaterThan(1);
		assertThat(unfinishedUploads(jdbc)).as("the first upload went on; none left behind").isZero();
		assertThat(storedUploadUrls()).isEmpty();
	}

	@Test
	void aLargeNewVersion_fromTheFilesPage_goesInPieces_andThePageShowsIt(@TempDir Path temp) throws Exception {
		WebClient owner = server.signedUp("olga", PASSWORD);
		ApiFixtures.upload(owner, "dataset.csv", "first draft\n".getBytes(StandardCharsets.UTF_8));
		this.browser.signIn("olga", PASSWORD);
		this.browser.clickAndWaitForPage(By.linkText("dataset.csv"));
		byte[] content = randomBytes(12 * MIB, 13);
		Path file = Files.write(temp.resolve("dataset-v2.csv"), content);

		WebElement page = this.browser.find(By.tagName("html"));
		this.browser.find(By.id("version-input")).sendKeys(file.toString());
		this.browser.waitForNewPage(page);
		assertThat(this.browser.find(By.cssSelector(".flash.success")).getText()).isEqualTo("New version uploaded.");
		JdbcClient jdbc = server.bean(JdbcClient.class);
		StoredVersion stored = storedVersion(jdbc, "dataset.csv");
		assertThat(stored.sha256()).isEqualTo(sha256(content));
		assertThat(stored.parts()).as("12 MiB in pieces of 8 MiB").isEqualTo(2);
		assertThat(jdbc.sql("select count(*) from file_versions v join files f on f.id = v.file_id where f.name = ?")
			.param("dataset.csv")
			.query(Long.class)
			.single()).isEqualTo(2);
		assertThat(unfinishedUploads(jdbc)).isZero();
	}

	@Test
	void cancellingALargeUpload_removesWhatArrivedFromTheServer(@TempDir Path temp) throws IOException {
		this.browser.signUp("nora", PASSWORD);
		this.browser.signIn("nora", PASSWORD);
		Path large = temp.resolve("disk-image.iso");
		try (RandomAccessFile file = new RandomAccessFile(large.toFile(), "rw")) {
			file.setLength(200L * MIB);
		}

		this.browser.find(By.id("upload-input")).sendKeys(large.toString());
		waitForFirstPieceStored();
		this.browser.find(By.xpath("//li[contains(@class,'upload-item')]//button[text()='Cancel']")).click();

		Row row = this.browser.waitUntil("upload cancelled",
				(d) -> onlyRow().status().startsWith("Cancelled") ? onlyRow() : null);
		assertThat(row.status()).isEqualTo("Cancelled: nothing was stored.");
		assertThat(row.progress()).isBetween(1, 99);
		JdbcClient jdbc = server.bean(JdbcClient.class);
		assertThat(unfinishedUploads(jdbc)).as("the upload and its parts removed").isZero();
		assertThat(jdbc.sql("select count(*) from resumable_upload_parts").query(Long.class).single()).isZero();
		assertThat(storedUploadUrls()).isEmpty();
		assertThat(this.browser.takeConsoleProblems())
			.as("at most a DELETE refused while the server still held the aborted PATCH, then retried")
			.allMatch((problem) -> problem.contains("/api/v1/uploads/") && problem.contains("status of 409"));

		this.browser.visit("/files");
		assertThat(listedNames()).isEmpty();
	}

	/**
	 * Waits until the server holds at least one piece of the (only) upload in progress
	 * and returns how many bytes that is.
	 */
	private long waitForFirstPieceStored() {
		JdbcClient jdbc = server.bean(JdbcClient.class);
		return this.browser.waitUntil("a first piece stored",
				(d) -> jdbc.sql("select max(upload_offset) from resumable_uploads")
					.query(Long.class)
					.optional()
					.filter((offset) -> offset > 0)
					.orElse(null));
	}

	private Row onlyRow() {
		List<Row> rows = this.uploads.rows();
		assertThat(rows).hasSize(1);
		return rows.get(0);
	}

	private List<String> listedNames() {
		return this.browser.findAll(By.cssSelector("table.files a.file-name"))
			.stream()
			.map(WebElement::getText)
			.toList();
	}

	@SuppressWarnings("unchecked")
	private List<String> storedUploadUrls() {
		return (List<String>) this.browser.script("""
				return Object.keys(window.localStorage)
				  .filter((key) => key.startsWith('coffer.upload:'))
				  .map((key) => window.localStorage.getItem(key));
				""");
	}

	private static long unfinishedUploads(JdbcClient jdbc) {
		return jdbc.sql("select count(*) from resumable_uploads").query(Long.class).single();
	}

	private static StoredVersion storedVersion(JdbcClient jdbc, String name) {
		return jdbc
			.sql("select v.sha256, v.size, (select count(*) from blob_parts p where p.blob_id = v.blob_id) "
					+ "from file_versions v join files f on f.current_version_id = v.id where f.name = ?")
			.param(name)
			.query((rs, row) -> new StoredVersion(rs.getString(1), rs.getLong(2), rs.getInt(3)))
			.single();
	}

	private static byte[] randomBytes(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	private static String sha256(byte[] content) throws NoSuchAlgorithmException {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
	}

	private record StoredVersion(String sha256, long size, int parts) {
	}

}
