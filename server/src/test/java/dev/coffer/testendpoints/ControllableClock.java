package dev.coffer.testendpoints;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * A clock tests set and move, in place of the system clock, for everything that takes the
 * time from the {@code Clock} bean. It stands still until a test moves it.
 */
@Configuration(proxyBeanMethods = false)
@Primary
public class ControllableClock extends Clock {

	private volatile Instant now = Instant.now();

	public void set(Instant instant) {
		this.now = instant;
	}

	public void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

	@Override
	public Instant instant() {
		return this.now;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException();
	}

}
