package dev.coffer.testendpoints;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * A test-only API endpoint that accepts every state-changing method and says who called
 * it with which authorities, so tests can check CSRF rules and what a bearer token is
 * allowed to act as. Outside {@code dev.coffer.server}, so component scanning never picks
 * it up by accident; a test adds it explicitly.
 */
@Configuration(proxyBeanMethods = false)
public class EchoEndpoints {

	public static final String PATH = "/api/test-only/echo";

	@RestController
	static class Echo {

		@RequestMapping(path = PATH,
				method = { RequestMethod.GET, RequestMethod.POST, RequestMethod.PUT, RequestMethod.DELETE })
		Caller echo(HttpServletRequest request, Authentication authentication) {
			return new Caller(request.getMethod(), authentication.getName(),
					authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList());
		}

	}

	record Caller(String method, String name, List<String> authorities) {
	}

}
