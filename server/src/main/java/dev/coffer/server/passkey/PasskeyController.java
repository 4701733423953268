package dev.coffer.server.passkey;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.coffer.server.account.CurrentUser;

/**
 * Deleting a passkey from the "Passkeys" section of the account page. Registering one is
 * Spring Security's {@code /webauthn/register} (driven by {@code js/passkeys.js});
 * Spring's own {@code DELETE /webauthn/register/{id}} is closed, so that every deletion
 * is recorded and a stranger's id is a 404 like everywhere else.
 */
@Controller
class PasskeyController {

	static final String SECTION = "passkeys";

	private final PasskeyService passkeys;

	PasskeyController(PasskeyService passkeys) {
		this.passkeys = passkeys;
	}

	@PostMapping("/account/passkeys/{id}/delete")
	String delete(CurrentUser current, @PathVariable String id, HttpServletRequest request,
			RedirectAttributes redirect) {
		this.passkeys.delete(current, id, request.getRemoteAddr());
		redirect.addFlashAttribute("success", "Passkey deleted. It no longer signs you in.");
		return "redirect:/account#" + SECTION;
	}

}
