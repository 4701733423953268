package dev.coffer.crypto;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The warm-up runs to its end: the JDK's AES-GCM refuses to encrypt twice under one key
 * and nonce, so a warm-up that reused a nonce would throw here. (Its effect, speed in a
 * fresh JVM, is measured in docs/PERFORMANCE.md.)
 */
class CipherWarmUpTest {

	@Test
	void runs_withoutReusingANonce() {
		assertThatCode(CipherWarmUp::run).doesNotThrowAnyException();
		assertThatCode(CipherWarmUp::run).as("a second time, in the same JVM").doesNotThrowAnyException();
	}

}
