package dev.coffer.server.mfa;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * New recovery codes waiting in the session to be shown on {@link #PAGE}: the form that
 * makes them redirects there (post/redirect/get), so a reload shows them again instead of
 * posting the form a second time.
 * <p>
 * They stay until the user says they are saved, new codes replace them, or the session
 * ends, whichever comes first: the codes must not be lost to a reload before they are
 * written down, and must not linger once they are. They never go into a URL.
 */
final class ShownRecoveryCodes {

	static final String PAGE = SecondFactorGate.ENROL_PAGE + "/recovery-codes";

	private static final String ATTRIBUTE = "coffer.recoveryCodesToShow";

	private ShownRecoveryCodes() {
	}

	static void keep(HttpServletRequest request, List<String> codes) {
		request.getSession().setAttribute(ATTRIBUTE, new ArrayList<>(codes));
	}

	/** The codes to show, or an empty list. */
	@SuppressWarnings("unchecked")
	static List<String> of(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		Object codes = (session != null) ? session.getAttribute(ATTRIBUTE) : null;
		return (codes instanceof List<?> list) ? List.copyOf((List<String>) list) : List.of();
	}

	static void forget(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.removeAttribute(ATTRIBUTE);
		}
	}

}
