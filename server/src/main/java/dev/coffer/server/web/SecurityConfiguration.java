package dev.coffer.server.web;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AccountExpiredException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsChecker;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.DelegatingAccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter.CrossOriginOpenerPolicy;
import org.springframework.security.web.header.writers.CrossOriginResourcePolicyHeaderWriter.CrossOriginResourcePolicy;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcherEntry;

import dev.coffer.server.CofferProperties;

/**
 * The web security policy in one place: which paths are public, form login with
 * session-id rotation, POST-only logout, CSRF on every state change, the security headers
 * of DESIGN.md §5, and API requests answered with RFC 9457 problems instead of login
 * redirects.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class SecurityConfiguration {

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

	static final String PERMISSIONS_POLICY = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
			+ "magnetometer=(), microphone=(), payment=(), usb=()";

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, CofferProperties coffer,
			AuthenticationManager authenticationManager,
			@Value("${server.servlet.session.cookie.name}") String sessionCookie) throws Exception {
		http.authenticationManager(authenticationManager);
		PathPatternRequestMatcher api = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
		http.authorizeHttpRequests(
				(requests) -> requests.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD)
					.permitAll()
					.requestMatchers("/login", "/signup", "/css/**", "/js/**", "/favicon.ico", "/favicon.svg",
							"/actuator/health", "/actuator/health/**")
					.permitAll()
					.requestMatchers("/admin/**")
					.hasRole("ADMIN")
					.anyRequest()
					.authenticated());
		http.formLogin((login) -> login.loginPage("/login")
			.successHandler(new LoginSuccessHandler())
			.failureHandler(loginFailureHandler()));
		http.logout(
				(logout) -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout").deleteCookies(sessionCookie));
		http.sessionManagement((sessions) -> sessions.sessionFixation((fixation) -> fixation.changeSessionId()));
		http.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
			.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER))
			.permissionsPolicyHeader((permissions) -> permissions.policy(PERMISSIONS_POLICY))
			.frameOptions((frames) -> frames.deny())
			.crossOriginOpenerPolicy((coop) -> coop.policy(CrossOriginOpenerPolicy.SAME_ORIGIN))
			.crossOriginResourcePolicy((corp) -> corp.policy(CrossOriginResourcePolicy.SAME_ORIGIN))
			.httpStrictTransportSecurity((hsts) -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000)));
		// API clients get a 401 problem; everything else (browsers, whatever they accept)
		// the login page.
		http.exceptionHandling((exceptions) -> exceptions
			.authenticationEntryPoint(
					new DelegatingAuthenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login"),
							new RequestMatcherEntry<>(api, new ProblemAuthenticationEntryPoint())))
			.accessDeniedHandler(accessDeniedHandler()));
		http.addFilterAfter(new SessionLifetimeFilter(coffer.sessions().absoluteTimeout()),
				SecurityContextHolderFilter.class);
		return http.build();
	}

	/**
	 * Password checked before account status, so that whether an account exists or is
	 * disabled cannot be told apart without its password: every failed attempt costs one
	 * Argon2 hash (Spring hashes a dummy password for unknown users) and says the same
	 * thing.
	 */
	@Bean
	AuthenticationManager authenticationManager(UserDetailsService userDetailsService,
			UserDetailsPasswordService passwordUpgrades, PasswordEncoder passwordEncoder) {
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(userDetailsService);
		provider.setPasswordEncoder(passwordEncoder);
		provider.setUserDetailsPasswordService(passwordUpgrades);
		provider.setPreAuthenticationChecks((user) -> {
		});
		provider.setPostAuthenticationChecks(accountStatusChecks());
		return new ProviderManager(provider);
	}

	private static UserDetailsChecker accountStatusChecks() {
		return (user) -> {
			if (!user.isAccountNonLocked()) {
				throw new LockedException("Account locked");
			}
			if (!user.isEnabled()) {
				throw new DisabledException("Account disabled");
			}
			if (!user.isAccountNonExpired()) {
				throw new AccountExpiredException("Account expired");
			}
			if (!user.isCredentialsNonExpired()) {
				throw new CredentialsExpiredException("Credentials expired");
			}
		};
	}

	/**
	 * A missing or wrong CSRF token is a 403, as browsers and clients expect. Any other
	 * denial is a 404: a signed-in user must not learn that a page or object exists that
	 * is closed to them.
	 */
	private static AccessDeniedHandler accessDeniedHandler() {
		LinkedHashMap<Class<? extends AccessDeniedException>, AccessDeniedHandler> handlers = new LinkedHashMap<>();
		handlers.put(CsrfException.class, new AccessDeniedHandlerImpl());
		return new DelegatingAccessDeniedHandler(handlers,
				(request, response, denied) -> response.sendError(HttpServletResponse.SC_NOT_FOUND));
	}

	private static ExceptionMappingAuthenticationFailureHandler loginFailureHandler() {
		ExceptionMappingAuthenticationFailureHandler handler = new ExceptionMappingAuthenticationFailureHandler();
		handler.setDefaultFailureUrl("/login?error");
		handler.setExceptionMappings(Map.of(DisabledException.class.getName(), "/login?disabled"));
		return handler;
	}

}
