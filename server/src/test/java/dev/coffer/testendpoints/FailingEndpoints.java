package dev.coffer.testendpoints;

import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test-only endpoints that fail with an exception whose message looks like an internal
 * detail. Outside {@code dev.coffer.server}, so component scanning never picks them up by
 * accident; a test adds them explicitly.
 */
@Configuration(proxyBeanMethods = false)
public class FailingEndpoints {

	public static final String SECRET = "SELECT password_hash FROM users -- internal detail";

	@Controller
	static class FailingPage {

		@GetMapping("/test-only/page-failure")
		String fail() {
			throw new IllegalStateException(SECRET);
		}

	}

	@RestController
	static class FailingApi {

		@GetMapping("/api/test-only/failure")
		String fail() {
			throw new IllegalStateException(SECRET);
		}

	}

}
