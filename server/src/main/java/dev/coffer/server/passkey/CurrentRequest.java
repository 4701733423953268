package dev.coffer.server.passkey;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The request being served, for code called from inside Spring Security's WebAuthn
 * filters, which do not hand the request on (audit events need its client address).
 */
final class CurrentRequest {

	private CurrentRequest() {
	}

	static Optional<HttpServletRequest> get() {
		return (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)
				? Optional.of(attributes.getRequest()) : Optional.empty();
	}

	static String clientAddress() {
		return get().map(HttpServletRequest::getRemoteAddr).orElse(null);
	}

}
