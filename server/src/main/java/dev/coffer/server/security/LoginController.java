package dev.coffer.server.security;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page. Spring Security handles the POST; this only renders the form. */
@Controller
class LoginController {

	static final String VIEW = "account/login";

	private final SignInAccounts accounts;

	LoginController(SignInAccounts accounts) {
		this.accounts = accounts;
	}

	@GetMapping("/login")
	String login(Authentication authentication, Model model) {
		if (authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken)) {
			return "redirect:/";
		}
		model.addAttribute("signUpOpen", this.accounts.signUpOpen());
		return VIEW;
	}

}
