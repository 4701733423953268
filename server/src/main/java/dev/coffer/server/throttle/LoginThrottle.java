package dev.coffer.server.throttle;

import java.time.Duration;

import org.springframework.stereotype.Component;

import dev.coffer.server.CofferProperties;
import dev.coffer.server.security.SignInThrottle;
import dev.coffer.server.throttle.ThrottleRule.Limit;

/**
 * The sign-in rules ({@code coffer.throttle.login}): per attempted username a lock after
 * {@code lockAfter} failures and never more than {@code maxPerHour} in an hour; per
 * client network a lock after {@code addressLockAfter}.
 */
@Component
class LoginThrottle implements SignInThrottle {

	private final Throttle throttle;

	private final ThrottleRule accountRule;

	private final ThrottleRule addressRule;

	LoginThrottle(Throttle throttle, CofferProperties coffer) {
		CofferProperties.Throttle.Login settings = coffer.throttle().login();
		this.throttle = throttle;
		this.accountRule = new ThrottleRule("login.account",
				new Limit(settings.lockAfter(), settings.window(), settings.lockDuration()),
				new Limit(settings.maxPerHour(), Duration.ofHours(1), Duration.ofHours(1)));
		this.addressRule = new ThrottleRule("login.address",
				new Limit(settings.addressLockAfter(), settings.window(), settings.lockDuration()));
	}

	@Override
	public SignInThrottle.Attempt begin(String username, String clientAddress) {
		Throttle.Subject account = new Throttle.Subject(this.accountRule, username);
		Throttle.Attempt attempt = this.throttle.begin(account,
				new Throttle.Subject(this.addressRule, Throttle.clientNetwork(clientAddress)));
		return new SignInThrottle.Attempt() {

			@Override
			public int failures() {
				return attempt.count(account);
			}

			@Override
			public void succeeded() {
				attempt.succeeded();
				LoginThrottle.this.throttle.reset(account);
			}

		};
	}

}
