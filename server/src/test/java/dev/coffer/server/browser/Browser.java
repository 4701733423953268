package dev.coffer.server.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.springframework.util.FileSystemUtils;

import dev.coffer.server.mfa.SecondFactorPages;
import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's headless Chromium, driven over WebDriver by Debian's chromedriver, pointed at
 * a {@link TestServer}. Each instance has a fresh profile and download directory. Every
 * page it visits is checked for console errors: a CSP violation or a script error fails
 * the test, because the strict CSP must never break the UI.
 */
final class Browser implements AutoCloseable {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	static final Dimension DESKTOP = new Dimension(1280, 900);

	static final Dimension PHONE = new Dimension(390, 844);

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	/**
	 * Selenium warns at every start that it has no CDP bindings for this Chromium
	 * version. These tests use only WebDriver commands, never CDP, so the warning is
	 * noise. Held here because java.util.logging keeps loggers only weakly.
	 */
	private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

	private static final Logger CHROMIUM_DRIVER = Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver");

	static {
		CDP_VERSION_FINDER.setLevel(Level.OFF);
		CHROMIUM_DRIVER.setLevel(Level.SEVERE);
	}

	private final TestServer server;

	private final Path profileDir;

	private final Path downloadDir;

	private final ChromeDriver driver;

	private final WebDriverWait wait;

	private Browser(TestServer server, Path profileDir, Path downloadDir, ChromeDriver driver) {
		this.server = server;
		this.profileDir = profileDir;
		this.downloadDir = downloadDir;
		this.driver = driver;
		this.wait = new WebDriverWait(driver, TIMEOUT);
		this.wait.pollingEvery(Duration.ofMillis(50))
			.ignoring(StaleElementReferenceException.class)
			.ignoring(NoSuchElementException.class);
	}

	/**
	 * Skips the calling test class when this machine has no Chromium at all. CI installs
	 * both packages (.ci/run), so there the tests always run: with {@code CI=true}, or
	 * when only one of the two is present, a missing piece fails the test instead.
	 */
	static void assumeInstalled() {
		boolean anyInstalled = Files.isExecutable(CHROMIUM) || Files.isExecutable(CHROMEDRIVER);
		if (!"true".equals(System.getenv("CI"))) {
			assumeTrue(anyInstalled, () -> "Browser tests skipped: neither " + CHROMIUM + " nor " + CHROMEDRIVER
					+ " exists (apt-get install chromium chromium-driver)");
		}
		assertThat(CHROMIUM).as("Chromium (apt-get install chromium)").isExecutable();
		assertThat(CHROMEDRIVER).as("chromedriver (apt-get install chromium-driver)").isExecutable();
	}

	static Browser open(TestServer server) {
		try {
			Path profileDir = Files.createTempDirectory("coffer-chromium-");
			Path downloadDir = Files.createDirectory(profileDir.resolve("downloads"));
			ChromeOptions options = new ChromeOptions();
			options.setBinary(CHROMIUM.toFile());
			options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
					"--disable-sync", "--window-size=1280,900", "--user-data-dir=" + profileDir.resolve("profile"));
			// The test server makes a new self-signed certificate per run. Rather than
			// switching certificate checks off (--ignore-certificate-errors, or the
			// session-wide acceptInsecureCerts capability), Chromium is told to accept
			// exactly that certificate's public key; any other bad certificate still
			// fails. Chromium honours this switch only with its own --user-data-dir.
			options.addArguments("--ignore-certificate-errors-spki-list=" + spkiPin(server.certificateFile()));
			options.setExperimentalOption("prefs", Map.of("download.default_directory", downloadDir.toString(),
					"download.prompt_for_download", false));
			LoggingPreferences logs = new LoggingPreferences();
			logs.enable(LogType.BROWSER, Level.ALL);
			options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
			// Naming the driver keeps Selenium Manager from looking for (or fetching)
			// one.
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
				.usingAnyFreePort()
				.build();
			ChromeDriver driver = new ChromeDriver(service, options);
			driver.manage().timeouts().pageLoadTimeout(TIMEOUT).scriptTimeout(TIMEOUT);
			Browser browser = new Browser(server, profileDir, downloadDir, driver);
			browser.resize(DESKTOP);
			return browser;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Loads a page of the test server and checks the console. */
	void visit(String path) {
		this.driver.get(this.server.baseUrl() + path);
		assertConsoleClean();
	}

	/**
	 * Loads a page the server answers with an error status (a 404 page, a 410 link), and
	 * checks that status was the only problem in the console.
	 */
	void visitExpectingStatus(String path, int status) {
		this.driver.get(this.server.baseUrl() + path);
		assertThat(consoleProblems()).as("browser console at %s", currentPath())
			.singleElement(InstanceOfAssertFactories.STRING)
			.endsWith(" - Failed to load resource: the server responded with a status of " + status + " ()");
	}

	/**
	 * Lays the page out for {@code media} ({@code "print"}, or {@code ""} for the screen
	 * again), as Chromium's print preview would.
	 */
	void emulateMedia(String media) {
		this.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", media));
	}

	/** The current URL's path and query, without the server's origin. */
	String currentPath() {
		String url = this.driver.getCurrentUrl();
		return url.startsWith(this.server.baseUrl()) ? url.substring(this.server.baseUrl().length()) : url;
	}

	WebElement find(By by) {
		return this.driver.findElement(by);
	}

	List<WebElement> findAll(By by) {
		return this.driver.findElements(by);
	}

	void type(By field, String text) {
		WebElement element = find(field);
		element.clear();
		element.sendKeys(text);
	}

	/**
	 * Clicks something that loads a new page, and waits until the new page has replaced
	 * the old one.
	 */
	void clickAndWaitForPage(By target) {
		WebElement page = find(By.tagName("html"));
		find(target).click();
		waitForNewPage(page);
	}

	/** Waits until {@code oldPage} (the old page's html element) is gone. */
	void waitForNewPage(WebElement oldPage) {
		this.wait.until((d) -> isGone(oldPage));
		this.wait.until((d) -> "complete".equals(script("return document.readyState")));
		assertConsoleClean();
	}

	/**
	 * Whether {@code element} left the document, as
	 * {@code ExpectedConditions.stalenessOf} asks; but a page caught while it is being
	 * replaced can also answer "Node with given id does not belong to the document" (a
	 * plain WebDriverException, seen with Chromium 156), which means the same.
	 */
	private static boolean isGone(WebElement element) {
		try {
			element.isEnabled();
			return false;
		}
		catch (StaleElementReferenceException ex) {
			return true;
		}
		catch (WebDriverException ex) {
			if (ex.getMessage() != null && ex.getMessage().contains("does not belong to the document")) {
				return true;
			}
			throw ex;
		}
	}

	/**
	 * Opens a tab of a file's page ({@code .file-tabs}, in-page links) and waits until
	 * its section shows.
	 */
	void clickAndWaitForTab(String label) {
		WebElement tab = find(By.xpath("//nav[contains(@class,'file-tabs')]/a[text()='" + label + "']"));
		String section = tab.getDomAttribute("href").substring(1);
		tab.click();
		waitUntil("tab " + label, (d) -> find(By.id(section)).isDisplayed());
		assertConsoleClean();
	}

	/**
	 * Makes pages match {@code prefers-color-scheme: dark} (or {@code light}) from now
	 * on, as a browser on a system in dark mode does. Chromedriver's own command to run a
	 * DevTools method: no CDP bindings needed.
	 */
	void colorScheme(String scheme) {
		this.driver.executeCdpCommand("Emulation.setEmulatedMedia",
				Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
	}

	/** Presses a key where the focus is, as a person at the keyboard does. */
	void press(CharSequence key) {
		new Actions(this.driver).sendKeys(key).perform();
	}

	<T> T waitUntil(String what, Function<WebDriver, T> condition) {
		return this.wait.withMessage(what).until(condition);
	}

	/**
	 * As {@link #waitUntil(String, Function)}, for something that takes longer than the
	 * usual 20 s (a server restarting while the page retries).
	 */
	<T> T waitUntil(String what, Duration timeout, Function<WebDriver, T> condition) {
		return new WebDriverWait(this.driver, timeout).pollingEvery(Duration.ofMillis(50))
			.ignoring(StaleElementReferenceException.class)
			.ignoring(NoSuchElementException.class)
			.withMessage(what)
			.until(condition);
	}

	Object script(String script, Object... args) {
		return ((JavascriptExecutor) this.driver).executeScript(script, args);
	}

	/**
	 * Fails on anything the page logged as an error since the last check, and on any
	 * mention of the Content Security Policy: a violation is a broken feature.
	 */
	void assertConsoleClean() {
		assertThat(consoleProblems()).as("browser console at %s", currentPath()).isEmpty();
	}

	/**
	 * Clicks something that loads a page the server answers with an error status (a form
	 * shown again with what to fix, say), and checks that status was the only problem.
	 */
	void clickAndWaitForErrorPage(By target, int status) {
		WebElement page = find(By.tagName("html"));
		find(target).click();
		this.wait.until((d) -> isGone(page));
		this.wait.until((d) -> "complete".equals(script("return document.readyState")));
		assertThat(consoleProblems()).as("browser console at %s", currentPath())
			.singleElement(InstanceOfAssertFactories.STRING)
			.endsWith(" - Failed to load resource: the server responded with a status of " + status + " ()");
	}

	/**
	 * Forgets every cookie: a signed-out browser for the next test, whatever the last
	 * did.
	 */
	void deleteCookies() {
		this.driver.manage().deleteAllCookies();
	}

	/** The value of the cookie {@code name} for the test server, or {@code null}. */
	String cookie(String name) {
		Cookie cookie = this.driver.manage().getCookieNamed(name);
		return (cookie != null) ? cookie.getValue() : null;
	}

	/**
	 * Chromium's virtual WebAuthn authenticator for this browser (passkeys without
	 * hardware or prompts).
	 */
	VirtualAuthenticator addVirtualAuthenticator(VirtualAuthenticatorOptions options) {
		return ((HasVirtualAuthenticator) this.driver).addVirtualAuthenticator(options);
	}

	void removeVirtualAuthenticator(VirtualAuthenticator authenticator) {
		((HasVirtualAuthenticator) this.driver).removeVirtualAuthenticator(authenticator);
	}

	/**
	 * What the page logged as errors since the last check, for a test that expects a
	 * failed request; they no longer count against the page afterwards.
	 */
	List<String> takeConsoleProblems() {
		return consoleProblems();
	}

	private List<String> consoleProblems() {
		return this.driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue()
					|| entry.getMessage().toLowerCase(Locale.ROOT).contains("content security policy"))
			.map(LogEntry::toString)
			.toList();
	}

	/**
	 * Signs up through the sign-up form and checks that it lands on the sign-in page.
	 */
	void signUp(String username, String password) {
		visit("/signup");
		type(By.id("username"), username);
		type(By.id("password"), password);
		type(By.id("passwordConfirmation"), password);
		clickAndWaitForPage(By.cssSelector("form[action='/signup'] button[type=submit]"));
		assertThat(currentPath()).isEqualTo("/login");
		assertThat(find(By.cssSelector(".flash.success")).getText()).contains("Your account is ready");
	}

	/** Signs in through the sign-in form and checks that the header names the user. */
	/**
	 * Turns on two-step verification for the signed-in user with the code an
	 * authenticator app would show now, and checks the ten recovery codes are shown.
	 */
	void enrolAuthenticatorApp() {
		visit("/account/second-factor");
		String secret = find(By.cssSelector("input[aria-label='Secret key']")).getDomProperty("value");
		type(By.id("code"), SecondFactorPages.codeNow(secret));
		clickAndWaitForPage(By.cssSelector("form[action='/account/second-factor/confirm'] button"));
		assertThat(findAll(By.cssSelector("ul.recovery-codes li"))).hasSize(10);
	}

	void signIn(String username, String password) {
		visit("/login");
		type(By.id("username"), username);
		type(By.id("password"), password);
		clickAndWaitForPage(By.cssSelector("form[action='/login'] button[type=submit]"));
		assertThat(currentPath()).isEqualTo("/files");
		assertThat(find(By.cssSelector(".site-header .who")).getText()).isEqualTo(username);
	}

	/**
	 * Waits for a finished download of {@code fileName} of {@code size} bytes and returns
	 * its content.
	 */
	byte[] downloaded(String fileName, long size) {
		Path file = this.downloadDir.resolve(fileName);
		waitUntil("download of " + fileName,
				(d) -> Files.isRegularFile(file) && sizeOf(file) == size && !hasPartialDownloads());
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Waits for a finished download of {@code fileName}, whatever its size (one built as
	 * it is sent, like a ZIP), and returns its content.
	 */
	byte[] downloaded(String fileName) {
		Path file = this.downloadDir.resolve(fileName);
		waitUntil("download of " + fileName, (d) -> Files.isRegularFile(file) && !hasPartialDownloads());
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Window size as the page's layout sees it: innerWidth x innerHeight. */
	Dimension viewport() {
		@SuppressWarnings("unchecked")
		List<Number> size = (List<Number>) script("return [window.innerWidth, window.innerHeight]");
		return new Dimension(size.get(0).intValue(), size.get(1).intValue());
	}

	/**
	 * Sizes the window so that the page gets exactly {@code viewport}: headless Chromium
	 * still reserves room for browser chrome (--window-size=1280,900 leaves a 1280x757
	 * page).
	 */
	void resize(Dimension viewport) {
		// The window includes browser chrome whose size headless Chromium applies lazily
		// (and
		// slowly on a loaded machine), so correct by the measured difference until it
		// fits.
		Dimension window = viewport;
		for (int attempt = 0; attempt < 10 && !viewport().equals(viewport); attempt++) {
			this.driver.manage().window().setSize(window);
			sleep(100L * (attempt + 1));
			Dimension actual = viewport();
			window = new Dimension(window.width + viewport.width - actual.width,
					window.height + viewport.height - actual.height);
		}
		assertThat(viewport()).as("page viewport").isEqualTo(viewport);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * How much wider the page is than the window; 0 or less when nothing scrolls
	 * sideways. Measured against the layout width without the scroll bar (headless
	 * Chromium draws a classic 15-pixel one), so an overflow hidden under it counts too.
	 */
	int horizontalOverflow() {
		return ((Number) script("""
				const root = document.documentElement;
				return root.scrollWidth - Math.min(window.innerWidth, root.clientWidth);
				""")).intValue();
	}

	/** Saves a PNG of the window as it is now and returns its path. */
	Path screenshot(Path directory, String name) {
		try {
			Files.createDirectories(directory);
			Path file = directory.resolve(name);
			Files.write(file, this.driver.getScreenshotAs(OutputType.BYTES));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		try {
			assertConsoleClean();
		}
		finally {
			this.driver.quit();
			FileSystemUtils.deleteRecursively(this.profileDir.toFile());
		}
	}

	private boolean hasPartialDownloads() {
		try (Stream<Path> files = Files.list(this.downloadDir)) {
			return files.anyMatch((f) -> f.getFileName().toString().endsWith(".crdownload"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long sizeOf(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/**
	 * Base64 SHA-256 of the certificate's SubjectPublicKeyInfo, as Chromium pins keys.
	 */
	private static String spkiPin(Path certificateFile) {
		try (InputStream in = Files.newInputStream(certificateFile)) {
			byte[] spki = CertificateFactory.getInstance("X.509").generateCertificate(in).getPublicKey().getEncoded();
			return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot read " + certificateFile, ex);
		}
	}

}
