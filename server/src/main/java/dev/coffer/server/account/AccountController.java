package dev.coffer.server.account;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.coffer.server.DomainException;

/** The signed-in user's own account: details, password change, deletion. */
@Controller
class AccountController {

	private final AccountService accounts;

	private final AccountPage page;

	AccountController(AccountService accounts, AccountPage page) {
		this.accounts = accounts;
		this.page = page;
	}

	@GetMapping("/account")
	ModelAndView account(CurrentUser current) {
		return this.page.render(current.id());
	}

	@PostMapping("/account/password")
	ModelAndView changePassword(CurrentUser current, PasswordChangeForm form, HttpServletRequest request,
			RedirectAttributes redirect) {
		try {
			// Sessions are matched by the id stored in the database, which is still the
			// old one
			// until this request ends; then this session gets a new id too, as the old
			// may have leaked.
			this.accounts.changePassword(current.id(), form, request.getSession().getId());
			request.changeSessionId();
			redirect.addFlashAttribute("success",
					"Password changed. Every other session of yours has been signed out.");
			return new ModelAndView("redirect:/account");
		}
		catch (DomainException ex) {
			return this.page.render(current.id(), "password", ex);
		}
	}

	@PostMapping("/account/delete")
	ModelAndView delete(CurrentUser current, @RequestParam(defaultValue = "") String password,
			HttpServletRequest request, RedirectAttributes redirect) {
		try {
			this.accounts.deleteOwnAccount(current.id(), password);
			request.getSession().invalidate();
			return new ModelAndView("redirect:/login?deleted");
		}
		catch (DomainException ex) {
			return this.page.render(current.id(), "delete", ex);
		}
	}

}
