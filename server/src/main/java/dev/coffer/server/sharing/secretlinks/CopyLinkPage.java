package dev.coffer.server.sharing.secretlinks;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.web.servlet.ModelAndView;

import dev.coffer.server.web.QrCodes;

/**
 * The page that shows a link again to whoever manages it, with a QR code of it: one page
 * for public links and request links ({@code templates/links/copy.html}).
 *
 * @param heading what the link is, e.g. "Public link to “report.pdf”"
 * @param explanation what anyone holding it can do
 * @param active whether it still opens
 * @param statusNote where it stands, in a sentence
 * @param url the link itself
 * @param backUrl where the page leads back to
 * @param backLabel that link's text
 */
public record CopyLinkPage(String heading, String explanation, boolean active, String statusNote, String url,
		String backUrl, String backLabel) {

	static final String VIEW = "links/copy";

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(ZoneOffset.UTC);

	/** A moment as the page shows it: "2026-12-02 14:05 UTC". */
	public static String utc(Instant instant) {
		return UTC.format(instant) + " UTC";
	}

	public ModelAndView view() {
		ModelAndView page = new ModelAndView(VIEW);
		page.addObject("heading", this.heading);
		page.addObject("explanation", this.explanation);
		page.addObject("active", this.active);
		page.addObject("statusNote", this.statusNote);
		page.addObject("url", this.url);
		page.addObject("qrCode", QrCodes.svgDataUrl(this.url));
		page.addObject("backUrl", this.backUrl);
		page.addObject("backLabel", this.backLabel);
		return page;
	}

	@Override
	public String toString() {
		return "CopyLinkPage[" + this.heading + "]";
	}

}
