package dev.coffer.server.mfa;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Component;

import dev.coffer.server.keys.SealedSecrets;
import dev.coffer.server.keys.SealedSecrets.Sealed;

/**
 * New recovery codes waiting in the session to be shown on {@link #PAGE}: the form that
 * makes them redirects there (post/redirect/get), so a reload shows them again instead of
 * posting the form a second time.
 * <p>
 * They stay until the user says they are saved, new codes replace them, or the session
 * ends, whichever comes first: the codes must not be lost to a reload before they are
 * written down, and must not linger once they are. They never go into a URL. Sessions are
 * stored in the database, so the codes are kept sealed under the master key ring, bound
 * to the user: someone who can read the database (the sessions table included) cannot
 * take them to pass the second step.
 */
@Component
class ShownRecoveryCodes {

	static final String PAGE = SecondFactorGate.ENROL_PAGE + "/recovery-codes";

	private static final String ATTRIBUTE = "coffer.recoveryCodesToShow";

	private final SealedSecrets sealedSecrets;

	ShownRecoveryCodes(SealedSecrets sealedSecrets) {
		this.sealedSecrets = sealedSecrets;
	}

	void keep(HttpServletRequest request, String userId, List<String> codes) {
		Sealed sealed = this.sealedSecrets.seal(String.join("\n", codes).getBytes(StandardCharsets.UTF_8),
				boundId(userId));
		// Strings only: the session is serialized into the database.
		request.getSession()
			.setAttribute(ATTRIBUTE, new ArrayList<>(List.of(sealed.ciphertextColumn(), sealed.wrappedKeyColumn(),
					Long.toString(sealed.masterKeyIdColumn()))));
	}

	/** The codes to show the user, or an empty list. */
	List<String> of(HttpServletRequest request, String userId) {
		HttpSession session = request.getSession(false);
		Object kept = (session != null) ? session.getAttribute(ATTRIBUTE) : null;
		if (!(kept instanceof List<?> columns) || columns.size() != 3) {
			return List.of();
		}
		Sealed sealed = Sealed.fromColumns((String) columns.get(0), (String) columns.get(1),
				Long.parseLong((String) columns.get(2)));
		try {
			return List
				.of(new String(this.sealedSecrets.open(sealed, boundId(userId)), StandardCharsets.UTF_8).split("\n"));
		}
		catch (IllegalStateException ex) {
			// Another user's (the session changed hands) or altered: nothing to show.
			forget(request);
			return List.of();
		}
	}

	void forget(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.removeAttribute(ATTRIBUTE);
		}
	}

	private static String boundId(String userId) {
		return "recovery-codes-shown:" + userId;
	}

}
