package dev.coffer.server.account;

import java.util.List;

import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Resolves {@link CurrentUser} parameters from the authenticated principal, looked up
 * once per request and kept in a request attribute. Session and API-token principals are
 * both named after the username, so both resolve the same way.
 */
@Configuration(proxyBeanMethods = false)
class CurrentUserResolver implements HandlerMethodArgumentResolver, WebMvcConfigurer {

	private static final String ATTRIBUTE = CurrentUser.class.getName();

	static {
		// Resolved from the caller's credentials, never sent as a parameter: not part of
		// the OpenAPI document.
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(CurrentUser.class);
	}

	private final AccountService accounts;

	CurrentUserResolver(AccountService accounts) {
		this.accounts = accounts;
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(this);
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == CurrentUser.class;
	}

	@Override
	public CurrentUser resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
			NativeWebRequest request, WebDataBinderFactory binderFactory) {
		if (request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) instanceof CurrentUser user) {
			return user;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			throw new AuthenticationCredentialsNotFoundException("Not signed in");
		}
		CurrentUser user = fromPrincipal(authentication);
		if (user == null) {
			User account = this.accounts.get(authentication.getName());
			user = new CurrentUser(account.id(), account.username());
		}
		request.setAttribute(ATTRIBUTE, user, RequestAttributes.SCOPE_REQUEST);
		return user;
	}

	/**
	 * The user of an API token's principal, found with the token (one query on every API
	 * request instead of two), or null for another kind of principal.
	 */
	private static CurrentUser fromPrincipal(Authentication authentication) {
		if (authentication.getPrincipal() instanceof OAuth2AuthenticatedPrincipal principal
				&& principal.getAttribute(CurrentUser.USER_ID_ATTRIBUTE) instanceof String id) {
			return new CurrentUser(id, principal.getName());
		}
		return null;
	}

}
