package dev.coffer.server.dav;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * WebDAV, under {@code coffer.dav.*}.
 *
 * @param maxLockTimeout the longest a LOCK is granted for, also for {@code Infinite} or
 * no {@code Timeout} header; a client keeps its lock by refreshing it sooner (at least 1
 * second)
 */
@ConfigurationProperties("coffer.dav")
public record DavProperties(@DefaultValue("1h") Duration maxLockTimeout) {

	public DavProperties {
		if (maxLockTimeout.toSeconds() < 1) {
			throw new IllegalArgumentException("coffer.dav.max-lock-timeout must be at least 1s");
		}
	}

}
