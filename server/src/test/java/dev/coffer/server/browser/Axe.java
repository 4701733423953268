package dev.coffer.server.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Deque's axe-core accessibility engine, run in the page a {@link Browser} shows.
 * <p>
 * The engine is the npm package {@code axe-core}, fetched with the machine's npm into
 * {@code target/axe-core} the first time (nothing is loaded from a CDN, and the pages'
 * CSP is left as it is: WebDriver injects the script, which a page could not).
 */
final class Axe {

	/**
	 * The axe-core release the tests use; its rules decide what counts as a violation.
	 */
	static final String VERSION = "4.14.1";

	private static final Path INSTALL_DIR = Path.of("target", "axe-core");

	private static final Path SCRIPT = INSTALL_DIR.resolve("node_modules/axe-core/axe.min.js");

	private static String source;

	private Axe() {
	}

	/**
	 * The serious and critical violations on the page as it is now, one line each: rule,
	 * impact, what it asks for, and up to five elements (CSS selectors).
	 */
	static List<String> seriousViolations(Browser browser) {
		browser.script(source() + "\n;window.__cofferAxe = null;" + "axe.run(document, { resultTypes: ['violations'] })"
				+ ".then((r) => { window.__cofferAxe = r.violations"
				+ "  .filter((v) => v.impact === 'serious' || v.impact === 'critical')"
				+ "  .map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' at '"
				+ "    + v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', ')); })"
				+ ".catch((e) => { window.__cofferAxe = ['axe failed: ' + e]; });");
		@SuppressWarnings("unchecked")
		List<String> violations = browser.waitUntil("axe-core's results",
				(driver) -> (List<String>) browser.script("return window.__cofferAxe"));
		return violations;
	}

	private static synchronized String source() {
		if (source == null) {
			try {
				if (!Files.isRegularFile(SCRIPT)) {
					install();
				}
				source = Files.readString(SCRIPT, StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return source;
	}

	private static void install() throws IOException {
		Files.createDirectories(INSTALL_DIR);
		Process npm = new ProcessBuilder("npm", "install", "--no-save", "--no-audit", "--no-fund", "--ignore-scripts",
				"--prefix", INSTALL_DIR.toString(), "axe-core@" + VERSION)
			.redirectErrorStream(true)
			.redirectOutput(INSTALL_DIR.resolve("npm.log").toFile())
			.start();
		try {
			if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0 || !Files.isRegularFile(SCRIPT)) {
				throw new IOException("npm install axe-core@" + VERSION + " failed: "
						+ Files.readString(INSTALL_DIR.resolve("npm.log"), StandardCharsets.UTF_8));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while installing axe-core", ex);
		}
	}

}
