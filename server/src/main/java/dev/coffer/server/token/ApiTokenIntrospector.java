package dev.coffer.server.token;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2TokenIntrospectionClaimNames;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionAuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.stereotype.Component;

import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.account.Role;

/**
 * Spring Security's resource-server support asks this for every request with
 * {@code Authorization: Bearer}: the token is looked up by its hash in our own table
 * rather than at an OAuth authorization server. Nothing is cached, so a revoked or
 * expired token, or a disabled account, is refused from the very next request.
 * <p>
 * The principal is named after the user, with the same roles as a signed-in session plus
 * {@code SCOPE_<scope>} for each of the token's scopes, so controllers need not care how
 * the caller authenticated.
 */
@Component
class ApiTokenIntrospector implements OpaqueTokenIntrospector {

	/** One message for every refusal: a token holder learns nothing about the account. */
	static final String REFUSED = "The access token is not valid";

	private final ApiTokenService tokens;

	ApiTokenIntrospector(ApiTokenService tokens) {
		this.tokens = tokens;
	}

	@Override
	public OAuth2AuthenticatedPrincipal introspect(String token) {
		OwnedApiToken owned = this.tokens.authenticate(token).orElseThrow(() -> new BadOpaqueTokenException(REFUSED));
		ApiToken apiToken = owned.token();
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put(OAuth2TokenIntrospectionClaimNames.ACTIVE, true);
		claims.put(OAuth2TokenIntrospectionClaimNames.SUB, owned.username());
		claims.put(OAuth2TokenIntrospectionClaimNames.SCOPE, apiToken.scopes());
		claims.put(OAuth2TokenIntrospectionClaimNames.JTI, apiToken.id());
		claims.put(CurrentUser.USER_ID_ATTRIBUTE, apiToken.userId());
		claims.put(OAuth2TokenIntrospectionClaimNames.IAT, apiToken.createdAt());
		if (apiToken.expiresAt() != null) {
			claims.put(OAuth2TokenIntrospectionClaimNames.EXP, apiToken.expiresAt());
		}
		return new OAuth2IntrospectionAuthenticatedPrincipal(owned.username(), claims, authorities(owned));
	}

	private static List<GrantedAuthority> authorities(OwnedApiToken owned) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		authorities.add(new SimpleGrantedAuthority("ROLE_USER"));
		if (owned.role() == Role.ADMIN) {
			authorities.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
		}
		for (String scope : owned.token().scopes()) {
			authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope));
		}
		return authorities;
	}

}
