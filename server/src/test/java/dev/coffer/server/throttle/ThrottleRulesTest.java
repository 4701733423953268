package dev.coffer.server.throttle;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ThrottleRulesTest {

	@Test
	void ipv6Clients_areCountedByTheir64BitNetwork() {
		assertThat(Throttle.clientNetwork("2001:db8:1:2:aaaa::1"))
			.isEqualTo(Throttle.clientNetwork("2001:db8:1:2::ffff"))
			.isEqualTo("20010db800010002::/64");
		assertThat(Throttle.clientNetwork("2001:db8:1:3::1")).isNotEqualTo(Throttle.clientNetwork("2001:db8:1:2::1"));
		assertThat(Throttle.clientNetwork("192.0.2.1")).isEqualTo("192.0.2.1");
	}

	@Test
	void retryAfter_isWholeSecondsRoundedUp_andTheMessageSaysTheSameWait() {
		TooManyAttemptsException refused = new TooManyAttemptsException(Duration.ofMillis(90_001));
		assertThat(refused.retryAfterHeader()).isEqualTo("91");
		assertThat(refused.getMessage()).isEqualTo("Too many attempts. Try again in 2 minutes.");
		assertThat(new TooManyAttemptsException(Duration.ofMillis(1)).retryAfterHeader()).isEqualTo("1");
		// A link password's 30 s wait was announced as "1 minute" beside Retry-After: 30.
		TooManyAttemptsException linkWait = new TooManyAttemptsException(Duration.ofSeconds(30));
		assertThat(linkWait.retryAfterHeader()).isEqualTo("30");
		assertThat(linkWait.getMessage()).isEqualTo("Too many attempts. Try again in 30 seconds.");
		assertThat(new TooManyAttemptsException(Duration.ofMillis(1)).getMessage()).endsWith("in 1 second.");
		assertThat(new TooManyAttemptsException(Duration.ofMillis(59_500)).getMessage()).endsWith("in 1 minute.");
	}

	@Test
	void rules_rejectNonsense() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ThrottleRule.Limit(0, Duration.ofMinutes(1), Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> new ThrottleRule("a-scope-name-longer-than-32-characters",
				new ThrottleRule.Limit(1, Duration.ofMinutes(1), Duration.ZERO)));
	}

}
