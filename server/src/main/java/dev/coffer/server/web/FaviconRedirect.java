package dev.coffer.server.web;

import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /favicon.ico}, which browsers ask for wherever a page names no icon (an image or
 * a text shown on its own, a JSON answer), answered with a permanent redirect to the one
 * icon there is, {@code /favicon.svg} (which every page's {@code <link rel="icon">}
 * names): a 404 there was an error in the console. One icon, no second file in another
 * format to keep in step with it; browsers that take an SVG icon follow the redirect.
 */
@Controller
class FaviconRedirect {

	@GetMapping("/favicon.ico")
	ResponseEntity<Void> favicon(HttpServletRequest request) {
		return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY)
			.header("Location", request.getContextPath() + "/favicon.svg")
			.cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePublic())
			.build();
	}

}
