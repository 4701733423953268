package dev.coffer.server.audit;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.databind.json.JsonMapper;

import dev.coffer.server.InvalidInputException;

/**
 * The admin's view of the audit log ({@code /admin/**} is admins only; others get 404):
 * filter by user, any part of the action and dates (UTC, both inclusive), newest first,
 * 50 a page (keyset paging: {@code before}/{@code after} an order id; entries not yet
 * sealed are listed too), each entry as a sentence with names (see
 * {@link ReadableEvents}); and the filtered set, raw and complete, as CSV or JSON,
 * streamed.
 */
@Controller
class AuditController {

	static final String VIEW = "admin/audit";

	static final int PAGE_SIZE = 50;

	private static final String[] CSV_HEADER = { "id", "seq", "time", "actor", "client_address", "action", "target",
			"outcome", "details", "hash" };

	private final AuditLog log;

	private final ReadableEvents readable;

	private final JsonMapper json;

	private final Clock clock;

	AuditController(AuditLog log, ReadableEvents readable, JsonMapper json, Clock clock) {
		this.log = log;
		this.readable = readable;
		this.json = json;
		this.clock = clock;
	}

	@GetMapping("/admin/audit")
	ModelAndView page(@RequestParam(required = false) String user, @RequestParam(required = false) String action,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) Long before, @RequestParam(required = false) Long after) {
		AuditFilter filter = filter(user, action, from, to);
		AuditPage page = this.log.page(filter, before, after, PAGE_SIZE);
		ModelAndView view = new ModelAndView(VIEW);
		view.addObject("entries", this.readable.of(page.entries()));
		view.addObject("total", this.log.count(filter));
		view.addObject("newerAfter", page.newerAfter());
		view.addObject("olderBefore", page.olderBefore());
		view.addObject("user", blankToNull(user));
		view.addObject("action", blankToNull(action));
		view.addObject("from", blankToNull(from));
		view.addObject("to", blankToNull(to));
		view.addObject("recentAlarms", this.log.count(new AuditFilter(null, AuditLog.INTRUSION_SUSPECTED,
				this.clock.instant().minus(Duration.ofDays(1)), null)));
		return view;
	}

	@GetMapping("/admin/audit.csv")
	void csv(@RequestParam(required = false) String user, @RequestParam(required = false) String action,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			HttpServletResponse response) throws IOException {
		AuditFilter filter = filter(user, action, from, to);
		startDownload(response, "text/csv;charset=UTF-8", "audit.csv");
		Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
		out.write(CsvCells.row(List.of(CSV_HEADER)));
		this.log.export(filter, (entry) -> {
			try {
				out.write(CsvCells.row(Arrays.asList(Long.toString(entry.id()),
						(entry.seq() != null) ? Long.toString(entry.seq()) : null, entry.time().toString(),
						entry.actor(), entry.clientAddress(), entry.action(), entry.target(), entry.outcome(),
						entry.details(), entry.hash())));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		out.flush();
	}

	@GetMapping("/admin/audit.json")
	void json(@RequestParam(required = false) String user, @RequestParam(required = false) String action,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			HttpServletResponse response) throws IOException {
		AuditFilter filter = filter(user, action, from, to);
		startDownload(response, "application/json", "audit.json");
		try (SequenceWriter array = this.json.writer().writeValuesAsArray(response.getOutputStream())) {
			this.log.export(filter,
					(entry) -> array.write(new JsonEntry(entry.id(), entry.seq(), entry.time().toString(),
							entry.actor(), entry.clientAddress(), entry.action(), entry.target(), entry.outcome(),
							entry.details(), entry.prevHash(), entry.hash(), entry.format(), entry.macKeyId())));
		}
	}

	/**
	 * What the JSON export holds for each entry (time as ISO-8601 UTC; seq, prevHash,
	 * hash, format and macKeyId null while the entry is not yet sealed).
	 */
	record JsonEntry(long id, Long seq, String time, String actor, String clientAddress, String action, String target,
			String outcome, String details, String prevHash, String hash, Integer format, String macKeyId) {
	}

	private static void startDownload(HttpServletResponse response, String contentType, String name) {
		response.setContentType(contentType);
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				ContentDisposition.attachment().filename(name).build().toString());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-store");
	}

	private static AuditFilter filter(String user, String action, String from, String to) {
		String actor = blankToNull(user);
		String act = blankToNull(action);
		return new AuditFilter((actor != null) ? actor.toLowerCase(Locale.ROOT) : null,
				(act != null) ? act.toLowerCase(Locale.ROOT) : null,
				(blankToNull(from) != null) ? date("from", from).atStartOfDay(ZoneOffset.UTC).toInstant() : null,
				(blankToNull(to) != null) ? date("to", to).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant() : null);
	}

	private static LocalDate date(String field, String value) {
		try {
			return LocalDate.parse(value.strip());
		}
		catch (DateTimeParseException ex) {
			throw new InvalidInputException(field, "Give dates as YYYY-MM-DD.");
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
