package dev.coffer.server.account;

import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.coffer.server.CofferProperties;
import dev.coffer.server.CofferProperties.SignUpPolicy;
import dev.coffer.server.DomainException;
import dev.coffer.server.InvalidInputException;
import dev.coffer.server.SecurityEvent;
import dev.coffer.server.throttle.Throttle;
import dev.coffer.server.throttle.ThrottleRule;
import dev.coffer.server.throttle.TooManyAttemptsException;
import dev.coffer.server.web.ErrorResponses;

/**
 * Self-service sign-up, under the configured sign-up policy. Every post counts against
 * its client network's hourly sign-up limit (made accounts, failed tries and invite
 * guesses alike), answered 429 with {@code Retry-After} when used up.
 */
@Controller
class SignUpController {

	static final String VIEW = "account/signup";

	private final AccountService accounts;

	private final Throttle throttle;

	private final ApplicationEventPublisher events;

	private final ThrottleRule signUps;

	SignUpController(AccountService accounts, Throttle throttle, ApplicationEventPublisher events,
			CofferProperties coffer) {
		this.accounts = accounts;
		this.throttle = throttle;
		this.events = events;
		this.signUps = new ThrottleRule("signup.address",
				new ThrottleRule.Limit(coffer.throttle().signUpsPerHour(), Duration.ofHours(1), Duration.ofHours(1)));
	}

	@GetMapping("/signup")
	ModelAndView form(@RequestParam(required = false) String invite, Authentication authentication) {
		if (authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken)) {
			// Already signed in: a new account is not what they came for.
			return new ModelAndView("redirect:/files");
		}
		return page(new SignUpForm("", "", null, null, invite), null, HttpStatus.OK);
	}

	@PostMapping("/signup")
	ModelAndView signUp(SignUpForm form, RedirectAttributes redirect, HttpServletRequest request,
			HttpServletResponse response) {
		try {
			this.throttle.begin(new Throttle.Subject(this.signUps, Throttle.clientNetwork(request.getRemoteAddr())));
		}
		catch (TooManyAttemptsException ex) {
			this.events.publishEvent(new SecurityEvent("throttle.limited", Usernames.normalize(form.username()),
					request.getRemoteAddr(), "signup", SecurityEvent.Outcome.DENIED, null));
			response.setHeader(HttpHeaders.RETRY_AFTER, ex.retryAfterHeader());
			return page(form, ex, HttpStatus.TOO_MANY_REQUESTS);
		}
		try {
			User user = this.accounts.signUp(form);
			redirect.addFlashAttribute("success", user.isAdmin()
					? "Your account is ready, and as the first account it is the administrator. Sign in to continue."
					: "Your account is ready. Sign in to continue.");
			return new ModelAndView("redirect:/login");
		}
		catch (DomainException ex) {
			return page(form, ex, (HttpStatus) ErrorResponses.statusOf(ex));
		}
	}

	private ModelAndView page(SignUpForm form, DomainException error, HttpStatus status) {
		ModelAndView page = new ModelAndView(VIEW, status);
		boolean first = this.accounts.isFirstAccount();
		SignUpPolicy policy = this.accounts.signUpPolicy();
		page.addObject("form", new SignUpForm(form.username(), form.email(), null, null, form.invite()));
		page.addObject("firstAccount", first);
		page.addObject("closed", !first && policy == SignUpPolicy.CLOSED);
		page.addObject("inviteOnly", !first && policy == SignUpPolicy.INVITE);
		if (error != null) {
			page.addObject("error", error.getMessage());
			page.addObject("errorField", (error instanceof InvalidInputException invalid) ? invalid.field() : null);
		}
		return page;
	}

}
