package dev.coffer.server.browser;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sharing in a real browser: Alice shares a file with Bob to read through the share
 * dialog; Bob finds it under "Shared with me", downloads it and is offered no upload;
 * Alice upgrades Bob to edit and Bob uploads a new version from the file's page. Then the
 * public side: an owner makes a password link on the file's page and a request link, and
 * an anonymous browser (a fresh profile) downloads through the one and sends a file
 * through the other. Takes the screenshots of the share dialog, a link page and a request
 * form for the docs ({@code -Dcoffer.screenshots=...}).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SharingBrowserTest {

	private static final String PASSWORD = "lantern meadow quartz 7";

	private static final Path SCREENSHOTS = Path.of(System.getProperty("coffer.screenshots", "target/screenshots"));

	private static TestServer server;

	private Browser alice;

	private Browser bob;

	private Browser visitor;

	@BeforeAll
	static void startServer() {
		Browser.assumeInstalled();
		// The request form may be sent as soon as it is filled in.
		server = TestServer.start("coffer.requests.min-fill-time=0s");
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	@AfterEach
	void closeBrowsers() {
		if (this.alice != null) {
			this.alice.close();
		}
		if (this.bob != null) {
			this.bob.close();
		}
		if (this.visitor != null) {
			this.visitor.close();
		}
	}

	@Test
	void shareToRead_thenUpgradeToEdit_andTheGranteeUploadsAVersion(@TempDir Path temp) throws IOException {
		this.alice = Browser.open(server);
		this.alice.signUp("alice", PASSWORD);
		this.alice.signIn("alice", PASSWORD);
		this.bob = Browser.open(server);
		this.bob.signUp("bob", PASSWORD);
		this.bob.signIn("bob", PASSWORD);

		byte[] plan = "Quarterly plan, draft 1\n".getBytes(StandardCharsets.UTF_8);
		Path planFile = Files.write(temp.resolve("quarterly-plan.txt"), plan);
		this.alice.find(By.id("upload-input")).sendKeys(planFile.toString());
		this.alice.waitUntil("the file listed",
				(d) -> !this.alice.findAll(By.linkText("quarterly-plan.txt")).isEmpty());
		this.alice.clickAndWaitForPage(By.linkText("quarterly-plan.txt"));
		String filePath = this.alice.currentPath();
		this.alice.clickAndWaitForTab("Sharing");

		// The dialog is open while the file is shared with nobody.
		this.alice.type(By.id("share-user"), "bob");
		assertThat(
				new Select(this.alice.find(By.id("share-permission"))).getFirstSelectedOption().getDomProperty("value"))
			.isEqualTo("READ");
		this.alice.script("document.getElementById('sharing').scrollIntoView()");
		this.alice.screenshot(SCREENSHOTS, "share-dialog.png");
		this.alice.clickAndWaitForPage(By.cssSelector(".share-form button[type=submit]"));
		assertThat(this.alice.find(By.cssSelector(".flash.success")).getText()).isEqualTo("Shared with bob (read).");
		assertThat(this.alice.find(By.cssSelector("table.shares td.grantee")).getText()).isEqualTo("bob");

		this.bob.visit("/shared-with-me");
		WebElement row = this.bob.find(By.xpath("//tr[.//a[text()='quarterly-plan.txt']]"));
		assertThat(row.findElement(By.cssSelector("td.file-owner")).getText()).isEqualTo("alice");
		assertThat(row.findElements(By.cssSelector("form.shared-upload"))).isEmpty();
		row.findElement(By.linkText("Download")).click();
		assertThat(this.bob.downloaded("quarterly-plan.txt", plan.length)).isEqualTo(plan);
		this.bob.visit(filePath);
		assertThat(this.bob.findAll(By.id("version-input"))).as("no upload for a reader").isEmpty();
		assertThat(this.bob.find(By.cssSelector(".your-permission")).getText()).isEqualTo("Read");

		new Select(this.alice.find(By.cssSelector("table.shares select[name=permission]"))).selectByValue("EDIT");
		this.alice.clickAndWaitForPage(By.xpath("//table[contains(@class,'shares')]//button[text()='Change']"));
		assertThat(this.alice.find(By.cssSelector(".flash.success")).getText())
			.isEqualTo("Changed the permission of bob to edit.");

		this.bob.visit(filePath);
		byte[] edited = "Quarterly plan, draft 2 (Bob's figures)\n".getBytes(StandardCharsets.UTF_8);
		Path editedFile = Files.write(temp.resolve("plan-edited.txt"), edited);
		WebElement page = this.bob.find(By.tagName("html"));
		this.bob.find(By.id("version-input")).sendKeys(editedFile.toString());
		this.bob.waitForNewPage(page);
		assertThat(this.bob.findAll(By.cssSelector("table.versions tbody tr"))).hasSize(2);

		this.alice.visit(filePath);
		assertThat(this.alice.find(By.xpath("//dt[text()='Size']/following-sibling::dd[1]")).getText())
			.startsWith(edited.length + " bytes");
	}

	@Test
	void passwordLinkAndRequestLink_workForAnAnonymousBrowser(@TempDir Path temp)
			throws IOException, NoSuchAlgorithmException {
		this.alice = Browser.open(server);
		this.alice.signUp("dora", PASSWORD);
		this.alice.signIn("dora", PASSWORD);
		byte[] report = "Annual report\nRevenue: 1,234\n".getBytes(StandardCharsets.UTF_8);
		Path reportFile = Files.write(temp.resolve("annual-report.txt"), report);
		this.alice.find(By.id("upload-input")).sendKeys(reportFile.toString());
		this.alice.waitUntil("the file listed", (d) -> !this.alice.findAll(By.linkText("annual-report.txt")).isEmpty());
		this.alice.clickAndWaitForPage(By.linkText("annual-report.txt"));
		String reportPath = this.alice.currentPath();
		this.alice.clickAndWaitForTab("Public links");

		// A password link from the file's page.
		String linkPassword = "river stone 42";
		this.alice.type(By.id("link-password"), linkPassword);
		this.alice.clickAndWaitForPage(By.cssSelector(".link-form button[type=submit]"));
		String linkUrl = this.alice.find(By.cssSelector(".new-link input.copyable")).getDomProperty("value");
		assertThat(this.alice.find(By.cssSelector("table.links td[data-label=Password]")).getText()).isEqualTo("yes");

		this.visitor = Browser.open(server);
		this.visitor.visit(URI.create(linkUrl).getPath());
		assertThat(this.visitor.find(By.tagName("h1")).getText()).isEqualTo("This file is protected");
		assertThat(this.visitor.findAll(By.linkText("Download"))).as("nothing to download before the password")
			.isEmpty();
		this.visitor.type(By.id("link-password"), linkPassword);
		this.visitor.clickAndWaitForPage(By.cssSelector(".link-password button[type=submit]"));
		assertThat(this.visitor.find(By.cssSelector("h1.file-title")).getText()).isEqualTo("annual-report.txt");
		String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(report));
		assertThat(this.visitor.find(By.cssSelector("code.hash")).getText()).isEqualToIgnoringCase(sha256);
		this.visitor.screenshot(SCREENSHOTS, "link-page.png");
		this.visitor.find(By.linkText("Download")).click();
		byte[] downloaded = this.visitor.downloaded("annual-report.txt", report.length);
		assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(downloaded))).isEqualTo(sha256);
		this.alice.visit(reportPath);
		this.alice.clickAndWaitForTab("Public links");
		assertThat(this.alice.find(By.cssSelector("table.links .link-downloads")).getText()).isEqualTo("1");

		// A request link, and a sender without an account.
		this.alice.visit("/requests");
		this.alice.type(By.id("requestTitle"), "Signed contract");
		this.alice.clickAndWaitForPage(By.cssSelector(".request-form button[type=submit]"));
		String requestUrl = this.alice.find(By.cssSelector(".new-request input.copyable")).getDomProperty("value");

		Path contract = Files.writeString(temp.resolve("contract.txt"), "Signed, sealed, delivered.\n");
		this.visitor.visit(URI.create(requestUrl).getPath());
		assertThat(this.visitor.find(By.cssSelector("h1.request-title")).getText()).isEqualTo("Signed contract");
		this.visitor.type(By.id("senderName"), "Sam Sender");
		this.visitor.type(By.id("senderEmail"), "sam@example.org");
		this.visitor.type(By.id("senderMessage"), "Signed on page 3, as agreed.");
		this.visitor.find(By.id("dropFiles")).sendKeys(contract.toString());
		this.visitor.screenshot(SCREENSHOTS, "request-form.png");
		this.visitor.find(By.cssSelector("#drop-form button[type=submit]")).click();
		this.visitor.waitUntil("the thank-you page", (driver) -> driver.getCurrentUrl().endsWith("/sent"));
		assertThat(this.visitor.find(By.tagName("h1")).getText()).isEqualTo("Thank you");
		this.visitor.assertConsoleClean();

		this.alice.visit("/requests/received");
		WebElement received = this.alice.find(By.cssSelector("table.received tbody tr"));
		assertThat(received.findElement(By.cssSelector("a.file-name")).getText())
			.isEqualTo("contract (from Sam Sender).txt");
		assertThat(received.findElement(By.cssSelector(".sender-email")).getText()).isEqualTo("sam@example.org");
		assertThat(received.findElement(By.cssSelector(".sender-message")).getText())
			.isEqualTo("Signed on page 3, as agreed.");
		assertThat(received.findElement(By.cssSelector("td.request-title")).getText()).isEqualTo("Signed contract");
	}

}
