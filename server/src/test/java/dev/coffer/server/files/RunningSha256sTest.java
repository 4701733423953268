package dev.coffer.server.files;

import java.security.MessageDigest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a node keeps of its uploads' SHA-256s: a digest is handed on only for the offset
 * it covers, only once, and the oldest go when too many are kept.
 */
class RunningSha256sTest {

	@Test
	void aDigest_isTakenOnce_andOnlyAtTheOffsetItCovers() throws Exception {
		RunningSha256s running = new RunningSha256s();
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
		running.keep("a", 100, sha256);
		assertThat(running.take("a", 100)).isSameAs(sha256);
		assertThat(running.take("a", 100)).as("taken already").isNull();

		running.keep("b", 100, sha256);
		assertThat(running.take("b", 200)).as("another offset").isNull();
		assertThat(running.take("b", 100)).as("gone with the wrong take").isNull();

		running.keep("c", 5, sha256);
		running.forget("c");
		assertThat(running.take("c", 5)).isNull();
	}

	@Test
	void beyondTheMostKept_theOldestIsForgotten() throws Exception {
		RunningSha256s running = new RunningSha256s();
		for (int i = 0; i <= RunningSha256s.MAX_KEPT; i++) {
			running.keep("upload-" + i, i, MessageDigest.getInstance("SHA-256"));
		}
		assertThat(running.take("upload-0", 0)).isNull();
		assertThat(running.take("upload-1", 1)).isNotNull();
		assertThat(running.take("upload-" + RunningSha256s.MAX_KEPT, RunningSha256s.MAX_KEPT)).isNotNull();
	}

}
