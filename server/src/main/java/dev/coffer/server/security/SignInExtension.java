package dev.coffer.server.security;

import java.util.function.BiConsumer;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * A feature's part of the session filter chain (the second sign-in step, passkeys), added
 * by {@link SecurityConfiguration}, which thereby names no feature.
 */
public interface SignInExtension {

	/**
	 * Session attribute: when the user signed in (epoch milliseconds), for the absolute
	 * session lifetime.
	 */
	String AUTHENTICATED_AT = SessionLifetimeFilter.AUTHENTICATED_AT;

	/**
	 * Adds this feature's filters and configurers.
	 * @param apiEntryPoint answers API requests that are not signed in (a 401 problem)
	 * @param onLogin to call with the request and username after a successful sign-in
	 */
	void configure(HttpSecurity http, AuthenticationEntryPoint apiEntryPoint,
			BiConsumer<HttpServletRequest, String> onLogin) throws Exception;

}
