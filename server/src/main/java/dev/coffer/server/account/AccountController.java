package dev.coffer.server.account;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.coffer.server.DomainException;
import dev.coffer.server.InvalidInputException;
import dev.coffer.server.web.ErrorResponses;

/** The signed-in user's own account: details, password change, deletion. */
@Controller
class AccountController {

	static final String VIEW = "account/account";

	private final AccountService accounts;

	AccountController(AccountService accounts) {
		this.accounts = accounts;
	}

	@GetMapping("/account")
	ModelAndView account(Principal principal) {
		return page(principal, null, null, HttpStatus.OK);
	}

	@PostMapping("/account/password")
	ModelAndView changePassword(Principal principal, PasswordChangeForm form, HttpServletRequest request,
			RedirectAttributes redirect) {
		try {
			// Sessions are matched by the id stored in the database, which is still the
			// old one
			// until this request ends; then this session gets a new id too, as the old
			// may have leaked.
			this.accounts.changePassword(principal.getName(), form, request.getSession().getId());
			request.changeSessionId();
			redirect.addFlashAttribute("success",
					"Password changed. Every other session of yours has been signed out.");
			return new ModelAndView("redirect:/account");
		}
		catch (DomainException ex) {
			return page(principal, "password", ex, (HttpStatus) ErrorResponses.statusOf(ex));
		}
	}

	@PostMapping("/account/delete")
	ModelAndView delete(Principal principal, @RequestParam(defaultValue = "") String password,
			HttpServletRequest request, RedirectAttributes redirect) {
		try {
			this.accounts.deleteOwnAccount(principal.getName(), password);
			request.getSession().invalidate();
			return new ModelAndView("redirect:/login?deleted");
		}
		catch (DomainException ex) {
			return page(principal, "delete", ex, (HttpStatus) ErrorResponses.statusOf(ex));
		}
	}

	private ModelAndView page(Principal principal, String section, DomainException error, HttpStatus status) {
		ModelAndView page = new ModelAndView(VIEW, status);
		page.addObject("user", this.accounts.get(principal.getName()));
		if (error != null) {
			page.addObject("errorSection", section);
			page.addObject("error", error.getMessage());
			page.addObject("errorField", (error instanceof InvalidInputException invalid) ? invalid.field() : null);
		}
		return page;
	}

}
