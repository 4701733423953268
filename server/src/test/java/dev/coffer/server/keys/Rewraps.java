package dev.coffer.server.keys;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The background re-wrap after a key rotation, awaited by tests in any package. */
public final class Rewraps {

	private Rewraps() {
	}

	/**
	 * Waits until no data key is left on an older master key and the last rotation's
	 * re-wrap has completed; fails the test if that takes longer than {@code timeout}.
	 * @return the key ring's status then
	 */
	public static KeyRingStatus awaitComplete(MasterKeyRotation rotation, Duration timeout)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		KeyRingStatus status = rotation.status();
		while (status.dataKeysNotOnPrimary() > 0 || status.lastRotation() == null
				|| status.lastRotation().rewrapCompletedAt() == null) {
			assertThat(System.nanoTime()).as("re-wrap still incomplete: %s", status).isLessThan(deadline);
			Thread.sleep(100);
			status = rotation.status();
		}
		return status;
	}

}
