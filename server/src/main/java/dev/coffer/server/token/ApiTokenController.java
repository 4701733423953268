package dev.coffer.server.token;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.coffer.server.DomainException;
import dev.coffer.server.account.AccountPage;
import dev.coffer.server.account.CurrentUser;

/**
 * The "API tokens" section of the account page: create and revoke. A new token is shown
 * once, on the page the browser is redirected to, like an invite link.
 */
@Controller
class ApiTokenController {

	static final String SECTION = "tokens";

	private final ApiTokenService tokens;

	private final AccountPage accountPage;

	ApiTokenController(ApiTokenService tokens, AccountPage accountPage) {
		this.tokens = tokens;
		this.accountPage = accountPage;
	}

	@PostMapping("/account/tokens")
	ModelAndView create(CurrentUser current, ApiTokenForm form, RedirectAttributes redirect) {
		try {
			IssuedApiToken issued = this.tokens.create(current.id(), form.name(), form.expiresInDays());
			redirect.addFlashAttribute("newApiToken", issued.token());
			redirect.addFlashAttribute("newApiTokenName", issued.apiToken().name());
			return new ModelAndView("redirect:/account#" + SECTION);
		}
		catch (DomainException ex) {
			ModelAndView page = this.accountPage.render(current.id(), SECTION, ex);
			page.addObject("apiTokenForm", form);
			return page;
		}
	}

	/** Someone else's token id answers 404, like an id that does not exist. */
	@PostMapping("/account/tokens/{id}/revoke")
	String revoke(CurrentUser current, @PathVariable String id, RedirectAttributes redirect) {
		ApiToken revoked = this.tokens.revoke(current.id(), id);
		redirect.addFlashAttribute("success",
				"API token “" + revoked.name() + "” revoked. Programs using it are refused from now on.");
		return "redirect:/account#" + SECTION;
	}

}
