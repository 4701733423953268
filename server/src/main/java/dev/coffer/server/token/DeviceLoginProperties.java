package dev.coffer.server.token;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Signing in a device ({@code coffer login}, RFC 8628), under
 * {@code coffer.device-login.*}.
 *
 * @param codeLifetime how long a device code and its user code can be approved and used:
 * at most 10 minutes
 * @param pollInterval how long a client must wait between polls; polling sooner is
 * answered {@code slow_down} and lengthens the client's interval by 5 seconds
 * @param requestsPerHour device codes one client address may ask for per hour
 * @param codeGuesses wrong user codes one account (or one address) may enter within 15
 * minutes before it must wait 15 minutes
 */
@ConfigurationProperties("coffer.device-login")
public record DeviceLoginProperties(@DefaultValue("10m") Duration codeLifetime,
		@DefaultValue("5s") Duration pollInterval, @DefaultValue("30") int requestsPerHour,
		@DefaultValue("5") int codeGuesses) {

	public DeviceLoginProperties {
		if (codeLifetime.isNegative() || codeLifetime.isZero() || codeLifetime.compareTo(Duration.ofMinutes(10)) > 0
				|| pollInterval.toSeconds() < 1 || requestsPerHour < 1 || codeGuesses < 1) {
			throw new IllegalArgumentException("coffer.device-login: code-lifetime must be over 0 and at most 10m, "
					+ "poll-interval at least 1s, requests-per-hour and code-guesses at least 1");
		}
	}

}
