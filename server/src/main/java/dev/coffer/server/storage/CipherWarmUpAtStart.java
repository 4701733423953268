package dev.coffer.server.storage;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

import dev.coffer.crypto.CipherWarmUp;

/**
 * A few seconds after the server is ready, gets AES-GCM compiled on a background thread
 * ({@link CipherWarmUp}), so that the first large uploads and downloads after a start are
 * not encrypted and decrypted at a twentieth of the speed. Not at once: started as the
 * web server came up, it seemed to cost the first answer of a cold start about half a
 * second (docs/PERFORMANCE.md); a transfer that begins within the delay only waits less
 * for it. Operator commands, which are no web application, skip it.
 */
@Component
@ConditionalOnWebApplication
class CipherWarmUpAtStart implements ApplicationListener<ApplicationReadyEvent> {

	static final Duration DELAY = Duration.ofSeconds(3);

	private static final Logger logger = LoggerFactory.getLogger(CipherWarmUpAtStart.class);

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		Thread.ofPlatform().daemon().name("cipher-warm-up").start(() -> {
			try {
				Thread.sleep(DELAY);
				CipherWarmUp.run();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (RuntimeException ex) {
				logger.warn("Could not warm AES-GCM up; the first transfers may be slower", ex);
			}
		});
	}

}
