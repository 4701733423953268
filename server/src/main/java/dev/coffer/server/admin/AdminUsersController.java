package dev.coffer.server.admin;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.coffer.server.DomainException;
import dev.coffer.server.InvalidInputException;
import dev.coffer.server.account.AccountService;
import dev.coffer.server.account.User;
import dev.coffer.server.files.Quotas;
import dev.coffer.server.mfa.SecondFactorService;
import dev.coffer.server.SizeFormatter;
import dev.coffer.server.Sizes;
import dev.coffer.server.web.ErrorResponses;

/**
 * The administrators' list of accounts: search, storage used against quota,
 * disable/enable, set a quota. Under {@code /admin/}, so only administrators reach it
 * (others get 404).
 */
@Controller
class AdminUsersController {

	static final String VIEW = "admin/users";

	private final AccountService accounts;

	private final Quotas quotas;

	private final SecondFactorService secondFactors;

	AdminUsersController(AccountService accounts, Quotas quotas, SecondFactorService secondFactors) {
		this.accounts = accounts;
		this.quotas = quotas;
		this.secondFactors = secondFactors;
	}

	/** One row of the list; only a user with a second factor has one to reset. */
	record UserRow(User user, long used, long quota, boolean secondFactor) {

		int percentUsed() {
			return (this.quota <= 0) ? 100 : (int) Math.min(100, this.used * 100 / this.quota);
		}

	}

	@GetMapping("/admin/users")
	ModelAndView list(@RequestParam(defaultValue = "") String q) {
		return page(q, null, HttpStatus.OK);
	}

	@PostMapping("/admin/users/enabled")
	ModelAndView setEnabled(@RequestParam String username, @RequestParam boolean enabled, RedirectAttributes redirect) {
		try {
			// AccountService records it, once, with this admin as the actor.
			this.accounts.setEnabled(username, enabled);
			redirect.addFlashAttribute("success", (enabled ? "Enabled " : "Disabled ") + username + ".");
			return new ModelAndView("redirect:/admin/users");
		}
		catch (DomainException ex) {
			return page("", ex.getMessage(), ErrorResponses.statusOf(ex));
		}
	}

	@PostMapping("/admin/users/quota")
	ModelAndView setQuota(@RequestParam String username, @RequestParam(defaultValue = "") String quota,
			RedirectAttributes redirect) {
		try {
			Long bytes = parseQuota(quota);
			this.accounts.setQuota(username, bytes);
			redirect.addFlashAttribute("success", "Quota of " + username + " set to "
					+ ((bytes == null) ? "the default" : Sizes.formatWithBytes(bytes)) + ".");
			return new ModelAndView("redirect:/admin/users");
		}
		catch (DomainException ex) {
			return page("", ex.getMessage(), ErrorResponses.statusOf(ex));
		}
	}

	private ModelAndView page(String q, String error, HttpStatusCode status) {
		String filter = q.strip().toLowerCase(Locale.ROOT);
		Map<String, Quotas.Usage> usage = this.quotas.usageOfAllOwners();
		// One query for the page, not one or more per user.
		Set<String> withSecondFactor = this.secondFactors.usersWithSecondFactor();
		List<UserRow> rows = this.accounts.list()
			.stream()
			.filter((user) -> filter.isEmpty() || user.username().contains(filter)
					|| (user.email() != null && user.email().contains(filter)))
			.map((user) -> {
				Quotas.Usage used = usage.get(user.id());
				return new UserRow(user, (used != null) ? used.used() : 0,
						(used != null) ? used.quota() : this.quotas.quotaOf(user.id()),
						withSecondFactor.contains(user.id()));
			})
			.toList();
		ModelAndView page = new ModelAndView(VIEW, status);
		page.addObject("rows", rows);
		page.addObject("q", q);
		if (error != null) {
			// Else a flashed error (a refused reset of a second factor) stays.
			page.addObject("error", error);
		}
		page.addObject("sizes", new SizeFormatter());
		return page;
	}

	private static Long parseQuota(String quota) {
		String value = quota.strip();
		if (value.isEmpty() || value.equalsIgnoreCase("default")) {
			return null;
		}
		return Sizes.parse(value)
			.orElseThrow(() -> new InvalidInputException("quota",
					"Give the quota as a size like 500 MiB or 20 GiB, or leave it empty for the default."));
	}

}
