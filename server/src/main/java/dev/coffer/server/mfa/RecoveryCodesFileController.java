package dev.coffer.server.mfa;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.coffer.server.account.CurrentUser;

/**
 * The "Download" button under freshly made recovery codes: a text file to keep.
 * <p>
 * Coffer keeps only hashes of the codes, so the page sends back the codes it shows (a
 * POST with the session's CSRF token, never a GET with codes in the URL); they are
 * checked to be the user's own unused codes and returned as an attachment that no cache
 * may keep.
 */
@Controller
class RecoveryCodesFileController {

	static final String PATH = SecondFactorGate.ENROL_PAGE + "/recovery-codes/file";

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final SecondFactorService secondFactors;

	private final Clock clock;

	RecoveryCodesFileController(SecondFactorService secondFactors, Clock clock) {
		this.secondFactors = secondFactors;
		this.clock = clock;
	}

	@PostMapping(PATH)
	ResponseEntity<String> file(CurrentUser current,
			@RequestParam(name = "code", required = false) List<String> codes) {
		List<String> own = this.secondFactors.ownUnusedRecoveryCodes(current.id(), (codes != null) ? codes : List.of());
		StringBuilder text = new StringBuilder();
		text.append("Coffer recovery codes for ")
			.append(current.username())
			.append(" at ")
			.append(ServletUriComponentsBuilder.fromCurrentContextPath().toUriString())
			.append("\r\nSaved ")
			.append(WHEN.format(this.clock.instant()))
			.append(". Each code works once, in place of a code from your authenticator app.\r\n\r\n");
		own.forEach((code) -> text.append(code).append("\r\n"));
		return ResponseEntity.ok()
			.contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noStore())
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("coffer-recovery-codes.txt").build().toString())
			.body(text.toString());
	}

}
