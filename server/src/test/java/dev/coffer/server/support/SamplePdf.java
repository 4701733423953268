package dev.coffer.server.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Small, valid PDF files written by hand (PDF 1.4: a catalog, a page tree, the standard
 * Helvetica font, and one content stream per page, with a correct cross-reference table),
 * so that tests need no PDF library.
 */
public final class SamplePdf {

	private SamplePdf() {
	}

	/**
	 * A US Letter PDF with one page per text: on page {@code n} (from 0) a blue band
	 * {@code 100 * n} points lower than on the page before, and the text below it in
	 * 24-point Helvetica. Texts are ASCII.
	 */
	public static byte[] withPages(String... texts) {
		List<String> objects = new ArrayList<>();
		int pages = texts.length;
		StringBuilder kids = new StringBuilder();
		for (int i = 0; i < pages; i++) {
			kids.append(4 + 2 * i).append(" 0 R ");
		}
		objects.add("<< /Type /Catalog /Pages 2 0 R >>");
		objects.add("<< /Type /Pages /Kids [" + kids.toString().strip() + "] /Count " + pages + " >>");
		objects.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
		for (int i = 0; i < pages; i++) {
			int band = 680 - 100 * i;
			String content = "0.12 0.37 0.75 rg 72 " + band + " 468 60 re f\n" + "0 0 0 rg BT /F1 24 Tf 72 "
					+ (band - 40) + " Td (" + escape(texts[i]) + ") Tj ET\n";
			objects.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
					+ "/Contents " + (5 + 2 * i) + " 0 R >>");
			objects.add("<< /Length " + content.length() + " >>\nstream\n" + content + "endstream");
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		write(out, "%PDF-1.4\n");
		List<Integer> offsets = new ArrayList<>();
		for (int i = 0; i < objects.size(); i++) {
			offsets.add(out.size());
			write(out, (i + 1) + " 0 obj\n" + objects.get(i) + "\nendobj\n");
		}
		int xref = out.size();
		StringBuilder table = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
		for (int offset : offsets) {
			table.append(String.format("%010d 00000 n \n", offset));
		}
		table.append("trailer\n<< /Size ")
			.append(objects.size() + 1)
			.append(" /Root 1 0 R >>\nstartxref\n")
			.append(xref)
			.append("\n%%EOF\n");
		write(out, table.toString());
		return out.toByteArray();
	}

	private static String escape(String text) {
		for (char c : text.toCharArray()) {
			if (c < 0x20 || c > 0x7E) {
				throw new IllegalArgumentException("Not printable ASCII: " + text);
			}
		}
		return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)");
	}

	private static void write(ByteArrayOutputStream out, String text) {
		out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
	}

}
