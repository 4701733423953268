package dev.coffer.server.mfa;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.NotFoundException;
import dev.coffer.server.OperationNotAllowedException;
import dev.coffer.server.SecretTokens;
import dev.coffer.server.SecurityEvent;
import dev.coffer.server.SecurityEvent.Outcome;
import dev.coffer.server.account.AccountService;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.account.User;
import dev.coffer.server.mfa.SecondFactorRepository.TotpCredential;
import dev.coffer.server.passkey.PasskeyService;
import dev.coffer.server.security.SecondFactors;
import dev.coffer.server.throttle.Throttle;
import dev.coffer.server.throttle.ThrottleRule;

/**
 * TOTP authenticators and recovery codes: enrolment (confirmed with one valid code),
 * verification at sign-in, recovery codes, disabling, and the admin's reset.
 * <p>
 * A code is accepted for the current 30-second step and one step either side (clock
 * drift), and each step's code only once per user. Attempts are throttled per user: 5
 * wrong codes in 15 minutes lock the second step for 15 minutes.
 */
@Service
public class SecondFactorService implements SecondFactors {

	static final int RECOVERY_CODES = 10;

	private static final ThrottleRule CODE_ATTEMPTS = new ThrottleRule("mfa.account",
			new ThrottleRule.Limit(5, Duration.ofMinutes(15), Duration.ofMinutes(15)));

	private static final String RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

	private final SecureRandom random = new SecureRandom();

	private final SecondFactorRepository repository;

	private final TotpSecrets secrets;

	private final AccountService accounts;

	private final PasswordEncoder passwords;

	private final Throttle throttle;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final boolean required;

	private final PasskeyService passkeys;

	SecondFactorService(SecondFactorRepository repository, TotpSecrets secrets, AccountService accounts,
			PasswordEncoder passwords, Throttle throttle, ApplicationEventPublisher events, Clock clock,
			@Value("${coffer.security.require-second-factor:false}") boolean required, PasskeyService passkeys) {
		this.repository = repository;
		this.secrets = secrets;
		this.accounts = accounts;
		this.passwords = passwords;
		this.throttle = throttle;
		this.events = events;
		this.clock = clock;
		this.required = required;
		this.passkeys = passkeys;
	}

	/**
	 * What a user who has just signed in with a password still has to do. A passkey
	 * counts as a second factor like an authenticator app.
	 */
	public Requirement requirementAfterPassword(String username) {
		if (hasSecondFactor(username)) {
			return Requirement.VERIFY;
		}
		return this.required ? Requirement.ENROL : Requirement.NONE;
	}

	@Override
	public boolean passwordSuffices(String username) {
		return requirementAfterPassword(username) == Requirement.NONE;
	}

	/** Whether the account has a second factor: an authenticator app or a passkey. */
	public boolean hasSecondFactor(String username) {
		return usesAuthenticatorApp(username) || usesPasskeys(username);
	}

	/**
	 * The ids of all users who have a second factor, as {@link #hasSecondFactor} decides
	 * for one, found at once for a list of users.
	 */
	public Set<String> usersWithSecondFactor() {
		return this.repository.usersWithSecondFactor();
	}

	/** Whether the second step can be an authenticator app's code. */
	boolean usesAuthenticatorApp(String username) {
		return isEnabled(this.accounts.get(username));
	}

	/** Whether the second step can be a passkey. */
	boolean usesPasskeys(String username) {
		return this.passkeys.hasPasskeys(username);
	}

	public boolean isRequired() {
		return this.required;
	}

	boolean isEnabled(User user) {
		return this.repository.find(user.id()).map(TotpCredential::confirmed).orElse(false);
	}

	long unusedRecoveryCodes(User user) {
		return this.repository.unusedRecoveryCodes(user.id());
	}

	/**
	 * The enrolment in progress, or a new one: a 160-bit secret, stored encrypted and
	 * unconfirmed.
	 * @return the {@code otpauth://} URI for the authenticator app
	 * @throws OperationNotAllowedException if the user already has a confirmed one
	 */
	@Transactional
	String enrolment(String userId) {
		User user = this.accounts.getById(userId);
		Optional<TotpCredential> existing = this.repository.find(user.id());
		if (existing.map(TotpCredential::confirmed).orElse(false)) {
			throw new OperationNotAllowedException("Two-step verification is already set up.");
		}
		byte[] secret;
		if (existing.isPresent()) {
			secret = this.secrets.decrypt(existing.get().secret(), user.id());
		}
		else {
			secret = new byte[20];
			this.random.nextBytes(secret);
			this.repository.savePending(user.id(), this.secrets.encrypt(secret, user.id()), this.clock.millis());
		}
		return "otpauth://totp/Coffer:" + user.username() + "?secret=" + Base32.encode(secret)
				+ "&issuer=Coffer&algorithm=SHA1&digits=6&period=30";
	}

	/**
	 * Confirms the pending enrolment with a code from the app.
	 * @return the new recovery codes, to be shown once
	 */
	@Transactional
	List<String> confirmEnrolment(String userId, String code, String clientAddress) {
		User user = this.accounts.getById(userId);
		TotpCredential credential = this.repository.find(user.id())
			.filter((found) -> !found.confirmed())
			.orElseThrow(() -> new OperationNotAllowedException("Start the set-up again."));
		CodeCheck check = checkCode(user, credential, code, true);
		if (check != CodeCheck.ACCEPTED) {
			throw new InvalidInputException("code", check.message());
		}
		event("mfa.enrolled", user, clientAddress, Outcome.SUCCESS, null);
		return newRecoveryCodes(user);
	}

	/**
	 * The second step of a sign-in: a current TOTP code or an unused recovery code. An
	 * accepted one completes the sign-in, which is recorded as {@code login.succeeded}
	 * (the password step recorded only {@code login.password_accepted}).
	 * @return whether it was accepted, and if not, why
	 * @throws dev.coffer.server.throttle.TooManyAttemptsException if too many were wrong
	 */
	@Transactional(noRollbackFor = RuntimeException.class)
	public CodeCheck verify(String username, String code, String clientAddress) {
		User user = this.accounts.get(username);
		Throttle.Attempt attempt = this.throttle.begin(new Throttle.Subject(CODE_ATTEMPTS, user.id()));
		String entered = (code != null) ? code.strip() : "";
		CodeCheck check;
		String secondStep;
		if (entered.length() > TotpCodes.DIGITS) {
			secondStep = "recovery code";
			check = this.repository.useRecoveryCode(user.id(), SecretTokens.hash(normalize(entered)),
					this.clock.millis()) ? CodeCheck.ACCEPTED : CodeCheck.WRONG;
			if (check == CodeCheck.ACCEPTED) {
				event("mfa.recovery_code_used", user, clientAddress, Outcome.SUCCESS,
						this.repository.unusedRecoveryCodes(user.id()) + " left");
			}
		}
		else {
			secondStep = "authenticator app";
			check = this.repository.find(user.id())
				.filter(TotpCredential::confirmed)
				.map((credential) -> checkCode(user, credential, entered, false))
				.orElse(CodeCheck.WRONG);
		}
		if (check == CodeCheck.ACCEPTED) {
			attempt.succeeded();
			signedIn(username, secondStep, clientAddress);
		}
		else {
			event("mfa.failed", user, clientAddress, Outcome.FAILURE, check.reason());
		}
		return check;
	}

	/**
	 * Records a sign-in completed by its second step: a code, a recovery code, or setting
	 * up the second factor that the server requires.
	 */
	void signedIn(String username, String secondStep, String clientAddress) {
		this.events.publishEvent(new SecurityEvent("login.succeeded", username, clientAddress, null, Outcome.SUCCESS,
				"second step: " + secondStep));
	}

	/** New recovery codes (the old ones stop working), after a current code. */
	@Transactional(noRollbackFor = RuntimeException.class)
	List<String> regenerateRecoveryCodes(String userId, String code, String clientAddress) {
		User user = this.accounts.getById(userId);
		requireCurrentCode(user, code, clientAddress);
		return newRecoveryCodes(user);
	}

	/**
	 * Checks that the codes a user sends back to be saved are all their own, unused
	 * recovery codes: the recovery-codes file then holds nothing else.
	 * @return the codes as they were shown
	 * @throws InvalidInputException if any is not (used since, replaced, or mistyped)
	 */
	List<String> ownUnusedRecoveryCodes(String userId, List<String> codes) {
		Set<String> hashes = new HashSet<>();
		for (String code : codes) {
			hashes.add(SecretTokens.hash(normalize(code)));
		}
		boolean all = !codes.isEmpty() && codes.size() <= RECOVERY_CODES && hashes.size() == codes.size()
				&& this.repository.unusedRecoveryCodesAmong(userId, hashes) == codes.size();
		if (!all) {
			throw new InvalidInputException("code",
					"These are not your current recovery codes: some were used or replaced since.");
		}
		return List.copyOf(codes);
	}

	/** Turns two-step verification off, after the password and a current code. */
	@Transactional(noRollbackFor = RuntimeException.class)
	void disable(String userId, String password, String code, String clientAddress) {
		User user = this.accounts.getById(userId);
		if (this.required) {
			throw new OperationNotAllowedException(
					"Two-step verification is required on this server. Ask an administrator to reset it.");
		}
		if (password == null || !this.passwords.matches(password, user.passwordHash())) {
			throw new InvalidInputException("password", "That password is not right.");
		}
		requireCurrentCode(user, code, clientAddress);
		this.repository.delete(user.id());
		event("mfa.disabled", user, clientAddress, Outcome.SUCCESS, null);
	}

	/**
	 * An admin removes a user's second factor (lost phone and codes), authenticator app
	 * and passkeys alike, and lifts the lock that wrong codes put on the second step; the
	 * user signs in with the password alone afterwards, or enrols again if a second
	 * factor is required. The user's security log shows it.
	 */
	@Transactional
	void reset(CurrentUser admin, String username, String clientAddress) {
		User user = this.accounts.get(username);
		boolean hadTotp = this.repository.delete(user.id());
		int passkeys = this.passkeys.removeAll(user.username());
		if (!hadTotp && passkeys == 0) {
			throw new NotFoundException(username + " has no second factor.");
		}
		// The second step is gone, and with it any lock from wrong codes: the user signs
		// in with the password at once (wrong passwords keep their own lock).
		this.throttle.reset(new Throttle.Subject(CODE_ATTEMPTS, user.id()));
		this.events.publishEvent(new SecurityEvent("admin.mfa_reset", admin.username(), clientAddress,
				"user:" + user.username(), Outcome.SUCCESS, (passkeys > 0) ? passkeys + " passkey(s) removed" : null));
	}

	private void requireCurrentCode(User user, String code, String clientAddress) {
		TotpCredential credential = this.repository.find(user.id())
			.filter(TotpCredential::confirmed)
			.orElseThrow(() -> new OperationNotAllowedException("Two-step verification is not set up."));
		Throttle.Attempt attempt = this.throttle.begin(new Throttle.Subject(CODE_ATTEMPTS, user.id()));
		CodeCheck check = checkCode(user, credential, code, false);
		if (check != CodeCheck.ACCEPTED) {
			event("mfa.failed", user, clientAddress, Outcome.FAILURE, check.reason());
			throw new InvalidInputException("code", check.message());
		}
		attempt.succeeded();
	}

	/**
	 * A code of the right time that was used already (the same step, or one before the
	 * last used) is told apart from a wrong one: the user only has to wait for the next.
	 */
	private CodeCheck checkCode(User user, TotpCredential credential, String code, boolean confirm) {
		byte[] secret = this.secrets.decrypt(credential.secret(), user.id());
		long step = TotpCodes.matchingStep(secret, code, this.clock.millis());
		java.util.Arrays.fill(secret, (byte) 0);
		if (step < 0) {
			return CodeCheck.WRONG;
		}
		return this.repository.useStep(user.id(), step, confirm) ? CodeCheck.ACCEPTED : CodeCheck.ALREADY_USED;
	}

	private List<String> newRecoveryCodes(User user) {
		List<String> codes = new ArrayList<>();
		List<String> hashes = new ArrayList<>();
		for (int i = 0; i < RECOVERY_CODES; i++) {
			StringBuilder code = new StringBuilder();
			// 16 characters of 31: 79 bits, enough to keep only an unsalted SHA-256.
			for (int c = 0; c < 16; c++) {
				if (c > 0 && c % 4 == 0) {
					code.append('-');
				}
				code.append(RECOVERY_ALPHABET.charAt(this.random.nextInt(RECOVERY_ALPHABET.length())));
			}
			codes.add(code.toString());
			hashes.add(SecretTokens.hash(normalize(code.toString())));
		}
		this.repository.replaceRecoveryCodes(user.id(), hashes);
		return codes;
	}

	/** Case and dashes do not matter when a code is typed. */
	private static String normalize(String code) {
		return code.replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
	}

	private void event(String action, User user, String clientAddress, Outcome outcome, String details) {
		this.events.publishEvent(
				new SecurityEvent(action, user.username(), clientAddress, "user:" + user.username(), outcome, details));
	}

	/** What became of a code entered. */
	public enum CodeCheck {

		ACCEPTED(null, null),
		/** Not the app's code for this time, nor an unused recovery code. */
		WRONG(null, "That code is not right. Check the app and try again."),
		/** The app's code for this time, but it was used already (replay). */
		ALREADY_USED("code already used", "That code was just used. Wait for the next one in your app and enter it.");

		private final String reason;

		private final String message;

		CodeCheck(String reason, String message) {
			this.reason = reason;
			this.message = message;
		}

		/** For the audit entry; null for a plain wrong code. */
		String reason() {
			return this.reason;
		}

		/** For the user. */
		String message() {
			return this.message;
		}

	}

	/** The step still missing after the password. */
	public enum Requirement {

		/** No second factor: signed in. */
		NONE,
		/** A code (or recovery code) must be entered. */
		VERIFY,
		/** A second factor is required and must be set up first. */
		ENROL

	}

}
