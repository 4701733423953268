package dev.coffer.server.sharing.secretlinks;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Password-guess limits for every secret link, public links and request links alike,
 * under {@code coffer.secret-links.*}. Wrong guesses are counted per link.
 *
 * @param passwordGuesses wrong passwords within {@code passwordWindow} after which each
 * further guess must wait {@code passwordDelay}
 * @param passwordWindow how far back wrong passwords are counted for that
 * @param passwordDelay the wait between guesses once {@code passwordGuesses} is reached
 * @param passwordGuessesPerHour wrong passwords in any hour after which the link refuses
 * guesses for an hour
 */
@ConfigurationProperties("coffer.secret-links")
public record SecretLinkProperties(@DefaultValue("5") int passwordGuesses, @DefaultValue("15m") Duration passwordWindow,
		@DefaultValue("30s") Duration passwordDelay, @DefaultValue("20") int passwordGuessesPerHour) {

	public SecretLinkProperties {
		if (passwordGuesses < 1 || passwordGuessesPerHour < 1 || passwordWindow.isNegative() || passwordWindow.isZero()
				|| passwordDelay.isNegative()) {
			throw new IllegalArgumentException("coffer.secret-links: password-guesses and password-guesses-per-hour "
					+ "must be >= 1, password-window > 0, password-delay >= 0");
		}
	}

}
