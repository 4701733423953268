package dev.coffer.crypto;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WrappedDataKeyTest {

	@Test
	void ciphertext_isCopiedInAndOut() {
		byte[] bytes = { 1, 2, 3 };
		WrappedDataKey wrapped = new WrappedDataKey(bytes, 7);
		bytes[0] = 9;
		wrapped.ciphertext()[1] = 9;
		assertThat(wrapped.ciphertext()).containsExactly(1, 2, 3);
	}

	@Test
	void equality_isByContent() {
		assertThat(new WrappedDataKey(new byte[] { 1, 2 }, 7)).isEqualTo(new WrappedDataKey(new byte[] { 1, 2 }, 7))
			.hasSameHashCodeAs(new WrappedDataKey(new byte[] { 1, 2 }, 7))
			.isNotEqualTo(new WrappedDataKey(new byte[] { 1, 3 }, 7))
			.isNotEqualTo(new WrappedDataKey(new byte[] { 1, 2 }, 8));
	}

	@Test
	void toString_showsTheKeyIdAndLengthButNotTheBytes() {
		assertThat(new WrappedDataKey(new byte[] { 0x7f, 0x7f }, -1))
			.hasToString("WrappedDataKey[masterKeyId=4294967295, length=2]");
	}

	@Test
	void emptyOrNullCiphertext_isRefused() {
		assertThatThrownBy(() -> new WrappedDataKey(new byte[0], 1)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new WrappedDataKey(null, 1)).isInstanceOf(NullPointerException.class);
	}

}
