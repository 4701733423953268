package dev.coffer.crypto;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MacKeyTest {

	private final MasterKeyRing ring = MasterKeyRing.generate();

	private final MacKey key = MacKey.generate();

	private final byte[] data = "entry #1".getBytes(StandardCharsets.UTF_8);

	MacKeyTest() throws CryptoException {
	}

	@Test
	void tag_isA32ByteHmac_thatVerifies_andAnyFlippedBitFails() throws CryptoException {
		byte[] tag = this.key.tag(this.data);
		assertThat(tag).hasSize(32);
		assertThat(this.key.verify(tag, this.data)).isTrue();
		for (int bit = 0; bit < tag.length * 8; bit++) {
			byte[] flipped = tag.clone();
			flipped[bit / 8] ^= (byte) (1 << (bit % 8));
			assertThat(this.key.verify(flipped, this.data)).isFalse();
		}
		assertThat(this.key.verify(tag, "entry #2".getBytes(StandardCharsets.UTF_8))).isFalse();
		assertThat(MacKey.generate().tag(this.data)).isNotEqualTo(tag);
	}

	@Test
	void wrap_thenUnwrap_givesTheSameKey_andRotationKeepsItReadable() throws Exception {
		WrappedDataKey wrapped = this.ring.wrap(this.key, "audit-mac-1");
		assertThat(this.ring.unwrapMacKey(wrapped, "audit-mac-1").tag(this.data)).isEqualTo(this.key.tag(this.data));
		MasterKeyRing rotated = this.ring.withNewPrimaryKey();
		WrappedDataKey rewrapped = rotated.wrap(rotated.unwrapMacKey(wrapped, "audit-mac-1"), "audit-mac-1");
		assertThat(rewrapped.masterKeyId()).isEqualTo(rotated.primaryKeyId()).isNotEqualTo(wrapped.masterKeyId());
		assertThat(rotated.unwrapMacKey(rewrapped, "audit-mac-1").tag(this.data)).isEqualTo(this.key.tag(this.data));
	}

	@Test
	void unwrap_underAnotherId_orAsADataKey_fails() throws Exception {
		WrappedDataKey wrapped = this.ring.wrap(this.key, "audit-mac-1");
		assertThatThrownBy(() -> this.ring.unwrapMacKey(wrapped, "audit-mac-2")).isInstanceOf(CryptoException.class);
		assertThatThrownBy(() -> this.ring.unwrap(wrapped, "audit-mac-1")).isInstanceOf(CryptoException.class);
		WrappedDataKey dataKey = this.ring.wrap(DataKey.generate(), "audit-mac-1");
		assertThatThrownBy(() -> this.ring.unwrapMacKey(dataKey, "audit-mac-1")).isInstanceOf(CryptoException.class);
	}

	@Test
	void toString_revealsNoKeyMaterial() {
		assertThat(this.key).hasToString("MacKey[HMAC_SHA256]");
	}

}
