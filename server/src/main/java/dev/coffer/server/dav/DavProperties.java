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
 * @param macosMetadata what becomes of the {@code ._*} and {@code .DS_Store} files macOS
 * Finder writes next to others
 */
@ConfigurationProperties("coffer.dav")
public record DavProperties(@DefaultValue("1h") Duration maxLockTimeout,
		@DefaultValue("accept") MacosMetadata macosMetadata) {

	public DavProperties {
		if (maxLockTimeout.toSeconds() < 1) {
			throw new IllegalArgumentException("coffer.dav.max-lock-timeout must be at least 1s");
		}
	}

	/** What {@code coffer.dav.macos-metadata} says to do with Finder's files. */
	public enum MacosMetadata {

		/** Stored like any file. */
		ACCEPT,

		/**
		 * Not stored: a PUT is answered as if it was, and they are on no path (PROPFIND
		 * leaves them out, GET is 404), including ones stored before.
		 */
		IGNORE;

		/** Whether a name is one of Finder's: {@code .DS_Store} or {@code ._*}. */
		static boolean isFinders(String name) {
			return name.equals(".DS_Store") || name.startsWith("._");
		}

	}

}
