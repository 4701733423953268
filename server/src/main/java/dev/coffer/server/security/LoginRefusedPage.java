package dev.coffer.server.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

import dev.coffer.server.RetryLaterException;

/**
 * The sign-in page with "Too many attempts", status 429 and {@code Retry-After}, for a
 * sign-in that {@link LoginThrottleFilter} refused. Reached only by that filter's
 * forward; asked for directly, it is the ordinary sign-in page.
 */
@Controller
class LoginRefusedPage {

	@RequestMapping(LoginThrottleFilter.REFUSED_PAGE)
	ModelAndView refused(HttpServletRequest request, HttpServletResponse response) {
		if (!(request.getAttribute(LoginThrottleFilter.REFUSED) instanceof RetryLaterException refused)) {
			return new ModelAndView("redirect:/login");
		}
		response.setHeader(HttpHeaders.RETRY_AFTER, refused.retryAfterHeader());
		ModelAndView page = new ModelAndView("account/login", HttpStatus.TOO_MANY_REQUESTS);
		page.addObject("error", refused.getMessage());
		return page;
	}

}
