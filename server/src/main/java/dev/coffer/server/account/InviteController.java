package dev.coffer.server.account;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Admins issue one-time sign-up links; the link is shown once, on the next page only. */
@Controller
class InviteController {

	private final AccountService accounts;

	InviteController(AccountService accounts) {
		this.accounts = accounts;
	}

	@PostMapping("/admin/invites")
	String create(CurrentUser current, HttpServletRequest request, RedirectAttributes redirect) {
		IssuedInvite invite = this.accounts.createInvite(current.id());
		String link = ServletUriComponentsBuilder.fromContextPath(request)
			.path("/signup")
			.queryParam("invite", invite.token())
			.toUriString();
		redirect.addFlashAttribute("inviteLink", link);
		redirect.addFlashAttribute("inviteExpiresAt", invite.expiresAt());
		return "redirect:/account";
	}

}
