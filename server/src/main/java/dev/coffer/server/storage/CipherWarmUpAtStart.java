package dev.coffer.server.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

import dev.coffer.crypto.CipherWarmUp;

/**
 * Once the server listens, gets AES-GCM compiled on a background thread
 * ({@link CipherWarmUp}), so that the first large uploads and downloads after a start are
 * not encrypted and decrypted at a twentieth of the speed. Operator commands, which start
 * no web server, skip it.
 */
@Component
@ConditionalOnWebApplication
class CipherWarmUpAtStart implements ApplicationListener<WebServerInitializedEvent> {

	private static final Logger logger = LoggerFactory.getLogger(CipherWarmUpAtStart.class);

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		Thread.ofPlatform().daemon().priority(Thread.MIN_PRIORITY).name("cipher-warm-up").start(() -> {
			try {
				CipherWarmUp.run();
			}
			catch (RuntimeException ex) {
				logger.warn("Could not warm AES-GCM up; the first transfers may be slower", ex);
			}
		});
	}

}
