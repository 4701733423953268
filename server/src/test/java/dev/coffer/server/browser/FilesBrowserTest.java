package dev.coffer.server.browser;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.coffer.server.browser.UploadList.Drop;
import dev.coffer.server.browser.UploadList.Row;
import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "My files" pages in a real browser: drag-and-drop uploads with progress, download,
 * new versions, restore, delete, and cancelling an upload.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FilesBrowserTest {

	private static final String PASSWORD = "copper kettle on the orbit";

	private static TestServer server;

	private Browser browser;

	private UploadList uploads;

	@BeforeAll
	static void startServer() {
		Browser.assumeInstalled();
		server = TestServer.start();
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
	void droppedFiles_uploadWithProgress_thenDownloadVersionRestoreAndDelete(@TempDir Path temp) throws IOException {
		this.browser.signUp("dana", PASSWORD);
		this.browser.signIn("dana", PASSWORD);
		assertThat(this.browser.find(By.className("empty")).getText()).isEqualTo("No files yet. Upload one above.");
		byte[] notes = randomBytes(2_500, 1);
		byte[] photo = randomBytes(1_572_864, 2);

		dropAndSeeBothListed(notes, photo);
		downloadAndCompare("holiday photo.jpg", photo);
		byte[] edited = uploadSecondVersionOfNotes(temp, notes);
		restoreFirstVersionOfNotes(notes, edited);
		deleteNotesAfterConfirming();
	}

	private void dropAndSeeBothListed(byte[] notes, byte[] photo) {
		Map<String, byte[]> dropped = new LinkedHashMap<>();
		dropped.put("notes.txt", notes);
		dropped.put("holiday photo.jpg", photo);
		this.uploads.keepRowsAcrossReload();
		WebElement listPage = this.browser.find(By.tagName("html"));
		Drop drop = this.uploads.drop("upload-form", dropped);
		assertThat(drop.accepted()).as("dragover cancelled, so the browser allows the drop").isTrue();
		assertThat(drop.highlighted()).as("drop zone highlighted while dragging").isTrue();
		assertThat(drop.highlightedAfterDrop()).as("highlight removed on drop").isFalse();

		// When every upload succeeded the script reloads the list.
		this.browser.waitForNewPage(listPage);
		assertThat(this.uploads.rowsBeforeReload()).containsExactly(
				new Row("notes.txt (2.4 KB)", "Done: version 1", 100, true),
				new Row("holiday photo.jpg (1.5 MB)", "Done: version 1", 100, true));
		assertThat(fileRows()).containsExactly(new FileRow("holiday photo.jpg", "1.5 MB", "1"),
				new FileRow("notes.txt", "2.4 KB", "1"));
	}

	private void downloadAndCompare(String name, byte[] uploaded) {
		fileRow(name).findElement(By.linkText("Download")).click();
		assertThat(this.browser.downloaded(name, uploaded.length)).isEqualTo(uploaded);
		this.browser.assertConsoleClean();
	}

	/** Picks a file with the version form's file input, as a person would. */
	private byte[] uploadSecondVersionOfNotes(Path temp, byte[] notes) throws IOException {
		this.browser.clickAndWaitForPage(By.linkText("notes.txt"));
		assertThat(this.browser.find(By.tagName("h1")).getText()).isEqualTo("notes.txt");
		assertThat(fact("Current version")).isEqualTo("1");
		assertThat(fact("SHA-256")).isEqualTo(sha256(notes));

		byte[] edited = "notes, edited on the train\n".getBytes(StandardCharsets.UTF_8);
		Path editedFile = Files.write(temp.resolve("notes-edited.txt"), edited);
		WebElement detailPage = this.browser.find(By.tagName("html"));
		this.browser.find(By.id("version-input")).sendKeys(editedFile.toString());
		this.browser.waitForNewPage(detailPage);
		assertThat(fact("Current version")).isEqualTo("2");
		assertThat(fact("Size")).isEqualTo(edited.length + " bytes (" + edited.length + " bytes)");
		assertThat(versionRows()).containsExactly(new VersionRow("2", true, sha256(edited)),
				new VersionRow("1", false, sha256(notes)));
		return edited;
	}

	private void restoreFirstVersionOfNotes(byte[] notes, byte[] edited) {
		this.browser.clickAndWaitForPage(versionRowButton("1", "Restore"));
		assertThat(this.browser.find(By.cssSelector(".flash.success")).getText())
			.isEqualTo("Version 1 restored as version 3.");
		assertThat(fact("Current version")).isEqualTo("3");
		assertThat(versionRows()).containsExactly(new VersionRow("3", true, sha256(notes)),
				new VersionRow("2", false, sha256(edited)), new VersionRow("1", false, sha256(notes)));
		assertThat(cellsNotFillingTheirRow("table.versions")).as("cells of the versions table").isEmpty();
	}

	private void deleteNotesAfterConfirming() {
		this.browser.find(By.xpath("//button[text()='Delete file']")).click();
		Alert confirm = this.browser.waitUntil("confirmation", ExpectedConditions.alertIsPresent());
		assertThat(confirm.getText()).isEqualTo("Delete notes.txt and all its versions?");
		confirm.dismiss();
		assertThat(this.browser.find(By.tagName("h1")).getText()).as("still on the file's page").isEqualTo("notes.txt");

		WebElement detailPage = this.browser.find(By.tagName("html"));
		this.browser.find(By.xpath("//button[text()='Delete file']")).click();
		this.browser.waitUntil("confirmation", ExpectedConditions.alertIsPresent()).accept();
		this.browser.waitForNewPage(detailPage);
		assertThat(this.browser.currentPath()).isEqualTo("/files");
		assertThat(this.browser.find(By.cssSelector(".flash.success")).getText())
			.isEqualTo("Deleted \"notes.txt\" and all its versions.");
		assertThat(fileRows()).containsExactly(new FileRow("holiday photo.jpg", "1.5 MB", "1"));
	}

	@Test
	void cancellingAnUploadInProgress_storesNothing(@TempDir Path temp) throws IOException {
		this.browser.signUp("erin", PASSWORD);
		this.browser.signIn("erin", PASSWORD);
		Path large = temp.resolve("disk-image.iso");
		try (RandomAccessFile file = new RandomAccessFile(large.toFile(), "rw")) {
			file.setLength(200L * 1024 * 1024);
		}

		this.browser.find(By.id("upload-input")).sendKeys(large.toString());
		// Cancel once bytes are moving: the progress bar has left 0.
		this.browser.waitUntil("upload progress", (d) -> this.uploads.rows().get(0).progress() > 0);
		uploadItem().findElement(By.xpath(".//button[text()='Cancel']")).click();

		Row row = this.browser.waitUntil("upload ended", (d) -> {
			List<Row> rows = this.uploads.rows();
			assertThat(rows).as("upload rows (none if the upload finished and the page reloaded)").hasSize(1);
			return rows.get(0).status().matches("Uploading|\\d+%") ? null : rows.get(0);
		});
		assertThat(row.name()).isEqualTo("disk-image.iso (200 MB)");
		assertThat(row.status()).isEqualTo("Cancelled: nothing was stored.");
		assertThat(row.progress()).isBetween(1, 99);
		assertThat(uploadItem().getDomAttribute("class")).contains("failed");
		assertThat(uploadItem().findElements(By.tagName("button"))).as("Cancel button gone").isEmpty();
		this.browser.assertConsoleClean();

		this.browser.visit("/files");
		assertThat(fileRows()).isEmpty();
		assertThat(this.browser.find(By.className("empty")).getText()).isEqualTo("No files yet. Upload one above.");
	}

	private WebElement uploadItem() {
		return this.browser.find(By.cssSelector("#upload-list li.upload-item"));
	}

	private List<FileRow> fileRows() {
		return this.browser.findAll(By.cssSelector("table.files tbody tr"))
			.stream()
			.map((row) -> new FileRow(row.findElement(By.cssSelector("td[data-label=Name]")).getText(),
					row.findElement(By.cssSelector("td[data-label=Size]")).getText(),
					row.findElement(By.cssSelector("td[data-label=Versions]")).getText()))
			.toList();
	}

	private WebElement fileRow(String name) {
		return this.browser.find(By.xpath("//table[@class='files']//tr[.//a[text()='" + name + "']]"));
	}

	private String fact(String term) {
		return this.browser.find(By.xpath("//dl[@class='facts']/dt[text()='" + term + "']/following-sibling::dd[1]"))
			.getText();
	}

	private List<VersionRow> versionRows() {
		return this.browser.findAll(By.cssSelector("table.versions tbody tr"))
			.stream()
			.map((row) -> new VersionRow(row.findElement(By.cssSelector("td[data-label=Version] span")).getText(),
					!row.findElements(By.className("badge")).isEmpty(),
					row.findElement(By.cssSelector("code.hash")).getText()))
			.toList();
	}

	/**
	 * Cells whose box does not reach from the top to the bottom of their row: what a cell
	 * that lost its table-cell layout looks like (its borders no longer line up).
	 */
	private List<String> cellsNotFillingTheirRow(String table) {
		@SuppressWarnings("unchecked")
		List<String> cells = (List<String>) this.browser.script("""
				const misfits = [];
				for (const row of document.querySelectorAll(arguments[0] + ' tbody tr')) {
				  const rowBox = row.getBoundingClientRect();
				  for (const cell of row.cells) {
				    const box = cell.getBoundingClientRect();
				    if (Math.abs(box.top - rowBox.top) > 1 || Math.abs(box.bottom - rowBox.bottom) > 1) {
				      misfits.push(`row ${row.rowIndex} cell ${cell.cellIndex} (${getComputedStyle(cell).display})`);
				    }
				  }
				}
				return misfits;
				""", table);
		return cells;
	}

	private static By versionRowButton(String number, String button) {
		return By.xpath("//table[@class='versions']//tr[td[@data-label='Version']/span[text()='" + number
				+ "']]//button[text()='" + button + "']");
	}

	private static byte[] randomBytes(int length, long seed) {
		byte[] bytes = new byte[length];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	private static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A row of the files table as shown: name, formatted size, number of versions. */
	record FileRow(String name, String size, String versions) {
	}

	/** A row of the versions table: number, whether marked current, SHA-256. */
	record VersionRow(String number, boolean current, String sha256) {
	}

}
