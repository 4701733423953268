package dev.coffer.server.sharing.secretlinks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.SecretTokens;
import dev.coffer.server.TextRules;
import dev.coffer.server.keys.SealedSecrets;
import dev.coffer.server.keys.SealedSecrets.Sealed;
import dev.coffer.server.throttle.Throttle;
import dev.coffer.server.throttle.ThrottleRule;
import dev.coffer.server.throttle.ThrottleRule.Limit;

/**
 * The secret-link mechanism that public links ({@code sharing.links}) and request links
 * ({@code sharing.requests}) share, so that both check it the same way:
 * <ul>
 * <li>a token is 43 URL-safe Base64 characters (256 random bits); anything else is
 * answered 404 without asking the database, a well-formed one is looked up by its SHA-256
 * only;</li>
 * <li>a link password has {@value #MIN_PASSWORD} to {@value #MAX_PASSWORD} characters,
 * counted in code points, and is stored as a {@link PasswordEncoder} hash;</li>
 * <li>wrong guesses are counted per link by one rule from {@link SecretLinkProperties};
 * over it, a guess is refused (429) before the password is checked;</li>
 * <li>the right password unlocks the link for the browser session, under a new session
 * id;</li>
 * <li>the token is also kept sealed ({@link SealedSecrets}, bound to the link's kind and
 * id), so that its owner can copy the link again later; revoking a link erases it.</li>
 * </ul>
 */
@Component
public class SecretLinks {

	/** The fewest characters (code points) of a link password. */
	public static final int MIN_PASSWORD = 8;

	/** The most characters (code points) of a link password. */
	public static final int MAX_PASSWORD = 128;

	private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

	private static final String UNLOCKED = SecretLinks.class.getName() + ".unlocked.";

	private final PasswordEncoder passwords;

	private final SealedSecrets sealedSecrets;

	private final Throttle throttle;

	private final ThrottleRule guesses;

	SecretLinks(PasswordEncoder passwords, Throttle throttle, SecretLinkProperties settings,
			SealedSecrets sealedSecrets) {
		this.passwords = passwords;
		this.sealedSecrets = sealedSecrets;
		this.throttle = throttle;
		this.guesses = new ThrottleRule("secret-link.password",
				new Limit(settings.passwordGuesses(), settings.passwordWindow(), settings.passwordDelay()),
				new Limit(settings.passwordGuessesPerHour(), Duration.ofHours(1), Duration.ofHours(1)));
	}

	/**
	 * The SHA-256 to look a presented token up by; empty for one that is not one of ours
	 * (wrong length or characters), which needs no look-up.
	 */
	public static Optional<String> tokenHash(String token) {
		if (token == null || !TOKEN.matcher(token).matches()) {
			return Optional.empty();
		}
		return Optional.of(SecretTokens.hash(token));
	}

	/**
	 * The token sealed for storage next to its hash, so that the link can be copied
	 * again.
	 * @param boundId the link's kind and id, e.g. {@code link:<id>}: the sealed token
	 * opens for that link only
	 */
	public Sealed seal(String token, String boundId) {
		return this.sealedSecrets.seal(token.getBytes(StandardCharsets.US_ASCII), boundId);
	}

	/** The token a link's sealed token holds; see {@link #seal}. */
	public String reveal(Sealed sealed, String boundId) {
		return new String(this.sealedSecrets.open(sealed, boundId), StandardCharsets.US_ASCII);
	}

	/**
	 * The hash to store for a new link's password; {@code null} for none (null or empty).
	 * @param what how the message names the password, e.g. "A link password"
	 * @throws InvalidInputException (field {@code password}) if it is too short or too
	 * long
	 */
	public String hashPassword(String password, String what) {
		if (password == null || password.isEmpty()) {
			return null;
		}
		TextRules.requireWellFormed("password", "The password", password);
		int length = password.codePointCount(0, password.length());
		if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
			throw new InvalidInputException("password",
					what + " has " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters, or leave it empty for none.");
		}
		return this.passwords.encode(password);
	}

	/**
	 * Checks a presented password against a link's stored hash, counting wrong guesses
	 * per link.
	 * @param linkId the link the guesses are counted for
	 * @param hash the stored hash; {@code null} never matches
	 * @throws dev.coffer.server.throttle.TooManyAttemptsException when guesses on this
	 * link are slowed or blocked; the password is not checked then
	 */
	public Guess checkPassword(String linkId, String presented, String hash) {
		Throttle.Subject subject = new Throttle.Subject(this.guesses, linkId);
		Throttle.Attempt attempt = this.throttle.begin(subject);
		// Longer than any password a link can have: not worth an Argon2 hash.
		boolean plausible = presented != null && presented.codePointCount(0, presented.length()) <= MAX_PASSWORD;
		if (hash != null && plausible && this.passwords.matches(presented, hash)) {
			attempt.succeeded();
			return new Guess(true, 0);
		}
		return new Guess(false, attempt.count(subject));
	}

	/** Whether this browser session has unlocked the link with its password. */
	public static boolean isUnlocked(HttpServletRequest request, String linkId) {
		HttpSession session = request.getSession(false);
		return session != null && Boolean.TRUE.equals(session.getAttribute(UNLOCKED + linkId));
	}

	/**
	 * Unlocks the link for this browser session. The session gains a right, so it gets a
	 * new id, as at sign-in.
	 */
	public static void unlock(HttpServletRequest request, String linkId) {
		if (request.getSession(false) != null) {
			request.changeSessionId();
		}
		request.getSession().setAttribute(UNLOCKED + linkId, Boolean.TRUE);
	}

	/**
	 * A checked password.
	 *
	 * @param right whether it was the link's
	 * @param failures wrong guesses on the link in the current window, for the audit log;
	 * 0 when right
	 */
	public record Guess(boolean right, int failures) {
	}

}
