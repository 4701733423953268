package dev.coffer.server.audit;

import java.util.List;
import java.util.stream.Collectors;

/**
 * CSV rows as RFC 4180 says (CRLF line ends; a cell with a comma, quote or line break in
 * quotes, quotes doubled), safe to open in a spreadsheet: a cell that starts with
 * {@code = + - @}, tab or carriage return gets a leading {@code '}, so that it is shown
 * as text instead of being run as a formula (OWASP "CSV injection").
 */
final class CsvCells {

	private CsvCells() {
	}

	static String row(List<String> cells) {
		return cells.stream().map(CsvCells::cell).collect(Collectors.joining(",", "", "\r\n"));
	}

	/** A null cell is empty. */
	static String cell(String value) {
		String text = (value != null) ? value : "";
		if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
			text = "'" + text;
		}
		if (text.chars().anyMatch((c) -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
			return '"' + text.replace("\"", "\"\"") + '"';
		}
		return text;
	}

}
