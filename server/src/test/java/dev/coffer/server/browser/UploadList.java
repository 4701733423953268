package dev.coffer.server.browser;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;

/**
 * The upload drop zone and the list of uploads under it (static/js/files.js) on the files
 * pages, as a person uses and reads them.
 */
final class UploadList {

	private final Browser browser;

	UploadList(Browser browser) {
		this.browser = browser;
	}

	/**
	 * Drags files onto the element with id {@code dropZoneId} and drops them, as a person
	 * dragging them from a file manager would. WebDriver cannot drag files from the
	 * operating system, so the page builds them in a {@code DataTransfer} and gets the
	 * same dragenter, dragover and drop events.
	 */
	Drop drop(String dropZoneId, Map<String, byte[]> files) {
		List<List<String>> encoded = files.entrySet()
			.stream()
			.map((file) -> List.of(file.getKey(), Base64.getEncoder().encodeToString(file.getValue())))
			.toList();
		@SuppressWarnings("unchecked")
		Map<String, Boolean> result = (Map<String, Boolean>) this.browser.script("""
				const [zoneId, files] = arguments;
				const zone = document.getElementById(zoneId);
				const transfer = new DataTransfer();
				for (const [name, base64] of files) {
				  const binary = atob(base64);
				  const bytes = new Uint8Array(binary.length);
				  for (let i = 0; i < binary.length; i++) {
				    bytes[i] = binary.charCodeAt(i);
				  }
				  transfer.items.add(new File([bytes], name, { type: 'application/octet-stream' }));
				}
				const fire = (type) => zone.dispatchEvent(
				    new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
				fire('dragenter');
				const accepted = !fire('dragover');
				const highlighted = zone.classList.contains('dragging');
				fire('drop');
				return { accepted, highlighted, highlightedAfterDrop: zone.classList.contains('dragging') };
				""", dropZoneId, encoded);
		return new Drop(result.get("accepted"), result.get("highlighted"), result.get("highlightedAfterDrop"));
	}

	/** The rows on the page now. */
	List<Row> rows() {
		return this.browser.findAll(By.cssSelector("#upload-list li.upload-item"))
			.stream()
			.map((row) -> new Row(row.findElement(By.className("upload-name")).getText(),
					row.findElement(By.className("upload-status")).getText(),
					(int) Double.parseDouble(row.findElement(By.tagName("progress")).getDomProperty("value")),
					row.getDomAttribute("class").contains("done")))
			.toList();
	}

	/**
	 * What the drop zone did with a drag: accepted it (cancelled dragover, without which
	 * a browser refuses the drop), highlighted itself, and dropped the highlight again.
	 */
	record Drop(boolean accepted, boolean highlighted, boolean highlightedAfterDrop) {
	}

	/**
	 * One upload as listed: file name and size, status text, percent on its progress bar,
	 * and whether it is marked done.
	 */
	record Row(String name, String status, int progress, boolean done) {
	}

}
