package dev.coffer.server.passkey;

import java.time.Instant;
import java.util.function.BiConsumer;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.HttpMessageConverterAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationFilter;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationProvider;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationRequestToken;
import org.springframework.stereotype.Component;

import dev.coffer.server.SecurityEvent;
import dev.coffer.server.SecurityEvent.Outcome;

/**
 * Sign-in with a passkey ({@code POST /login/webauthn}, Spring Security's
 * {@link WebAuthnAuthenticationFilter}), set up the way Coffer's password login is:
 * <ul>
 * <li>the session id changes (Spring's filter alone keeps it: session fixation);</li>
 * <li>a disabled account is refused, like at the password login;</li>
 * <li>the time of the login is recorded for the absolute session lifetime;</li>
 * <li>in the middle of a password login (the second step), only a passkey of the
 * <em>same</em> user is accepted: a passkey of another user changes nothing;</li>
 * <li>{@code passkey.login} and {@code passkey.failed} are recorded.</li>
 * </ul>
 * User verification is required (see {@link PasskeyRelyingParty}), so the resulting
 * {@code WebAuthnAuthentication} counts as both factors.
 */
@Component
public class PasskeyLogin {

	/**
	 * Set on the request when the passkey completes a password login of the same user.
	 */
	private static final String SECOND_STEP = PasskeyLogin.class.getName() + ".secondStep";

	private final AuthenticationProvider webAuthn;

	private final UserDetailsService users;

	private final ApplicationEventPublisher events;

	PasskeyLogin(PasskeyRelyingParty relyingParty, UserDetailsService users, ApplicationEventPublisher events) {
		this.webAuthn = new WebAuthnAuthenticationProvider(relyingParty, users);
		this.users = users;
		this.events = events;
	}

	/**
	 * Configures Spring Security's passkey login filter.
	 * @param loginTimeAttribute the session attribute that holds when the login happened
	 * @param onLogin what else a completed sign-in does (for the account: last login,
	 * failed attempts since), given the request and username; not called when the passkey
	 * only completes a password login
	 */
	public <F extends WebAuthnAuthenticationFilter> F configure(F filter, String loginTimeAttribute,
			BiConsumer<HttpServletRequest, String> onLogin) {
		filter.setAuthenticationManager(new ProviderManager(new SignInRules()));
		filter.setSessionAuthenticationStrategy(new ChangeSessionIdAuthenticationStrategy());
		filter.setAuthenticationSuccessHandler(succeeded(loginTimeAttribute, onLogin));
		filter.setAuthenticationFailureHandler(failed());
		return filter;
	}

	private AuthenticationSuccessHandler succeeded(String loginTimeAttribute,
			BiConsumer<HttpServletRequest, String> onLogin) {
		HttpMessageConverterAuthenticationSuccessHandler json = new HttpMessageConverterAuthenticationSuccessHandler();
		return (request, response, authentication) -> {
			boolean secondStep = request.getAttribute(SECOND_STEP) != null;
			request.getSession().setAttribute(loginTimeAttribute, Instant.now().toEpochMilli());
			if (!secondStep) {
				onLogin.accept(request, authentication.getName());
			}
			this.events.publishEvent(new SecurityEvent("passkey.login", authentication.getName(),
					request.getRemoteAddr(), "user:" + authentication.getName(), Outcome.SUCCESS,
					secondStep ? "second step after the password" : null));
			json.onAuthenticationSuccess(request, response, authentication);
		};
	}

	private AuthenticationFailureHandler failed() {
		AuthenticationFailureHandler unauthorized = new AuthenticationEntryPointFailureHandler(
				new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED));
		return (request, response, failure) -> {
			Authentication current = signedIn();
			this.events.publishEvent(new SecurityEvent("passkey.failed", (current != null) ? current.getName() : null,
					request.getRemoteAddr(), null, Outcome.FAILURE, failure.getClass().getSimpleName()));
			unauthorized.onAuthenticationFailure(request, response, failure);
		};
	}

	/**
	 * The session's current sign-in, if any (e.g. a password login awaiting its second
	 * step).
	 */
	private static Authentication signedIn() {
		Authentication current = SecurityContextHolder.getContext().getAuthentication();
		return (current != null && current.isAuthenticated() && !(current instanceof AnonymousAuthenticationToken))
				? current : null;
	}

	/** Spring's passkey check, then Coffer's account rules. */
	private final class SignInRules implements AuthenticationProvider {

		@Override
		public Authentication authenticate(Authentication request) throws AuthenticationException {
			Authentication current = signedIn();
			Authentication result = PasskeyLogin.this.webAuthn.authenticate(request);
			if (!PasskeyLogin.this.users.loadUserByUsername(result.getName()).isEnabled()) {
				throw new DisabledException("Account disabled");
			}
			if (current != null) {
				if (!current.getName().equals(result.getName())) {
					throw new BadCredentialsException("A passkey of another user than the one signed in");
				}
				CurrentRequest.get().ifPresent((http) -> http.setAttribute(SECOND_STEP, Boolean.TRUE));
			}
			return result;
		}

		@Override
		public boolean supports(Class<?> authentication) {
			return WebAuthnAuthenticationRequestToken.class.isAssignableFrom(authentication);
		}

	}

}
