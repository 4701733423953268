package dev.coffer.server.security;

import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AccountExpiredException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.userdetails.UserDetailsChecker;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.DelegatingAccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter.CrossOriginOpenerPolicy;
import org.springframework.security.web.header.writers.CrossOriginResourcePolicyHeaderWriter.CrossOriginResourcePolicy;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcherEntry;
import org.springframework.util.StringUtils;

import dev.coffer.server.CofferProperties;

/**
 * The web security policy in one place: which paths are public, form login with
 * session-id rotation, POST-only logout, CSRF on every state change, the security headers
 * of DESIGN.md §5, and API requests answered with RFC 9457 problems instead of login
 * redirects.
 * <p>
 * Two filter chains: API requests that carry {@code Authorization: Bearer} are
 * authenticated by their API token alone ({@link #apiTokenFilterChain}); everything else,
 * including API calls from a signed-in browser, goes through the session chain
 * ({@link #securityFilterChain}), which never looks at a bearer token.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class SecurityConfiguration {

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

	static final String PERMISSIONS_POLICY = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
			+ "magnetometer=(), microphone=(), payment=(), usb=()";

	/** The device sign-in endpoints of RFC 8628, called by {@code coffer login}. */
	private static final String[] DEVICE_ENDPOINTS = { "/api/v1/oauth/device_authorization", "/api/v1/oauth/token" };

	private static final PathPatternRequestMatcher API = PathPatternRequestMatcher.withDefaults().matcher("/api/**");

	/**
	 * API requests with an API token. They get a chain of their own rather than a bearer
	 * filter in the session chain, so that the token is the only credential that counts:
	 * <ul>
	 * <li>no session is read, created or changed (so no {@code Set-Cookie}), and a
	 * session cookie sent along is ignored (see {@link SessionlessRequestFilter}). In one
	 * chain Spring Security would merge the session's authorities into the token's
	 * authentication, letting a token act with another login's roles. Session management
	 * is off rather than {@code STATELESS}: that policy still installs a filter that
	 * rotates the id of a session cookie sent along;</li>
	 * <li>no CSRF check: a browser never adds an {@code Authorization} header on its own,
	 * so a forged cross-site request cannot carry the token. A malformed or invalid token
	 * is a 401, never a fall-back to the session;</li>
	 * <li>the token is read only from the {@code Authorization} header: never from the
	 * query string (it would end up in logs and histories), a form field or a
	 * cookie.</li>
	 * </ul>
	 * Outside {@code /api/**} a bearer header is ignored, so a token can never drive the
	 * web pages, e.g. make more tokens or change the password.
	 */
	@Bean
	@Order(1)
	SecurityFilterChain apiTokenFilterChain(HttpSecurity http, OpaqueTokenIntrospector apiTokens) throws Exception {
		ProblemAuthenticationEntryPoint problems = new ProblemAuthenticationEntryPoint();
		http.securityMatcher(SecurityConfiguration::isBearerApiRequest);
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		http.oauth2ResourceServer((resourceServer) -> resourceServer.bearerTokenResolver(headerOnlyBearerTokens())
			.opaqueToken((opaque) -> opaque.introspector(apiTokens))
			.authenticationEntryPoint(problems)
			.accessDeniedHandler(accessDeniedHandler()));
		stateless(http);
		http.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems)
			.accessDeniedHandler(accessDeniedHandler()));
		return http.build();
	}

	/**
	 * WebDAV ({@code /dav/**}, the dav feature): HTTP Basic with a personal access token
	 * as the password ({@link DavAuthenticationFilter}), checked on every request, or the
	 * account's password for an account without a second factor if
	 * {@code coffer.dav.allow-passwords} is on (default off). Like the API token chain it
	 * keeps no state: no session is read or made, a cookie sent along is ignored, and
	 * there is no CSRF check (a browser never sends Basic credentials cross-site without
	 * its user typing them for this realm, and a cookie cannot authenticate here).
	 * Anything unauthenticated is a 401 with the Basic challenge, the only answer DAV
	 * clients (Finder, Explorer, davfs2) act on.
	 */
	@Bean
	@Order(0)
	SecurityFilterChain davFilterChain(HttpSecurity http, OpaqueTokenIntrospector apiTokens, SignInThrottle throttle,
			SignInAccounts accounts, ApplicationEventPublisher events, SecondFactors secondFactors,
			UserDetailsService userDetailsService, UserDetailsPasswordService passwordUpgrades,
			PasswordEncoder passwordEncoder, @Value("${coffer.dav.allow-passwords:false}") boolean allowPasswords)
			throws Exception {
		http.securityMatcher("/dav", "/dav/**");
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		// Its own manager, publishing nothing: the filter records failures itself, and a
		// client's every request is no sign-in event for the audit log.
		AuthenticationManager passwords = allowPasswords
				? new ProviderManager(passwordProvider(userDetailsService, passwordUpgrades, passwordEncoder)) : null;
		http.addFilterAt(new DavAuthenticationFilter(apiTokens, throttle, accounts, events, passwords, secondFactors),
				BasicAuthenticationFilter.class);
		stateless(http);
		http.exceptionHandling((exceptions) -> exceptions
			.authenticationEntryPoint((request, response, failure) -> DavAuthenticationFilter.challenge(response))
			.accessDeniedHandler(accessDeniedHandler()));
		return http.build();
	}

	/**
	 * What the two credential-per-request chains (API tokens, WebDAV) share: no session
	 * is read or made (a cookie sent along is ignored), the authentication lives for the
	 * request only, no CSRF check (no cookie can authenticate), no saved requests, and
	 * the same security headers as every page.
	 */
	private static void stateless(HttpSecurity http) throws Exception {
		http.addFilterBefore(new SessionlessRequestFilter(), SecurityContextHolderFilter.class);
		http.sessionManagement(AbstractHttpConfigurer::disable);
		http.securityContext(
				(context) -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()));
		http.csrf(AbstractHttpConfigurer::disable);
		http.requestCache(AbstractHttpConfigurer::disable);
		securityHeaders(http);
	}

	/**
	 * WebDAV's methods (RFC 4918) get past Spring Security's firewall under {@code /dav}
	 * only; everywhere else the firewall lets only the standard methods through, as
	 * before. Both are the strict firewall with all its other checks (no {@code ..},
	 * {@code ;}, encoded slashes), so no path can look like {@code /dav} to the choice
	 * and be something else to the application. Under {@code /dav} an encoded percent
	 * ({@code %25}) is let through too: {@code %} is a valid character of a file name,
	 * and {@code DavPath} decodes each segment of the raw path exactly once, so
	 * {@code %252e%252e} is the name {@code %2e%2e}, never a step up. So is a semicolon,
	 * raw or encoded, for names such as {@code notes; draft.txt} (rclone sends it raw).
	 * Elsewhere the firewall refuses it because Tomcat takes what follows a raw {@code ;}
	 * for a path parameter and drops it from the path it maps, so that a rule and the
	 * application could see different paths. Under {@code /dav} every path has the same
	 * rule (the WebDAV chain, whose matcher and the dispatch both match {@code /dav/**}
	 * with or without it), and {@code DavPath} reads the raw request URI, with the
	 * {@code ;} and what follows it, and checks each file's access itself. A
	 * {@code ;jsessionid=} there is a name too: sessions come from Spring Session's
	 * cookie only, and the WebDAV chain uses none.
	 */
	@Bean
	WebSecurityCustomizer davMethods() {
		StrictHttpFirewall dav = new StrictHttpFirewall();
		dav.setAllowedHttpMethods(List.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "PROPFIND",
				"PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK"));
		dav.setAllowUrlEncodedPercent(true);
		dav.setAllowSemicolon(true);
		StrictHttpFirewall standard = new StrictHttpFirewall();
		HttpFirewall firewall = new HttpFirewall() {

			@Override
			public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
				// Both as sent and as Tomcat maps it: "/dav/..;/admin" is "/admin" to
				// Tomcat, which drops the path parameter and then resolves "..".
				String path = request.getRequestURI().substring(request.getContextPath().length());
				String mapped = request.getServletPath() + Objects.toString(request.getPathInfo(), "");
				boolean isDav = isDavPath(path) && isDavPath(mapped);
				return (isDav ? dav : standard).getFirewalledRequest(request);
			}

			@Override
			public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
				return standard.getFirewalledResponse(response);
			}

		};
		return (web) -> web.httpFirewall(firewall);
	}

	private static boolean isDavPath(String path) {
		return path.equals("/dav") || path.startsWith("/dav/");
	}

	/**
	 * The same test as {@code DefaultBearerTokenResolver}'s, so that whatever it takes
	 * for a bearer token, or rejects as a malformed one, is handled in the token chain.
	 */
	static boolean isBearerApiRequest(HttpServletRequest request) {
		return API.matches(request)
				&& StringUtils.startsWithIgnoreCase(request.getHeader(HttpHeaders.AUTHORIZATION), "bearer");
	}

	/**
	 * Tokens from the {@code Authorization} header only. Query and form parameters are
	 * off by default; said explicitly, as either would put tokens into URLs (access logs,
	 * histories) or let form posts carry credentials.
	 */
	private static BearerTokenResolver headerOnlyBearerTokens() {
		DefaultBearerTokenResolver resolver = new DefaultBearerTokenResolver();
		resolver.setAllowUriQueryParameter(false);
		resolver.setAllowFormEncodedBodyParameter(false);
		return (request) -> {
			// Two Authorization headers (two users' tokens, say) are one request with two
			// identities: refused, rather than acting as whichever comes first.
			Enumeration<String> headers = request.getHeaders(HttpHeaders.AUTHORIZATION);
			if (headers != null && headers.hasMoreElements() && headers.nextElement() != null
					&& headers.hasMoreElements()) {
				throw new OAuth2AuthenticationException(
						BearerTokenErrors.invalidRequest("Found multiple Authorization headers in the request"));
			}
			return resolver.resolve(request);
		};
	}

	@Bean
	@Order(2)
	SecurityFilterChain securityFilterChain(HttpSecurity http, CofferProperties coffer,
			AuthenticationManager authenticationManager,
			@Value("${server.servlet.session.cookie.name}") String sessionCookie, SignInThrottle throttle,
			SignInAccounts accounts, ApplicationEventPublisher events, List<SignInExtension> extensions)
			throws Exception {
		http.authenticationManager(authenticationManager);
		LoginThrottleFilter loginThrottle = new LoginThrottleFilter(throttle, accounts, events,
				coffer.throttle().login());
		http.addFilterBefore(loginThrottle, UsernamePasswordAuthenticationFilter.class);
		http.authorizeHttpRequests(
				(requests) -> requests.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD)
					.permitAll()
					.requestMatchers("/login", "/signup", "/css/**", "/js/**", "/favicon.ico", "/favicon.svg",
							"/actuator/health", "/actuator/health/**", "/api/v1/openapi.json")
					.permitAll()
					// Public links (sharing.links): the token in the path is the
					// credential.
					.requestMatchers("/s/*", "/s/*/download", "/s/*/zip", "/s/*/files/*", "/s/*/folders/*",
							"/s/*/folders/*/zip")
					.permitAll()
					// Request links (sharing.requests): a public drop box; the token in
					// the path is the credential.
					.requestMatchers("/r/*", "/r/*/unlock", "/r/*/sent", "/r/*/uploads", "/r/*/uploads/*")
					.permitAll()
					// tus discovery (files.ResumableUploadApiController): what the server
					// speaks of tus and its size limit, the same for everyone; a tus
					// client asks before it has credentials to send.
					.requestMatchers(HttpMethod.OPTIONS, "/api/v1/uploads")
					.permitAll()
					// Device sign-in (token.DeviceAuthorizationController, RFC 8628): the
					// device code is the credential.
					.requestMatchers(HttpMethod.POST, DEVICE_ENDPOINTS)
					.permitAll()
					// Passkey sign-in (passkey.PasskeyLogin). Passkeys are deleted on the
					// account page, where it is recorded, not with Spring's DELETE.
					.requestMatchers(HttpMethod.POST, "/webauthn/authenticate/options", "/login/webauthn")
					.permitAll()
					.requestMatchers(HttpMethod.DELETE, "/webauthn/register/**")
					.denyAll()
					.requestMatchers("/admin/**")
					.hasRole("ADMIN")
					.anyRequest()
					.authenticated());
		// The device endpoints carry no cookie and change nothing of a session; a
		// forged cross-site post could only start or poll a device request of its own.
		http.csrf((csrf) -> csrf.ignoringRequestMatchers(DEVICE_ENDPOINTS));
		http.formLogin((login) -> login.loginPage("/login")
			.successHandler(new LoginSuccessHandler(loginThrottle))
			.failureHandler(throttled(loginFailureHandler(), loginThrottle)));
		http.logout(
				(logout) -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout").deleteCookies(sessionCookie));
		http.sessionManagement((sessions) -> sessions.sessionFixation((fixation) -> fixation.changeSessionId()));
		http.requestCache((cache) -> cache.requestCache(pageRequestCache()));
		securityHeaders(http);
		// API clients get a 401 problem; everything else (browsers, whatever they accept)
		// the login page.
		http.exceptionHandling((exceptions) -> exceptions
			.authenticationEntryPoint(
					new DelegatingAuthenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login"),
							new RequestMatcherEntry<>(API, new ProblemAuthenticationEntryPoint())))
			.accessDeniedHandler(accessDeniedHandler()));
		http.addFilterAfter(new SessionLifetimeFilter(coffer.sessions().absoluteTimeout()),
				SecurityContextHolderFilter.class);
		// The features' parts: the second sign-in step (mfa.SecondFactorSignIn) and
		// passkeys (passkey.PasskeySignIn).
		for (SignInExtension extension : extensions) {
			extension.configure(http, new ProblemAuthenticationEntryPoint(), loginThrottle::succeeded);
		}
		return http.build();
	}

	private static void securityHeaders(HttpSecurity http) throws Exception {
		http.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
			.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER))
			.permissionsPolicyHeader((permissions) -> permissions.policy(PERMISSIONS_POLICY))
			.frameOptions((frames) -> frames.deny())
			.crossOriginOpenerPolicy((coop) -> coop.policy(CrossOriginOpenerPolicy.SAME_ORIGIN))
			.crossOriginResourcePolicy((corp) -> corp.policy(CrossOriginResourcePolicy.SAME_ORIGIN))
			.httpStrictTransportSecurity((hsts) -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000)));
	}

	/**
	 * Remembers the page a signed-out browser asked for, to return to it after login;
	 * never an API request, which gets a 401 and must not leave a session behind (one
	 * database row per unauthenticated API call).
	 */
	private static HttpSessionRequestCache pageRequestCache() {
		HttpSessionRequestCache cache = new HttpSessionRequestCache();
		cache.setRequestMatcher(new AndRequestMatcher(
				PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/**"), new NegatedRequestMatcher(API),
				new NegatedRequestMatcher(new RequestHeaderRequestMatcher("X-Requested-With", "XMLHttpRequest"))));
		return cache;
	}

	/**
	 * Password checked before account status, so that whether an account exists or is
	 * disabled cannot be told apart without its password: every failed attempt costs one
	 * Argon2 hash (Spring hashes a dummy password for unknown users) and says the same
	 * thing. Successes and failures are published as Spring Security's authentication
	 * events (a hand-made {@code ProviderManager} publishes none by default) for the
	 * audit log.
	 */
	@Bean
	AuthenticationManager authenticationManager(UserDetailsService userDetailsService,
			UserDetailsPasswordService passwordUpgrades, PasswordEncoder passwordEncoder,
			org.springframework.context.ApplicationEventPublisher events) {
		ProviderManager manager = new ProviderManager(
				passwordProvider(userDetailsService, passwordUpgrades, passwordEncoder));
		manager.setAuthenticationEventPublisher(new DefaultAuthenticationEventPublisher(events));
		return manager;
	}

	private static DaoAuthenticationProvider passwordProvider(UserDetailsService userDetailsService,
			UserDetailsPasswordService passwordUpgrades, PasswordEncoder passwordEncoder) {
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(userDetailsService);
		provider.setPasswordEncoder(passwordEncoder);
		provider.setUserDetailsPasswordService(passwordUpgrades);
		provider.setPreAuthenticationChecks((user) -> {
		});
		provider.setPostAuthenticationChecks(accountStatusChecks());
		return provider;
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
	 * A wrong CSRF token is a 403, as browsers and clients expect; a missing one, because
	 * the session has ended, sends the user to sign in again
	 * ({@link SessionEndedHandler}). Any other denial is a 404: a signed-in user must not
	 * learn that a page or object exists that is closed to them.
	 */
	private static AccessDeniedHandler accessDeniedHandler() {
		LinkedHashMap<Class<? extends AccessDeniedException>, AccessDeniedHandler> handlers = new LinkedHashMap<>();
		handlers.put(CsrfException.class, new SessionEndedHandler(new AccessDeniedHandlerImpl()));
		return new DelegatingAccessDeniedHandler(handlers,
				(request, response, denied) -> response.sendError(HttpServletResponse.SC_NOT_FOUND));
	}

	/** Counts the failure and waits out the throttle's delay before answering. */
	private static AuthenticationFailureHandler throttled(AuthenticationFailureHandler handler,
			LoginThrottleFilter throttle) {
		return (request, response, failure) -> {
			throttle.failed(request);
			handler.onAuthenticationFailure(request, response, failure);
		};
	}

	private static ExceptionMappingAuthenticationFailureHandler loginFailureHandler() {
		ExceptionMappingAuthenticationFailureHandler handler = new ExceptionMappingAuthenticationFailureHandler();
		handler.setDefaultFailureUrl("/login?error");
		handler.setExceptionMappings(Map.of(DisabledException.class.getName(), "/login?disabled"));
		return handler;
	}

}
