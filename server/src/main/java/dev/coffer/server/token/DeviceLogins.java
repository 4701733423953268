package dev.coffer.server.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.coffer.server.DomainException;
import dev.coffer.server.NotFoundException;
import dev.coffer.server.SecretTokens;
import dev.coffer.server.SecurityEvent;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.throttle.Throttle;
import dev.coffer.server.throttle.ThrottleRule;

/**
 * Signing a device in with the OAuth 2.0 Device Authorization Grant (RFC 8628), for
 * {@code coffer login}: the device asks for codes ({@link #start}); a signed-in user
 * finds the request by its user code ({@link #findPending}) and approves or denies it
 * ({@link #decide}); the device polls ({@link #poll}) and, once approved, receives a new
 * personal access token named after it, exactly once. Every step is audited.
 */
@Service
class DeviceLogins {

	private static final Logger logger = LoggerFactory.getLogger(DeviceLogins.class);

	private final DeviceAuthorizationRepository authorizations;

	private final ApiTokenService tokens;

	private final Throttle throttle;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final DeviceLoginProperties settings;

	private final ThrottleRule requests;

	private final ThrottleRule codeGuesses;

	/** Polls with device codes that do not exist: nobody's client sends many of those. */
	private final ThrottleRule unknownDeviceCodes = new ThrottleRule("device.poll",
			new ThrottleRule.Limit(20, Duration.ofMinutes(15), Duration.ofMinutes(15)));

	DeviceLogins(DeviceAuthorizationRepository authorizations, ApiTokenService tokens, Throttle throttle,
			ApplicationEventPublisher events, Clock clock, DeviceLoginProperties settings) {
		this.authorizations = authorizations;
		this.tokens = tokens;
		this.throttle = throttle;
		this.events = events;
		this.clock = clock;
		this.settings = settings;
		this.requests = new ThrottleRule("device.request",
				new ThrottleRule.Limit(settings.requestsPerHour(), Duration.ofHours(1), Duration.ofHours(1)));
		this.codeGuesses = new ThrottleRule("device.user-code",
				new ThrottleRule.Limit(settings.codeGuesses(), Duration.ofMinutes(15), Duration.ofMinutes(15)));
	}

	/**
	 * A new device request (RFC 8628 §3.1-3.2).
	 * @throws dev.coffer.server.InvalidInputException if the device name is not a valid
	 * token name
	 * @throws dev.coffer.server.throttle.TooManyAttemptsException if this address asked
	 * too often
	 */
	@Transactional
	StartedDeviceLogin start(String deviceName, String clientAddress) {
		String name = ApiTokenService.requireValidName(deviceName);
		this.throttle.begin(new Throttle.Subject(this.requests, Throttle.clientNetwork(clientAddress)));
		Instant now = this.clock.instant();
		this.authorizations.purgeExpired(now);
		DeviceAuthorization authorization = new DeviceAuthorization(UUID.randomUUID().toString(), name, clientAddress,
				now, now.plus(this.settings.codeLifetime()), (int) this.settings.pollInterval().toSeconds(), null, null,
				null, null);
		String deviceCode = SecretTokens.newToken();
		String userCode = insertWithFreshUserCode(authorization, deviceCode);
		this.events.publishEvent(new SecurityEvent("device.requested", null, clientAddress,
				"device:" + authorization.id(), SecurityEvent.Outcome.SUCCESS, name));
		return new StartedDeviceLogin(deviceCode, userCode, this.settings.codeLifetime(),
				authorization.pollIntervalSeconds());
	}

	/** A user code clashing with a live one (1 in 25 billion) is drawn again. */
	private String insertWithFreshUserCode(DeviceAuthorization authorization, String deviceCode) {
		for (int attempt = 0;; attempt++) {
			String userCode = UserCodes.newCode();
			try {
				this.authorizations.insert(authorization, SecretTokens.hash(deviceCode),
						SecretTokens.hash(UserCodes.normalize(userCode)));
				return userCode;
			}
			catch (DuplicateKeyException ex) {
				if (attempt >= 3) {
					throw ex;
				}
			}
		}
	}

	/**
	 * The pending request with this user code, for the signed-in user to check. Wrong
	 * codes are counted per account and per address.
	 * @throws NotFoundException if there is no pending, unexpired request with this code
	 * @throws dev.coffer.server.throttle.TooManyAttemptsException after too many wrong
	 * codes
	 */
	@Transactional(noRollbackFor = DomainException.class)
	DeviceAuthorization findPending(CurrentUser user, String typedCode, String clientAddress) {
		Throttle.Attempt attempt = this.throttle.begin(new Throttle.Subject(this.codeGuesses, "user:" + user.id()),
				new Throttle.Subject(this.codeGuesses, Throttle.clientNetwork(clientAddress)));
		String code = UserCodes.normalize(typedCode);
		Instant now = this.clock.instant();
		Optional<DeviceAuthorization> found = Optional.ofNullable(code)
			.flatMap((normalized) -> this.authorizations.findByUserCode(SecretTokens.hash(normalized)))
			.filter((authorization) -> authorization.pending() && !authorization.expired(now));
		if (found.isEmpty()) {
			this.events.publishEvent(new SecurityEvent("device.code_rejected", user.username(), clientAddress, null,
					SecurityEvent.Outcome.FAILURE, null));
			throw new NotFoundException(
					"No device is waiting for this code. Check it against your terminal: codes expire after "
							+ this.settings.codeLifetime().toMinutes() + " minutes and work once.");
		}
		attempt.succeeded();
		return found.get();
	}

	/**
	 * Approves or denies the pending request with this user code.
	 * @return the request as it was
	 */
	@Transactional(noRollbackFor = DomainException.class)
	DeviceAuthorization decide(CurrentUser user, String typedCode, boolean approve, String clientAddress) {
		DeviceAuthorization authorization = findPending(user, typedCode, clientAddress);
		String decision = approve ? DeviceAuthorization.APPROVED : DeviceAuthorization.DENIED;
		if (!this.authorizations.decide(authorization.id(), user.id(), decision, this.clock.instant())) {
			throw new NotFoundException("This request was just decided elsewhere, or has expired.");
		}
		logger.info("Device request {} ({}) {} by user {}", authorization.id(), authorization.deviceName(),
				decision.toLowerCase(Locale.ROOT), user.id());
		this.events.publishEvent(new SecurityEvent(approve ? "device.approved" : "device.denied", user.username(),
				clientAddress, "device:" + authorization.id(),
				approve ? SecurityEvent.Outcome.SUCCESS : SecurityEvent.Outcome.DENIED, authorization.deviceName()));
		return authorization;
	}

	/**
	 * The device's poll (RFC 8628 §3.4-3.5): a token once approved, else the RFC's error
	 * code. Polling too often is {@code slow_down}; unknown device codes are counted per
	 * address.
	 * @throws dev.coffer.server.throttle.TooManyAttemptsException after too many unknown
	 * device codes from one address
	 * @throws dev.coffer.server.ConflictException if the user has the most tokens allowed
	 * (nothing is used up then)
	 */
	@Transactional
	DevicePoll poll(String deviceCode, String clientAddress) {
		Instant now = this.clock.instant();
		Optional<DeviceAuthorization> found = (deviceCode == null || deviceCode.length() > 64) ? Optional.empty()
				: this.authorizations.findByDeviceCode(SecretTokens.hash(deviceCode));
		if (found.isEmpty()) {
			this.throttle.begin(new Throttle.Subject(this.unknownDeviceCodes, Throttle.clientNetwork(clientAddress)));
			return DevicePoll.refused("invalid_grant", "The device code is not valid.");
		}
		DeviceAuthorization authorization = found.get();
		if (authorization.consumedAt() != null) {
			return DevicePoll.refused("invalid_grant", "This device code has been used already.");
		}
		if (authorization.expired(now)) {
			return DevicePoll.refused("expired_token", "The device code expired. Start again with coffer login.");
		}
		if (DeviceAuthorization.DENIED.equals(authorization.decision())) {
			return DevicePoll.refused("access_denied", "Signing in was denied.");
		}
		if (!this.authorizations.recordPoll(authorization, now)) {
			this.authorizations.slowDown(authorization.id(), now);
			return DevicePoll.refused("slow_down", "Polling too often: wait 5 seconds longer between polls.");
		}
		if (authorization.pending()) {
			return DevicePoll.refused("authorization_pending", "Waiting for the user to approve.");
		}
		return issue(authorization, now, clientAddress);
	}

	private DevicePoll issue(DeviceAuthorization authorization, Instant now, String clientAddress) {
		if (!this.authorizations.consume(authorization.id(), now)) {
			return DevicePoll.refused("invalid_grant", "This device code has been used already.");
		}
		IssuedApiToken issued = this.tokens.create(authorization.userId(), authorization.deviceName(), null);
		this.events.publishEvent(new SecurityEvent("device.signed_in", null, clientAddress,
				"token:" + issued.apiToken().id(), SecurityEvent.Outcome.SUCCESS, authorization.deviceName()));
		return DevicePoll.issued(issued.token());
	}

}
