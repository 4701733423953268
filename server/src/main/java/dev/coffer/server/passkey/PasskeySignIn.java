package dev.coffer.server.passkey;

import java.util.function.BiConsumer;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationFilter;
import org.springframework.stereotype.Component;

import dev.coffer.server.security.SignInExtension;

/**
 * Passkeys with Spring Security's WebAuthn support: registration for signed-in users,
 * passwordless sign-in and the second step (see {@link PasskeyLogin}).
 */
@Component
@ConditionalOnWebApplication
class PasskeySignIn implements SignInExtension {

	private final PasskeyLogin passkeyLogin;

	PasskeySignIn(PasskeyLogin passkeyLogin) {
		this.passkeyLogin = passkeyLogin;
	}

	@Override
	public void configure(HttpSecurity http, AuthenticationEntryPoint apiEntryPoint,
			BiConsumer<HttpServletRequest, String> onLogin) throws Exception {
		http.addFilterAfter(new PasskeyRegistrationErrors(), AuthorizationFilter.class);
		http.webAuthn((webAuthn) -> webAuthn.disableDefaultRegistrationPage(true)
			.withObjectPostProcessor(new ObjectPostProcessor<WebAuthnAuthenticationFilter>() {
				@Override
				public <O extends WebAuthnAuthenticationFilter> O postProcess(O filter) {
					return PasskeySignIn.this.passkeyLogin.configure(filter, AUTHENTICATED_AT, onLogin);
				}
			}));
	}

}
