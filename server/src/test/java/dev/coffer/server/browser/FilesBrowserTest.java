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
import org.openqa.selenium.Keys;
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

	private static final Path SCREENSHOTS = Path.of(System.getProperty("coffer.screenshots", "target/screenshots"));

	private static TestServer server;

	private Browser browser;

	private UploadList uploads;

	@BeforeAll
	static void startServer() {
		Browser.assumeInstalled();
		// Every upload here in one request, however large; ResumableUploadBrowserTest
		// covers the large files that go in pieces.
		server = TestServer.start("coffer.files.resumable-upload-threshold=10GB");
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
	void droppedFiles_uploadWithProgress_thenDownloadVersionRestoreDeleteAndRestoreFromTrash(@TempDir Path temp)
			throws IOException {
		this.browser.signUp("dana", PASSWORD);
		this.browser.signIn("dana", PASSWORD);
		assertThat(this.browser.find(By.className("empty")).getText())
			.isEqualTo("Nothing here yet. Upload a file or make a folder above.");
		byte[] notes = randomBytes(2_500, 1);
		byte[] photo = randomBytes(1_572_864, 2);

		dropAndSeeBothListed(notes, photo);
		downloadAndCompare("holiday photo.jpg", photo);
		byte[] edited = uploadSecondVersionOfNotes(temp, notes);
		restoreFirstVersionOfNotes(notes, edited);
		deleteNotesAfterConfirming();
		restoreNotesFromTheTrash(notes);
	}

	private void dropAndSeeBothListed(byte[] notes, byte[] photo) {
		Map<String, byte[]> dropped = new LinkedHashMap<>();
		dropped.put("notes.txt", notes);
		dropped.put("holiday photo.jpg", photo);
		WebElement listPage = this.browser.find(By.tagName("html"));
		Drop drop = this.uploads.drop("upload-form", dropped);
		assertThat(drop.accepted()).as("dragover cancelled, so the browser allows the drop").isTrue();
		assertThat(drop.highlighted()).as("drop zone highlighted while dragging").isTrue();
		assertThat(drop.highlightedAfterDrop()).as("highlight removed on drop").isFalse();

		// The files join the list as they arrive, on the same page.
		this.browser.waitUntil("both files listed", (d) -> fileRows().size() == 2);
		this.browser.waitUntil("both uploads done", (d) -> this.uploads.rows().stream().allMatch(Row::done));
		assertThat(this.browser.find(By.tagName("html"))).as("no reload").isEqualTo(listPage);
		assertThat(this.uploads.rows()).containsExactly(new Row("notes.txt (2.4 KiB)", "Done: version 1", 100, true),
				new Row("holiday photo.jpg (1.5 MiB)", "Done: version 1", 100, true));
		assertThat(fileRows()).containsExactly(new FileRow("holiday photo.jpg", "1.5 MiB", "1"),
				new FileRow("notes.txt", "2.4 KiB", "1"));
		assertThat(this.browser.findAll(By.cssSelector("table.files tr.arrived"))).as("new rows marked").hasSize(2);
		assertThat(this.browser.find(By.id("upload-status")).getText()).isEqualTo("Uploaded 2 files.");
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
		assertThat(fact("Size")).as("no doubled byte count").isEqualTo(edited.length + " bytes");
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
		this.browser.clickAndWaitForTab("Rename or delete");
		this.browser.find(By.xpath("//button[text()='Delete file']")).click();
		Alert confirm = this.browser.waitUntil("confirmation", ExpectedConditions.alertIsPresent());
		assertThat(confirm.getText()).isEqualTo("Move notes.txt and all its versions to the trash?");
		confirm.dismiss();
		assertThat(this.browser.find(By.tagName("h1")).getText()).as("still on the file's page").isEqualTo("notes.txt");

		WebElement detailPage = this.browser.find(By.tagName("html"));
		this.browser.find(By.xpath("//button[text()='Delete file']")).click();
		this.browser.waitUntil("confirmation", ExpectedConditions.alertIsPresent()).accept();
		this.browser.waitForNewPage(detailPage);
		assertThat(this.browser.currentPath()).isEqualTo("/files");
		assertThat(this.browser.find(By.cssSelector(".flash.success")).getText())
			.isEqualTo("Moved \"notes.txt\" to the trash.");
		assertThat(fileRows()).containsExactly(new FileRow("holiday photo.jpg", "1.5 MiB", "1"));
	}

	private void restoreNotesFromTheTrash(byte[] notes) {
		this.browser.clickAndWaitForPage(By.linkText("Trash"));
		assertThat(this.browser.findAll(By.cssSelector("table.trash td.trash-name")).stream().map(WebElement::getText))
			.containsExactly("notes.txt");
		this.browser.screenshot(SCREENSHOTS, "trash.png");
		this.browser.clickAndWaitForPage(By.cssSelector("button[aria-label='Restore notes.txt']"));
		assertThat(this.browser.find(By.cssSelector(".flash.success")).getText()).isEqualTo("Restored \"notes.txt\".");
		assertThat(this.browser.find(By.cssSelector("p.empty")).getText()).isEqualTo("The trash is empty.");

		this.browser.clickAndWaitForPage(By.linkText("My files"));
		assertThat(fileRows()).containsExactlyInAnyOrder(new FileRow("holiday photo.jpg", "1.5 MiB", "1"),
				new FileRow("notes.txt", "2.4 KiB", "3"));
		downloadAndCompare("notes.txt", notes);
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
			return rows.get(0).status().matches("Uploading|Cancelling|\\d+% \\(.* of .*\\)") ? null : rows.get(0);
		});
		assertThat(row.name()).isEqualTo("disk-image.iso (200 MiB)");
		assertThat(row.status()).isEqualTo("Cancelled: nothing was stored.");
		assertThat(row.progress()).isBetween(1, 99);
		assertThat(uploadItem().getDomAttribute("class")).contains("failed");
		assertThat(uploadItem().findElements(By.tagName("button"))).as("Cancel button gone").isEmpty();
		this.browser.assertConsoleClean();

		this.browser.visit("/files");
		assertThat(fileRows()).isEmpty();
		assertThat(this.browser.find(By.className("empty")).getText())
			.isEqualTo("Nothing here yet. Upload a file or make a folder above.");
	}

	@Test
	void choosingFiles_uploadsThemAtOnce_theListShowsThemArriving_andNoButtonCanFindTheInputEmpty(@TempDir Path temp)
			throws IOException {
		this.browser.signUp("fern", PASSWORD);
		this.browser.signIn("fern", PASSWORD);
		WebElement input = this.browser.find(By.id("upload-input"));
		assertThat(input.getAccessibleName()).isEqualTo("Files to upload");
		assertThat(this.browser.find(By.cssSelector("#upload-form button[type=submit]")).isDisplayed())
			.as("no second step after choosing")
			.isFalse();
		assertThat(this.browser.find(By.cssSelector("#upload-form .script-hint")).getText())
			.isEqualTo("Uploading starts as soon as you choose them.");

		Path first = Files.write(temp.resolve("minutes.txt"), randomBytes(3_000, 3));
		Path second = Files.write(temp.resolve("agenda.txt"), randomBytes(5_000, 4));
		input.sendKeys(first + "\n" + second);
		this.browser.waitUntil("both files listed", (d) -> fileRows().size() == 2);
		assertThat(fileRows()).containsExactly(new FileRow("agenda.txt", "4.9 KiB", "1"),
				new FileRow("minutes.txt", "2.9 KiB", "1"));
		this.browser.waitUntil("status", (d) -> this.browser.find(By.id("upload-status")).isDisplayed());
		assertThat(this.browser.script("return document.getElementById('upload-input').validationMessage"))
			.isEqualTo("");

		this.browser.resize(Browser.PHONE);
		assertThat(this.browser.horizontalOverflow()).isNotPositive();
		this.browser.screenshot(SCREENSHOTS, "files-uploaded-phone.png");
	}

	@Test
	void renameError_isShownNextToTheFieldAfterARedirect_withTheTypedName_andAReloadIsThePageNot405(@TempDir Path temp)
			throws IOException {
		this.browser.signUp("gale", PASSWORD);
		this.browser.signIn("gale", PASSWORD);
		chooseAndWaitForListed(temp, "draft.txt", "final.txt");
		this.browser.clickAndWaitForPage(By.linkText("draft.txt"));
		this.browser.clickAndWaitForTab("Rename or delete");

		this.browser.type(By.id("name"), "final.txt");
		this.browser.clickAndWaitForPage(By.cssSelector("#rename-form button[type=submit]"));
		assertThat(this.browser.currentPath()).endsWith("#rename-form");
		assertThat(this.browser.find(By.id("settings")).isDisplayed()).as("the form's tab is open").isTrue();
		WebElement name = this.browser.find(By.id("name"));
		WebElement error = this.browser.find(By.id("name-error"));
		assertThat(error.isDisplayed()).isTrue();
		assertThat(error.getText()).contains("There is already a file or folder named \"final.txt\" here.");
		assertThat(name.getDomProperty("value")).isEqualTo("final.txt");
		assertThat(name.getDomAttribute("aria-invalid")).isEqualTo("true");
		int gap = error.getRect().getY() - (name.getRect().getY() + name.getRect().getHeight());
		assertThat(gap).as("error right under the field").isBetween(0, 16);
		assertThat(this.browser.findAll(By.cssSelector(".flash.error"))).isEmpty();
		this.browser.screenshot(SCREENSHOTS, "rename-error.png");

		WebElement page = this.browser.find(By.tagName("html"));
		this.browser.script("window.location.reload()");
		this.browser.waitForNewPage(page);
		assertThat(this.browser.find(By.tagName("h1")).getText()).as("the file page again, no 405")
			.isEqualTo("draft.txt");
		assertThat(this.browser.findAll(By.id("name-error"))).as("the error was shown once").isEmpty();
		assertThat(this.browser.find(By.id("name")).getDomProperty("value")).isEqualTo("draft.txt");
	}

	@Test
	void filePage_showsOneTabAtATime_andItsTabsFitAPhone(@TempDir Path temp) throws IOException {
		this.browser.signUp("hana", PASSWORD);
		this.browser.signIn("hana", PASSWORD);
		chooseAndWaitForListed(temp, "plan.txt");
		this.browser.clickAndWaitForPage(By.linkText("plan.txt"));
		assertThat(this.browser.findAll(By.cssSelector("nav.file-tabs a")).stream().map(WebElement::getText))
			.containsExactly("Versions", "Sharing", "Public links", "Comments", "Rename or delete");
		assertThat(displayedSections()).containsExactly("versions");
		assertThat(
				this.browser.find(By.cssSelector("nav.file-tabs a[data-tab=versions]")).getDomAttribute("aria-current"))
			.isEqualTo("true");

		this.browser.clickAndWaitForTab("Comments");
		assertThat(displayedSections()).containsExactly("comments");
		assertThat(
				this.browser.find(By.cssSelector("nav.file-tabs a[data-tab=comments]")).getDomAttribute("aria-current"))
			.isEqualTo("true");
		int pageHeight = ((Number) this.browser.script("return document.documentElement.scrollHeight")).intValue();
		assertThat(pageHeight).as("one section, not one long column").isLessThan(1_200);

		this.browser.resize(Browser.PHONE);
		this.browser.clickAndWaitForTab("Sharing");
		assertThat(displayedSections()).containsExactly("sharing");
		assertThat(this.browser.horizontalOverflow()).isNotPositive();
		this.browser.screenshot(SCREENSHOTS, "file-tabs-phone.png");
	}

	@Test
	void clickingColumnHeaders_sortsNaturallyIgnoringCase_andSearchIgnoresAccents(@TempDir Path temp)
			throws IOException {
		this.browser.signUp("ines", PASSWORD);
		this.browser.signIn("ines", PASSWORD);
		chooseAndWaitForListed(temp, "file10.txt", "File2.txt", "Résumé.pdf", "apple.txt");
		assertThat(listedNames()).containsExactly("apple.txt", "File2.txt", "file10.txt", "Résumé.pdf");
		assertThat(this.browser.find(By.xpath("//table[@class='files']//th[.//a[starts-with(.,'Name')]]"))
			.getDomAttribute("aria-sort")).isEqualTo("ascending");

		this.browser.clickAndWaitForPage(By.xpath("//table[@class='files']//th/a[starts-with(.,'Name')]"));
		assertThat(listedNames()).containsExactly("Résumé.pdf", "file10.txt", "File2.txt", "apple.txt");
		assertThat(this.browser.find(By.xpath("//table[@class='files']//th[.//a[starts-with(.,'Name')]]"))
			.getDomAttribute("aria-sort")).isEqualTo("descending");

		this.browser.type(By.id("q"), "resume");
		this.browser.clickAndWaitForPage(By.cssSelector("form.toolbar button[type=submit]"));
		assertThat(listedNames()).containsExactly("Résumé.pdf");
		assertThat(this.browser.find(By.cssSelector("table.files a.file-folder")).getText()).isEqualTo("in My files");
	}

	@Test
	void phoneNavigation_isOneMenuButton_andASkipLinkLeadsPastIt() {
		this.browser.signUp("jade", PASSWORD);
		this.browser.signIn("jade", PASSWORD);
		assertThat(this.browser.find(By.cssSelector(".site-menu > summary")).isDisplayed()).isFalse();
		assertThat(this.browser.find(By.cssSelector(".site-nav a[href='/shared-with-me']")).isDisplayed()).isTrue();

		this.browser.resize(Browser.PHONE);
		this.browser.visit("/files");
		this.browser.press(Keys.TAB);
		WebElement skip = this.browser.find(By.cssSelector(".skip-link"));
		assertThat(this.browser.script("return document.activeElement.className")).isEqualTo("skip-link");
		assertThat(skip.getText()).isEqualTo("Skip to main content");
		assertThat(skip.getRect().getY()).as("on screen when focused").isNotNegative();
		this.browser.press(Keys.ENTER);
		this.browser.waitUntil("focus past the header",
				(d) -> "main-content".equals(this.browser.script("return document.activeElement.id")));
		this.browser.press(Keys.TAB);
		assertThat(this.browser.script("return document.activeElement.closest('main') !== null")).isEqualTo(true);

		WebElement menu = this.browser.find(By.cssSelector(".site-menu > summary"));
		assertThat(menu.isDisplayed()).isTrue();
		assertThat(menu.getText()).contains("Menu");
		assertThat(this.browser.findAll(By.linkText("Shared with me")).stream().filter(WebElement::isDisplayed))
			.as("no link shown before the menu opens")
			.isEmpty();
		assertThat(this.browser.find(By.cssSelector(".site-header")).getRect().getHeight()).as("one row")
			.isLessThan(80);
		this.browser.screenshot(SCREENSHOTS, "menu-closed-phone.png");
		menu.click();
		this.browser.waitUntil("menu open",
				(d) -> this.browser.find(By.cssSelector(".site-menu a[href='/shared-with-me']")).isDisplayed());
		assertThat(this.browser.find(By.cssSelector(".site-nav")).isDisplayed()).as("the wide row of links").isFalse();
		assertThat(this.browser.find(By.cssSelector(".site-menu .who")).getText()).isEqualTo("jade");
		assertThat(this.browser.horizontalOverflow()).isNotPositive();
		this.browser.screenshot(SCREENSHOTS, "menu-open-phone.png");
	}

	@Test
	void numberDateAndTextareaInputs_matchTextInputs_inLightAndDarkSchemes(@TempDir Path temp) throws IOException {
		this.browser.signUp("kira", PASSWORD);
		this.browser.signIn("kira", PASSWORD);
		chooseAndWaitForListed(temp, "measured.txt");
		this.browser.clickAndWaitForPage(By.linkText("measured.txt"));
		String path = this.browser.currentPath();
		for (String scheme : new String[] { "light", "dark" }) {
			this.browser.colorScheme(scheme);
			this.browser.visit(path + "#links");
			Map<String, Map<String, Object>> controls = measureControls();
			Map<String, Object> text = controls.get("text");
			assertThat(((Number) text.get("height")).doubleValue()).as(scheme + " text input").isBetween(42.0, 46.0);
			for (String kind : new String[] { "number", "date", "search", "page-number" }) {
				Map<String, Object> control = controls.get(kind);
				assertThat(((Number) control.get("height")).doubleValue()).as(scheme + " " + kind + " height")
					.isCloseTo(((Number) text.get("height")).doubleValue(), org.assertj.core.data.Offset.offset(1.0));
				assertThat(control).as(scheme + " " + kind)
					.containsEntry("font", text.get("font"))
					.containsEntry("background", text.get("background"))
					.containsEntry("color", text.get("color"))
					.containsEntry("border", text.get("border"));
			}
			Map<String, Object> textarea = controls.get("textarea");
			assertThat(textarea).as(scheme + " textarea")
				.containsEntry("font", text.get("font"))
				.containsEntry("padding", text.get("padding"))
				.containsEntry("background", text.get("background"))
				.containsEntry("border", text.get("border"));
			assertThat(((Number) textarea.get("height")).doubleValue()).isGreaterThan(80.0);
			assertThat(text.get("background")).as(scheme + " paper")
				.isEqualTo(scheme.equals("dark") ? "rgb(22, 27, 36)" : "rgb(255, 255, 255)");
			this.browser.screenshot(SCREENSHOTS, "link-form-" + scheme + ".png");
		}
		this.browser.colorScheme("light");
	}

	/**
	 * The box and style of each kind of control as the page's stylesheet renders it: the
	 * link form's number input, and one control of each kind added to the page.
	 */
	@SuppressWarnings("unchecked")
	private Map<String, Map<String, Object>> measureControls() {
		return (Map<String, Map<String, Object>>) this.browser.script("""
				const form = document.getElementById('link-form');
				const add = (html) => {
				  const holder = document.createElement('div');
				  holder.className = 'field';
				  holder.innerHTML = html;
				  form.append(holder);
				  return holder.firstElementChild;
				};
				const controls = {
				  'text': add('<input type="text" aria-label="t">'),
				  'number': add('<input type="number" aria-label="n">'),
				  'date': add('<input type="date" aria-label="d">'),
				  'search': add('<input type="search" aria-label="s">'),
				  'textarea': add('<textarea rows="3" aria-label="a"></textarea>'),
				  'page-number': document.getElementById('link-max-downloads')
				};
				const result = {};
				for (const [kind, element] of Object.entries(controls)) {
				  const style = getComputedStyle(element);
				  result[kind] = {
				    height: element.getBoundingClientRect().height,
				    font: style.fontSize + ' ' + style.fontFamily,
				    padding: style.paddingLeft,
				    background: style.backgroundColor,
				    color: style.color,
				    border: style.borderTopWidth + ' ' + style.borderTopColor + ' ' + style.borderTopLeftRadius
				  };
				}
				return result;
				""");
	}

	/** Chooses files with the list page's file input and waits until all are listed. */
	private void chooseAndWaitForListed(Path temp, String... names) throws IOException {
		StringBuilder paths = new StringBuilder();
		for (String name : names) {
			Path file = Files.writeString(temp.resolve(name), "content of " + name);
			paths.append((paths.length() > 0) ? "\n" : "").append(file);
		}
		this.browser.find(By.id("upload-input")).sendKeys(paths);
		this.browser.waitUntil("files listed", (d) -> fileRows().size() == names.length);
	}

	private List<String> listedNames() {
		return fileRows().stream().map(FileRow::name).toList();
	}

	@SuppressWarnings("unchecked")
	private List<String> displayedSections() {
		return (List<String>) this.browser.script("""
				return Array.from(document.querySelectorAll('.tab-panels > .tab-panel'))
				  .filter((section) => getComputedStyle(section).display !== 'none')
				  .map((section) => section.id);
				""");
	}

	private WebElement uploadItem() {
		return this.browser.find(By.cssSelector("#upload-list li.upload-item"));
	}

	private List<FileRow> fileRows() {
		return this.browser.findAll(By.cssSelector("table.files tbody tr"))
			.stream()
			.map((row) -> new FileRow(row.findElement(By.cssSelector("td[data-label=Name] a.file-name")).getText(),
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
