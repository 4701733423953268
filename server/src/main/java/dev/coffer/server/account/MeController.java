package dev.coffer.server.account;

import java.util.Locale;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/me}: who the caller is, whether signed in or using an API token. The
 * first thing a client calls to check that its token works.
 */
@RestController
class MeController {

	private final AccountService accounts;

	MeController(AccountService accounts) {
		this.accounts = accounts;
	}

	@GetMapping("/api/v1/me")
	Me me(CurrentUser current) {
		User user = this.accounts.getById(current.id());
		return new Me(user.username(), user.role().name().toLowerCase(Locale.ROOT), user.email());
	}

	/** The caller's account as the API shows it; never the password hash. */
	record Me(String username, String role, String email) {
	}

}
