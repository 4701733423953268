package dev.coffer.server.keys;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Polls the master key file so that a running server uses a ring that another process
 * ({@code keys rotate}, {@code keys retire}) saved, within
 * {@code coffer.keys.reload-interval}. A rotation waits longer than that before it wraps
 * anything with a new key.
 */
@Component
@ConditionalOnWebApplication
class MasterKeyFileWatcher {

	private static final Logger logger = LoggerFactory.getLogger(MasterKeyFileWatcher.class);

	private final MasterKeys masterKeys;

	MasterKeyFileWatcher(MasterKeys masterKeys) {
		this.masterKeys = masterKeys;
	}

	@Scheduled(fixedDelayString = "${coffer.keys.reload-interval:5s}",
			initialDelayString = "${coffer.keys.reload-interval:5s}")
	void poll() {
		try {
			this.masterKeys.reloadIfChanged();
		}
		catch (RuntimeException ex) {
			// Keep the ring in use; a broken file must not take the server down.
			logger.error("Cannot reload the master key file; still using the ring loaded before", ex);
		}
	}

}
