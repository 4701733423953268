package dev.coffer.server.audit;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain words for the exception class names that sign-in failures record
 * ({@code BadCredentialsException} → "wrong password"). The log keeps the class name, so
 * exports lose nothing; people are shown the reason.
 */
final class FailureReasons {

	private static final Pattern EXCEPTION_NAME = Pattern.compile("\\b([A-Z][A-Za-z0-9]*)Exception\\b");

	private static final Map<String, String> KNOWN = Map.of("BadCredentials", "wrong password", "Disabled",
			"account disabled", "Locked", "account locked", "AccountExpired", "account expired", "CredentialsExpired",
			"password expired", "InvalidBearerToken", "invalid or expired API token", "UsernameNotFound",
			"wrong password", "ProviderNotFound", "sign-in method not accepted");

	private FailureReasons() {
	}

	/** {@code text} with every exception class name replaced by a plain reason. */
	static String readable(String text) {
		if (text == null) {
			return null;
		}
		Matcher matcher = EXCEPTION_NAME.matcher(text);
		StringBuilder readable = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(readable, Matcher.quoteReplacement(reason(matcher.group(1))));
		}
		matcher.appendTail(readable);
		return readable.toString();
	}

	private static String reason(String stem) {
		String known = KNOWN.get(stem);
		if (known != null) {
			return known;
		}
		// InsufficientAuthentication -> "insufficient authentication"
		return stem.replaceAll("(?<=[a-z0-9])(?=[A-Z])", " ").toLowerCase(Locale.ROOT);
	}

}
