package dev.coffer.server.mfa;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.coffer.server.DomainException;
import dev.coffer.server.account.AccountPage;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.mfa.SecondFactorService.CodeCheck;
import dev.coffer.server.web.ErrorResponses;
import dev.coffer.server.web.QrCodes;

/**
 * The second step of sign-in ({@code /login/second-factor}) and the "Two-step
 * verification" section of the account page: set up with a QR code, confirm with a code,
 * recovery codes, turn off.
 */
@Controller
class SecondFactorController {

	static final String SECTION = "second-factor";

	private static final String LOGIN_VIEW = "account/second-factor-login";

	private static final String ENROL_VIEW = "account/second-factor";

	private final SecondFactorService secondFactors;

	private final AccountPage accountPage;

	private final ShownRecoveryCodes shownCodes;

	SecondFactorController(SecondFactorService secondFactors, AccountPage accountPage, ShownRecoveryCodes shownCodes) {
		this.secondFactors = secondFactors;
		this.accountPage = accountPage;
		this.shownCodes = shownCodes;
	}

	@GetMapping(SecondFactorGate.LOGIN_PAGE)
	ModelAndView loginPage(Authentication authentication, HttpServletRequest request) {
		return SecondFactorGate.hasPassed(request, authentication) ? new ModelAndView("redirect:/")
				: loginView(authentication.getName(), HttpStatus.OK);
	}

	@PostMapping(SecondFactorGate.LOGIN_PAGE)
	ModelAndView login(Authentication authentication, @RequestParam(defaultValue = "") String code,
			HttpServletRequest request) {
		if (SecondFactorGate.hasPassed(request, authentication)) {
			return new ModelAndView("redirect:/");
		}
		CodeCheck check = this.secondFactors.verify(authentication.getName(), code, request.getRemoteAddr());
		if (check != CodeCheck.ACCEPTED) {
			ModelAndView page = loginView(authentication.getName(), HttpStatus.BAD_REQUEST);
			page.addObject("error", (check == CodeCheck.ALREADY_USED) ? check.message()
					: "That code is not right. Try the current one from your app, or a recovery code.");
			return page;
		}
		SecondFactorGate.pass(request, authentication);
		return new ModelAndView("redirect:/");
	}

	@GetMapping(SecondFactorGate.ENROL_PAGE)
	ModelAndView enrolPage(CurrentUser current) {
		try {
			return enrolment(this.secondFactors.enrolment(current.id()), HttpStatus.OK);
		}
		catch (DomainException ex) {
			return new ModelAndView("redirect:/account#" + SECTION);
		}
	}

	@PostMapping(SecondFactorGate.ENROL_PAGE + "/confirm")
	ModelAndView confirm(CurrentUser current, Authentication authentication,
			@RequestParam(defaultValue = "") String code, HttpServletRequest request) {
		try {
			boolean signingIn = !SecondFactorGate.hasPassed(request, authentication);
			List<String> codes = this.secondFactors.confirmEnrolment(current.id(), code, request.getRemoteAddr());
			// The password and a code were just given: this login has passed both steps.
			SecondFactorGate.pass(request, authentication);
			if (signingIn) {
				this.secondFactors.signedIn(current.username(), "set up an authenticator app", request.getRemoteAddr());
			}
			return showRecoveryCodes(request, current.id(), codes);
		}
		catch (DomainException ex) {
			ModelAndView page = enrolment(this.secondFactors.enrolment(current.id()), ErrorResponses.statusOf(ex));
			page.addObject("error", ex.getMessage());
			return page;
		}
	}

	/** New recovery codes, for as long as {@link ShownRecoveryCodes} keeps them. */
	@GetMapping(ShownRecoveryCodes.PAGE)
	ModelAndView recoveryCodesPage(CurrentUser current, HttpServletRequest request) {
		List<String> codes = this.shownCodes.of(request, current.id());
		if (codes.isEmpty()) {
			return new ModelAndView("redirect:/account#" + SECTION);
		}
		ModelAndView page = new ModelAndView(ENROL_VIEW);
		page.addObject("recoveryCodes", codes);
		return page;
	}

	@PostMapping(ShownRecoveryCodes.PAGE + "/saved")
	String recoveryCodesSaved(HttpServletRequest request) {
		this.shownCodes.forget(request);
		return "redirect:/account#" + SECTION;
	}

	@PostMapping(ShownRecoveryCodes.PAGE)
	ModelAndView regenerate(CurrentUser current, @RequestParam(defaultValue = "") String code,
			HttpServletRequest request) {
		try {
			return showRecoveryCodes(request, current.id(),
					this.secondFactors.regenerateRecoveryCodes(current.id(), code, request.getRemoteAddr()));
		}
		catch (DomainException ex) {
			return this.accountPage.render(current.id(), SECTION, ex);
		}
	}

	@PostMapping(SecondFactorGate.ENROL_PAGE + "/disable")
	ModelAndView disable(CurrentUser current, @RequestParam(defaultValue = "") String password,
			@RequestParam(defaultValue = "") String code, HttpServletRequest request, RedirectAttributes redirect) {
		try {
			this.secondFactors.disable(current.id(), password, code, request.getRemoteAddr());
			redirect.addFlashAttribute("success", "Two-step verification is off.");
			return new ModelAndView("redirect:/account#" + SECTION);
		}
		catch (DomainException ex) {
			return this.accountPage.render(current.id(), SECTION, ex);
		}
	}

	/**
	 * Removes a user's second factor once the admin has ticked the confirmation box (the
	 * form's {@code required} checkbox, checked here too, as for a key rotation).
	 */
	@PostMapping("/admin/users/second-factor/reset")
	String reset(CurrentUser admin, @RequestParam String username,
			@RequestParam(defaultValue = "false") boolean confirm, HttpServletRequest request,
			RedirectAttributes redirect) {
		if (!confirm) {
			redirect.addFlashAttribute("error",
					"Nothing was changed: tick \"Yes, remove\" next to the button to confirm "
							+ "removing the second factor of " + username + ".");
			return "redirect:/admin/users";
		}
		try {
			this.secondFactors.reset(admin, username, request.getRemoteAddr());
			redirect.addFlashAttribute("success", "Removed the second factor of " + username + ".");
		}
		catch (DomainException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/admin/users";
	}

	/**
	 * The second step, offering what the user has: a code from the app, a passkey, or
	 * both.
	 */
	private ModelAndView loginView(String username, HttpStatusCode status) {
		ModelAndView page = new ModelAndView(LOGIN_VIEW, status);
		page.addObject("totpEnabled", this.secondFactors.usesAuthenticatorApp(username));
		page.addObject("passkeysEnabled", this.secondFactors.usesPasskeys(username));
		return page;
	}

	private static ModelAndView enrolment(String otpauthUri, HttpStatusCode status) {
		ModelAndView page = new ModelAndView(ENROL_VIEW, status);
		page.addObject("qrCode", QrCodes.svgDataUrl(otpauthUri));
		page.addObject("secret", otpauthUri.replaceAll(".*[?&]secret=([A-Z2-7]+).*", "$1"));
		return page;
	}

	private ModelAndView showRecoveryCodes(HttpServletRequest request, String userId, List<String> codes) {
		this.shownCodes.keep(request, userId, codes);
		return new ModelAndView("redirect:" + ShownRecoveryCodes.PAGE);
	}

}
