package dev.coffer.server.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.servlet.ModelAndView;

import dev.coffer.server.GoneException;

/**
 * The shared error pages: {@code templates/error.html}, and {@code templates/gone.html}
 * for what is gone (410), which shows no reference: nothing went wrong.
 */
final class ErrorPage {

	static final String VIEW = "error";

	static final String GONE_VIEW = "gone";

	private ErrorPage() {
	}

	static ModelAndView of(HttpStatusCode status, String detail, String reference) {
		ModelAndView page = new ModelAndView(VIEW, status);
		page.addObject("status", status.value());
		page.addObject("title", ErrorResponses.title(status));
		page.addObject("detail", detail);
		page.addObject("reference", reference);
		return page;
	}

	static ModelAndView gone(GoneException gone) {
		ModelAndView page = new ModelAndView(GONE_VIEW, HttpStatus.GONE);
		page.addObject("heading", gone.heading());
		page.addObject("detail", gone.getMessage());
		return page;
	}

}
