package dev.coffer.server.token;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.coffer.server.DomainException;
import dev.coffer.server.RetryLaterException;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.web.ErrorResponses;

/**
 * The verification page of device sign-in (RFC 8628 §3.3), for a user signed in the
 * normal way (password, second step, passkey): enter or check the code the terminal
 * shows, see which device asks, approve or deny. Only a POST (with its CSRF token)
 * decides; opening a link never does, so a link sent by someone else cannot sign their
 * device in as you (RFC 8628 §5.4).
 */
@Controller
class DeviceApprovalController {

	static final String VIEW = "tokens/device";

	private final DeviceLogins logins;

	DeviceApprovalController(DeviceLogins logins) {
		this.logins = logins;
	}

	@GetMapping("/device")
	String enter(@RequestParam(name = "user_code", required = false) String userCode, Model model) {
		model.addAttribute("userCode", (userCode != null && userCode.length() <= 32) ? userCode : "");
		model.addAttribute("step", "enter");
		return VIEW;
	}

	@PostMapping("/device")
	String check(CurrentUser current, @RequestParam(name = "user_code", defaultValue = "") String userCode, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		try {
			DeviceAuthorization pending = this.logins.findPending(current, userCode, request.getRemoteAddr());
			model.addAttribute("device", pending);
			model.addAttribute("userCode", UserCodes.display(UserCodes.normalize(userCode)));
			model.addAttribute("step", "confirm");
		}
		catch (DomainException ex) {
			refused(ex, userCode, model, response);
		}
		return VIEW;
	}

	@PostMapping("/device/approve")
	String approve(CurrentUser current, @RequestParam(name = "user_code", defaultValue = "") String userCode,
			Model model, HttpServletRequest request, HttpServletResponse response) {
		return decide(current, userCode, true, model, request, response);
	}

	@PostMapping("/device/deny")
	String deny(CurrentUser current, @RequestParam(name = "user_code", defaultValue = "") String userCode, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		return decide(current, userCode, false, model, request, response);
	}

	private String decide(CurrentUser current, String userCode, boolean approve, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		try {
			DeviceAuthorization decided = this.logins.decide(current, userCode, approve, request.getRemoteAddr());
			model.addAttribute("device", decided);
			model.addAttribute("step", approve ? "approved" : "denied");
		}
		catch (DomainException ex) {
			refused(ex, userCode, model, response);
		}
		return VIEW;
	}

	private static void refused(DomainException ex, String userCode, Model model, HttpServletResponse response) {
		response.setStatus(ErrorResponses.statusOf(ex).value());
		if (ex instanceof RetryLaterException retry) {
			response.setHeader("Retry-After", retry.retryAfterHeader());
		}
		model.addAttribute("error", ex.getMessage());
		model.addAttribute("userCode", (userCode.length() <= 32) ? userCode : "");
		model.addAttribute("step", "enter");
	}

}
