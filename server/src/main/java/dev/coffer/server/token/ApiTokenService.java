package dev.coffer.server.token;

import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.coffer.server.ConflictException;
import dev.coffer.server.InvalidInputException;
import dev.coffer.server.NotFoundException;
import dev.coffer.server.SecretTokens;
import dev.coffer.server.SecurityEvent;
import dev.coffer.server.TextRules;
import dev.coffer.server.account.AccountDisabled;
import dev.coffer.server.account.AccountService;
import dev.coffer.server.account.User;

/**
 * Personal access tokens: making, listing, revoking, and checking one that a request
 * presents. The account page and the operator command both go through here, so the same
 * rules hold for both.
 */
@Service
class ApiTokenService {

	private static final Logger logger = LoggerFactory.getLogger(ApiTokenService.class);

	/**
	 * Marks Coffer tokens so that secret scanners (and people) can recognise a leaked
	 * one.
	 */
	static final String PREFIX = "coffer_pat_";

	/** The prefix and 43 characters of URL-safe Base64 (256 random bits). */
	static final int TOKEN_LENGTH = PREFIX.length() + 43;

	/** The one scope so far: the files API. Stored, so that scopes can grow. */
	static final List<String> SCOPES = List.of("files");

	/** Guards against a runaway script, not an attacker: one user, many programs. */
	static final int MAX_ACTIVE_PER_USER = 50;

	static final int MAX_EXPIRY_DAYS = 3650;

	static final int MAX_NAME_LENGTH = 64;

	/** How stale {@code last_used_at} may be: it is written at most this often. */
	static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);

	/**
	 * Control characters, line and paragraph separators, and bidirectional overrides
	 * (which can make a name display as something else).
	 */
	private final ApiTokenRepository tokens;

	private final AccountService accounts;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	ApiTokenService(ApiTokenRepository tokens, AccountService accounts, Clock clock, ApplicationEventPublisher events) {
		this.events = events;
		this.tokens = tokens;
		this.accounts = accounts;
		this.clock = clock;
	}

	/**
	 * Makes a token for the user with id {@code userId}.
	 * @param expiresInDays 1 to 3650, or {@code null} for a token that never expires
	 * @throws ConflictException if the account is disabled
	 */
	@Transactional
	IssuedApiToken create(String userId, String name, Integer expiresInDays) {
		String label = requireValidName(name);
		requireValidExpiry(expiresInDays);
		User user = this.accounts.getById(userId);
		if (!user.enabled()) {
			throw new ConflictException(
					"The account " + user.username() + " is disabled, so it cannot have API tokens. "
							+ "Enable it first (user enable " + user.username() + ").");
		}
		Instant now = this.clock.instant();
		if (this.tokens.countActive(user.id(), now) >= MAX_ACTIVE_PER_USER) {
			throw new ConflictException("You already have " + MAX_ACTIVE_PER_USER
					+ " active API tokens, the most allowed. Revoke one you no longer use, then create a new one.");
		}
		Instant expiresAt = (expiresInDays != null) ? now.plus(Duration.ofDays(expiresInDays)) : null;
		ApiToken token = new ApiToken(UUID.randomUUID().toString(), user.id(), label, SCOPES, now, expiresAt, null,
				null);
		String secret = PREFIX + SecretTokens.newToken();
		this.tokens.insert(token, SecretTokens.hash(secret));
		logger.info("API token {} created for user {}", token.id(), user.id());
		this.events.publishEvent(new SecurityEvent("token.created", user.username(), null, "token:" + token.id(),
				SecurityEvent.Outcome.SUCCESS, label));
		return new IssuedApiToken(secret, token);
	}

	/**
	 * Revokes every token of an account being disabled, in the transaction that disables
	 * it, each with its own audit entry: enabling the account later does not revive them.
	 */
	@EventListener
	void revokeAllOf(AccountDisabled disabled) {
		Instant now = this.clock.instant();
		for (ApiToken token : this.tokens.findUnrevoked(disabled.userId())) {
			if (this.tokens.revoke(token.id(), now)) {
				logger.info("API token {} of user {} revoked: account disabled", token.id(), disabled.userId());
				String why = "account " + disabled.username() + " disabled"
						+ ((disabled.by() != null) ? "" : ", operator command");
				this.events.publishEvent(new SecurityEvent("token.revoked", disabled.by(), null, "token:" + token.id(),
						SecurityEvent.Outcome.SUCCESS, token.name() + "; " + why));
			}
		}
	}

	/** The user's tokens, newest first, whatever their status. */
	List<ApiToken> list(User user) {
		return this.tokens.findByUser(user.id());
	}

	/**
	 * Revokes one of the user's own tokens; from the next request on it is refused.
	 * Revoking a revoked token changes nothing.
	 * @return the token as it was
	 * @throws NotFoundException if the user has no token with this id, including when it
	 * is someone else's
	 */
	@Transactional
	ApiToken revoke(String userId, String tokenId) {
		User user = this.accounts.getById(userId);
		ApiToken token = this.tokens.findByIdAndUser(tokenId, user.id())
			.orElseThrow(() -> new NotFoundException("You have no such API token."));
		if (this.tokens.revoke(token.id(), this.clock.instant())) {
			logger.info("API token {} of user {} revoked", token.id(), user.id());
			this.events.publishEvent(new SecurityEvent("token.revoked", user.username(), null, "token:" + token.id(),
					SecurityEvent.Outcome.SUCCESS, token.name()));
		}
		return token;
	}

	/**
	 * The token and its owner if {@code presented} is a token that may be used now:
	 * known, neither revoked nor expired, and its owner's account enabled. Records the
	 * use.
	 */
	Optional<OwnedApiToken> authenticate(String presented) {
		if (presented == null || presented.length() != TOKEN_LENGTH || !presented.startsWith(PREFIX)) {
			return Optional.empty(); // not one of ours: no need to ask the database
		}
		Instant now = this.clock.instant();
		Optional<OwnedApiToken> found = this.tokens.findByHash(SecretTokens.hash(presented))
			.filter((owned) -> owned.ownerEnabled() && owned.token().status(now) == ApiToken.Status.ACTIVE);
		found.ifPresent((owned) -> recordUse(owned.token(), now));
		return found;
	}

	private void recordUse(ApiToken token, Instant now) {
		Instant notSince = now.minus(LAST_USE_RESOLUTION);
		if (token.lastUsedAt() == null || token.lastUsedAt().isBefore(notSince)) {
			this.tokens.recordUse(token.id(), now, notSince);
		}
	}

	/**
	 * @return the name in Unicode NFC, trimmed, if it is 1 to 64 characters without
	 * control characters
	 */
	/** Checks a lifetime of 1 to 3650 days; {@code null} (never expires) is valid. */
	static Integer requireValidExpiry(Integer expiresInDays) {
		if (expiresInDays != null && (expiresInDays < 1 || expiresInDays > MAX_EXPIRY_DAYS)) {
			throw new InvalidInputException("expiresIn", "A token expires after 1 to 3650 days, or never.");
		}
		return expiresInDays;
	}

	static String requireValidName(String name) {
		TextRules.requireSingleLine("name", "A token name", name);
		String normalized = (name != null) ? Normalizer.normalize(name, Normalizer.Form.NFC).strip() : "";
		if (normalized.isEmpty() || normalized.length() > MAX_NAME_LENGTH) {
			throw new InvalidInputException("name",
					"Give the token a name of 1 to 64 characters that says where it is used.");
		}
		return normalized;
	}

}
