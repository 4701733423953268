package dev.coffer.server.mfa;

import java.util.function.BiConsumer;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.stereotype.Component;

import dev.coffer.server.security.SignInExtension;

/**
 * Password first, then the second factor (TOTP) before anything else: see
 * {@link SecondFactorGate}.
 */
@Component
@ConditionalOnWebApplication
class SecondFactorSignIn implements SignInExtension {

	private final SecondFactorService secondFactors;

	SecondFactorSignIn(SecondFactorService secondFactors) {
		this.secondFactors = secondFactors;
	}

	@Override
	public void configure(HttpSecurity http, AuthenticationEntryPoint apiEntryPoint,
			BiConsumer<HttpServletRequest, String> onLogin) {
		http.addFilterBefore(new SecondFactorGate(this.secondFactors, AUTHENTICATED_AT, apiEntryPoint),
				AuthorizationFilter.class);
	}

}
