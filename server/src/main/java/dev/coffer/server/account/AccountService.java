package dev.coffer.server.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.coffer.server.ConflictException;
import dev.coffer.server.CofferProperties;
import dev.coffer.server.CofferProperties.SignUpPolicy;
import dev.coffer.server.InvalidInputException;
import dev.coffer.server.NotFoundException;
import dev.coffer.server.OperationNotAllowedException;
import dev.coffer.server.SecretTokens;
import dev.coffer.server.SecurityEvent;
import dev.coffer.server.SecurityEvent.Outcome;
import dev.coffer.server.security.SignInAccounts;

/**
 * Creating, changing and removing accounts. The web pages and the operator commands both
 * go through here, so the same rules hold for both.
 */
@Service
public class AccountService implements SignInAccounts {

	private static final Logger logger = LoggerFactory.getLogger(AccountService.class);

	static final Duration INVITE_VALIDITY = Duration.ofDays(7);

	private final UserRepository users;

	private final InviteRepository invites;

	private final UserSessions sessions;

	private final PasswordPolicy passwordPolicy;

	private final PasswordEncoder passwordEncoder;

	private final CofferProperties coffer;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	AccountService(UserRepository users, InviteRepository invites, UserSessions sessions, PasswordPolicy passwordPolicy,
			PasswordEncoder passwordEncoder, CofferProperties coffer, Clock clock, ApplicationEventPublisher events) {
		this.events = events;
		this.users = users;
		this.invites = invites;
		this.sessions = sessions;
		this.passwordPolicy = passwordPolicy;
		this.passwordEncoder = passwordEncoder;
		this.coffer = coffer;
		this.clock = clock;
	}

	/**
	 * Self-service sign-up under the configured policy; the very first account becomes
	 * admin.
	 */
	@Transactional
	public User signUp(SignUpForm form) {
		String username = Usernames.requireValid("username", form.username());
		String email = Emails.normalizeOptional("email", form.email());
		this.passwordPolicy.check("password", form.password(), username);
		if (!form.password().equals(form.passwordConfirmation())) {
			throw new InvalidInputException("passwordConfirmation", "The two passwords differ.");
		}
		Invite invite = admitSignUp(form.invite());
		User user = create(username, email, form.password(), false);
		if (invite != null && !this.invites.markUsed(invite.id(), user.id(), this.clock.instant())) {
			throw new InvalidInputException("invite", "This invite link has already been used.");
		}
		audit("account.created", user.username(), user.username(),
				"sign-up" + (user.isAdmin() ? ", administrator" : "") + ((invite != null) ? ", invited" : ""));
		return user;
	}

	/** Operator command {@code user add}: no sign-up policy applies. */
	@Transactional
	public User addUser(String username, String password, boolean admin) {
		String canonical = Usernames.requireValid("username", username);
		this.passwordPolicy.check("password", password, canonical);
		User user = create(canonical, null, password, admin);
		audit("account.created", null, user.username(), user.isAdmin() ? "administrator" : null);
		return user;
	}

	/**
	 * True while no account exists, so the sign-up page can say the first one becomes
	 * admin.
	 */
	public boolean isFirstAccount() {
		return this.users.count() == 0;
	}

	/**
	 * True if anyone may sign up: sign-up is open, or no account exists yet. Invite-only
	 * and closed servers show no "Sign up" link (the header, the sign-in page).
	 */
	@Override
	public boolean signUpOpen() {
		// The setting first: an open server's pages ask the database nothing.
		return signUpPolicy() == SignUpPolicy.OPEN || isFirstAccount();
	}

	/** False on a closed server, whose sign-up page turns every invite link away. */
	public boolean invitesWork() {
		return signUpPolicy() != SignUpPolicy.CLOSED;
	}

	public SignUpPolicy signUpPolicy() {
		return this.coffer.signUp();
	}

	public User get(String username) {
		return this.users.findByUsername(Usernames.normalize(username))
			.orElseThrow(() -> new NotFoundException("No such user."));
	}

	/** The signed-in user's account, by the id of {@link CurrentUser}. */
	public User getById(String userId) {
		return this.users.findById(userId).orElseThrow(() -> new NotFoundException("No such user."));
	}

	public List<User> list() {
		return this.users.findAll();
	}

	/**
	 * Changes the password after checking the current one, then ends every other session
	 * of this user (a password change is what people do when they suspect someone else is
	 * in). A new password that is the current one (as it is hashed: NFKC) is refused, and
	 * changes nothing: no session is signed out.
	 */
	@Transactional
	public void changePassword(String userId, PasswordChangeForm form, String currentSessionId) {
		User user = getById(userId);
		if (!this.passwordEncoder.matches(form.currentPassword(), user.passwordHash())) {
			this.events.publishEvent(new SecurityEvent("password.change_failed", user.username(), null,
					"user:" + user.username(), Outcome.FAILURE, "wrong current password"));
			throw new InvalidInputException("currentPassword", "Your current password is not correct.");
		}
		if (PasswordHashing.sameAfterNormalizing(form.newPassword(), form.currentPassword())) {
			// Told only to someone who knows the current password.
			throw new InvalidInputException("newPassword",
					"Your new password is the same as your current one. Choose a different password.");
		}
		this.passwordPolicy.check("newPassword", form.newPassword(), user.username());
		if (!form.newPassword().equals(form.newPasswordConfirmation())) {
			throw new InvalidInputException("newPasswordConfirmation", "The two new passwords differ.");
		}
		this.users.updatePassword(user.id(), this.passwordEncoder.encode(form.newPassword()), this.clock.instant());
		int ended = this.sessions.endAllExcept(user.username(), currentSessionId);
		logger.info("Password changed for user {}; {} other session(s) ended", user.id(), ended);
		audit("password.changed", user.username(), user.username(), ended + " other session(s) ended");
	}

	/**
	 * Deletes the caller's own account after checking the password. The last admin cannot
	 * leave.
	 */
	@Transactional
	public void deleteOwnAccount(String userId, String password) {
		User user = getById(userId);
		if (!this.passwordEncoder.matches(password, user.passwordHash())) {
			throw new InvalidInputException("password", "Your password is not correct.");
		}
		if (user.isAdmin() && user.enabled() && this.users.countEnabledAdmins() <= 1) {
			throw new ConflictException(
					"You are the only administrator. Make someone else an administrator before deleting your account.");
		}
		this.sessions.endAll(user.username());
		this.users.delete(user.id());
		logger.info("Account {} deleted by its owner", user.id());
		audit("account.deleted", user.username(), user.username(), "by its owner");
	}

	/**
	 * Operator command {@code user disable}/{@code enable}; disabling ends the user's
	 * sessions and, through {@link AccountDisabled}, revokes their API tokens for good:
	 * enabling the account again does not bring them back.
	 */
	@Transactional
	public void setEnabled(String username, boolean enabled) {
		User user = get(username);
		if (!enabled && user.isAdmin() && user.enabled() && this.users.countEnabledAdmins() <= 1) {
			throw new ConflictException("Refusing to disable the only enabled administrator.");
		}
		this.users.updateEnabled(user.username(), enabled);
		if (!enabled) {
			this.sessions.endAll(user.username());
			Authentication caller = SecurityContextHolder.getContext().getAuthentication();
			String by = (caller != null && caller.isAuthenticated()) ? caller.getName() : null;
			this.events.publishEvent(new AccountDisabled(user.id(), user.username(), by));
		}
		audit(enabled ? "account.enabled" : "account.disabled", null, user.username(), null);
	}

	/**
	 * Sets a user's storage quota (admin action). {@code null} returns them to the
	 * default. Lowering a quota below what they store blocks new uploads; it deletes
	 * nothing.
	 */
	@Transactional
	public void setQuota(String username, Long quotaBytes) {
		if (quotaBytes != null && quotaBytes < 0) {
			throw new InvalidInputException("quota", "A quota cannot be negative.");
		}
		User user = get(username);
		this.users.updateQuota(user.username(), quotaBytes);
		audit("quota.set", null, user.username(), (quotaBytes != null) ? quotaBytes + " bytes" : "default");
	}

	/**
	 * A failed sign-in under {@code username}: counted on the account if there is one, so
	 * that its owner is told at the next login. Unknown names change nothing.
	 */
	@Override
	public void recordFailedLogin(String username) {
		this.users.incrementFailedLogins(Usernames.normalize(username));
	}

	/**
	 * A successful sign-in.
	 * @return how many sign-ins under this name failed since the previous successful one
	 */
	@Transactional
	@Override
	public int recordLogin(String username) {
		String canonical = Usernames.normalize(username);
		int failed = this.users.failedLoginsSinceLogin(canonical);
		this.users.recordLogin(canonical, this.clock.instant());
		return failed;
	}

	/** An admin makes a one-time sign-up link. */
	@Transactional
	public IssuedInvite createInvite(String adminId) {
		User admin = getById(adminId);
		if (!admin.isAdmin()) {
			throw new NotFoundException("No such page.");
		}
		if (!invitesWork()) {
			throw new ConflictException("Sign-up is closed on this server (coffer.sign-up=closed), so an invite link "
					+ "would not work. To let people in by invitation only, set coffer.sign-up=invite; or create "
					+ "their accounts with the operator command user add.");
		}
		String token = SecretTokens.newToken();
		Instant now = this.clock.instant();
		Instant expiresAt = now.plus(INVITE_VALIDITY);
		this.invites.insert(UUID.randomUUID().toString(), SecretTokens.hash(token), admin.id(), now, expiresAt);
		audit("invite.created", admin.username(), null, "expires " + expiresAt);
		return new IssuedInvite(token, expiresAt);
	}

	private Invite admitSignUp(String inviteToken) {
		if (isFirstAccount()) {
			return null;
		}
		return switch (this.coffer.signUp()) {
			case OPEN -> null;
			case CLOSED -> throw new OperationNotAllowedException(
					"Sign-up is closed on this server. Ask an administrator for an account.");
			case INVITE -> {
				if (inviteToken == null || inviteToken.isBlank()) {
					throw new OperationNotAllowedException(
							"This server is invite-only. Open the invite link an administrator sent you.");
				}
				yield this.invites.findUsable(SecretTokens.hash(inviteToken.strip()), this.clock.instant())
					.orElseThrow(() -> new InvalidInputException("invite",
							"This invite link is not valid: it may have expired or been used already."));
			}
		};
	}

	/**
	 * For the audit log: a successful change to {@code user:<targetUser>}. Without an
	 * {@code actor}, it is the signed-in user (an admin on an admin page), or, outside a
	 * request, an operator command.
	 */
	private void audit(String action, String actor, String targetUser, String details) {
		String by = actor;
		String how = details;
		if (by == null) {
			Authentication caller = SecurityContextHolder.getContext().getAuthentication();
			by = (caller != null && caller.isAuthenticated()) ? caller.getName() : null;
			how = (by != null) ? details : ((details != null) ? "operator command, " + details : "operator command");
		}
		this.events.publishEvent(new SecurityEvent(action, by, null, (targetUser != null) ? "user:" + targetUser : null,
				Outcome.SUCCESS, how));
	}

	private User create(String username, String email, String password, boolean admin) {
		if (email != null && this.users.emailTaken(email)) {
			throw new ConflictException("An account with this e-mail address already exists.");
		}
		Instant now = this.clock.instant();
		User user = new User(UUID.randomUUID().toString(), username, email, this.passwordEncoder.encode(password),
				admin ? Role.ADMIN : Role.USER, true, now, now);
		try {
			this.users.insert(user);
		}
		catch (DuplicateKeyException ex) {
			throw new ConflictException("That username is taken. Choose another.");
		}
		boolean first;
		try {
			first = this.users.claimFirstAdmin(user.id());
		}
		catch (DuplicateKeyException ex) {
			throw new ConflictException("Another account was created at the same moment. Please try again.");
		}
		if (first && !admin) {
			this.users.updateRole(user.id(), Role.ADMIN);
			user = new User(user.id(), user.username(), user.email(), user.passwordHash(), Role.ADMIN, true, now, now);
			logger.info("First account {} is the administrator", user.id());
		}
		return user;
	}

}
