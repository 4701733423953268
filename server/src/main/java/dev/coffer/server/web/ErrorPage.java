package dev.coffer.server.web;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.servlet.ModelAndView;

/** The shared error page ({@code templates/error.html}). */
final class ErrorPage {

	static final String VIEW = "error";

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

}
