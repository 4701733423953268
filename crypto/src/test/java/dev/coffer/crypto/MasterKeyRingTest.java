package dev.coffer.crypto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig2026;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.config.TinkConfig2026;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MasterKeyRingTest {

	private static final Pattern KEY_VALUE = Pattern.compile("\"value\":\"([^\"]+)\"");

	private final MasterKeyRing ring = MasterKeyRing.generate();

	private final DataKey dataKey = DataKey.generate();

	MasterKeyRingTest() throws CryptoException {
	}

	@Test
	void generate_makesOneEnabledPrimaryKey() {
		assertThat(this.ring.keys())
			.containsExactly(new MasterKeyInfo(this.ring.primaryKeyId(), MasterKeyInfo.Status.ENABLED, true));
	}

	@Test
	void wrap_thenUnwrap_givesAWorkingDataKey() throws Exception {
		WrappedDataKey wrapped = this.ring.wrap(this.dataKey, "blob-1");
		assertThat(wrapped.masterKeyId()).isEqualTo(this.ring.primaryKeyId());
		byte[] part = Parts.encrypt(this.dataKey, "blob-1", 0, "hello".getBytes());
		DataKey unwrapped = this.ring.unwrap(wrapped, "blob-1");
		assertThat(Parts.decryptStream(unwrapped, "blob-1", 0, part)).isEqualTo("hello".getBytes());
	}

	@Test
	void wrap_twice_givesDifferentCiphertexts() throws Exception {
		assertThat(this.ring.wrap(this.dataKey, "blob-1")).isNotEqualTo(this.ring.wrap(this.dataKey, "blob-1"));
	}

	@Test
	void unwrap_underAnotherBlobId_fails() throws Exception {
		WrappedDataKey wrapped = this.ring.wrap(this.dataKey, "blob-1");
		assertThatThrownBy(() -> this.ring.unwrap(wrapped, "blob-2")).isInstanceOf(CryptoException.class)
			.hasMessage("wrapped data key failed authentication");
	}

	@Test
	void unwrap_withARingThatLacksTheKey_fails() throws Exception {
		WrappedDataKey wrapped = this.ring.wrap(this.dataKey, "blob-1");
		assertThatThrownBy(() -> MasterKeyRing.generate().unwrap(wrapped, "blob-1")).isInstanceOf(CryptoException.class)
			.hasMessageContaining("missing or disabled");
	}

	@Test
	void unwrap_afterFlippingAnyBit_fails() throws Exception {
		byte[] ciphertext = this.ring.wrap(this.dataKey, "blob-1").ciphertext();
		for (int bit = 0; bit < ciphertext.length * 8; bit++) {
			byte[] tampered = ciphertext.clone();
			tampered[bit / 8] ^= (byte) (1 << (bit % 8));
			WrappedDataKey wrapped = new WrappedDataKey(tampered, this.ring.primaryKeyId());
			assertThatThrownBy(() -> this.ring.unwrap(wrapped, "blob-1")).as("bit %d", bit)
				.isInstanceOf(CryptoException.class);
		}
	}

	@Test
	void unwrap_ofTruncatedOrMislabelledKey_fails() throws Exception {
		WrappedDataKey wrapped = this.ring.wrap(this.dataKey, "blob-1");
		byte[] bytes = wrapped.ciphertext();
		for (int length = 1; length < bytes.length; length += 7) {
			WrappedDataKey truncated = new WrappedDataKey(Arrays.copyOf(bytes, length), wrapped.masterKeyId());
			assertThatThrownBy(() -> this.ring.unwrap(truncated, "blob-1")).isInstanceOf(CryptoException.class);
		}
		WrappedDataKey mislabelled = new WrappedDataKey(bytes, wrapped.masterKeyId() + 1);
		assertThatThrownBy(() -> this.ring.unwrap(mislabelled, "blob-1")).isInstanceOf(CryptoException.class)
			.hasMessage("wrapped data key does not match its master key id");
	}

	@Test
	void withNewPrimaryKey_keepsOldKeysForUnwrapping_andWrapsWithTheNewKey() throws Exception {
		WrappedDataKey old = this.ring.wrap(this.dataKey, "blob-1");
		MasterKeyRing rotated = this.ring.withNewPrimaryKey();

		assertThat(rotated.primaryKeyId()).isNotEqualTo(this.ring.primaryKeyId());
		assertThat(rotated.keys()).containsExactly(
				new MasterKeyInfo(this.ring.primaryKeyId(), MasterKeyInfo.Status.ENABLED, false),
				new MasterKeyInfo(rotated.primaryKeyId(), MasterKeyInfo.Status.ENABLED, true));
		assertThat(rotated.unwrap(old, "blob-1")).isNotNull();
		WrappedDataKey rewrapped = rotated.wrap(rotated.unwrap(old, "blob-1"), "blob-1");
		assertThat(rewrapped.masterKeyId()).isEqualTo(rotated.primaryKeyId());
		assertThat(this.ring.keys()).as("the original ring is unchanged").hasSize(1);
		assertThatThrownBy(() -> this.ring.unwrap(rewrapped, "blob-1")).isInstanceOf(CryptoException.class);
	}

	@Test
	void withNewKey_addsAnEnabledKeyThatUnwrapsButDoesNotWrap() throws Exception {
		MasterKeyRing added = this.ring.withNewKey();
		int newKeyId = added.keys().get(1).keyId();
		assertThat(added.keys()).containsExactly(
				new MasterKeyInfo(this.ring.primaryKeyId(), MasterKeyInfo.Status.ENABLED, true),
				new MasterKeyInfo(newKeyId, MasterKeyInfo.Status.ENABLED, false));
		assertThat(added.wrap(this.dataKey, "blob-1").masterKeyId()).isEqualTo(this.ring.primaryKeyId());
		WrappedDataKey wrappedByNewKey = added.withPrimary(newKeyId).wrap(this.dataKey, "blob-1");
		assertThat(wrappedByNewKey.masterKeyId()).isEqualTo(newKeyId);
		assertThat(added.unwrap(wrappedByNewKey, "blob-1")).isNotNull();
		assertThatThrownBy(() -> this.ring.unwrap(wrappedByNewKey, "blob-1")).isInstanceOf(CryptoException.class);
	}

	@Test
	void withPrimary_switchesWrapping_andKeepsTheOldPrimaryEnabled() throws Exception {
		MasterKeyRing added = this.ring.withNewKey();
		int newKeyId = added.keys().get(1).keyId();
		MasterKeyRing switched = added.withPrimary(newKeyId);
		assertThat(switched.primaryKeyId()).isEqualTo(newKeyId);
		assertThat(switched.keys()).containsExactly(
				new MasterKeyInfo(this.ring.primaryKeyId(), MasterKeyInfo.Status.ENABLED, false),
				new MasterKeyInfo(newKeyId, MasterKeyInfo.Status.ENABLED, true));
		WrappedDataKey old = this.ring.wrap(this.dataKey, "blob-1");
		assertThat(switched.unwrap(old, "blob-1")).isNotNull();
		assertThat(switched.withPrimary(newKeyId)).isSameAs(switched);
	}

	@Test
	void withPrimary_ofADisabledOrUnknownKey_isRefused() throws Exception {
		MasterKeyRing added = this.ring.withNewKey();
		int newKeyId = added.keys().get(1).keyId();
		MasterKeyRing disabled = added.withKeyDisabled(newKeyId);
		assertThatThrownBy(() -> disabled.withPrimary(newKeyId)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("is disabled");
		assertThatThrownBy(() -> this.ring.withPrimary(newKeyId)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("no master key");
	}

	@Test
	void withKeyDisabled_stopsUnwrappingWhatThatKeyWrapped() throws Exception {
		WrappedDataKey old = this.ring.wrap(this.dataKey, "blob-1");
		MasterKeyRing rotated = this.ring.withNewPrimaryKey();
		WrappedDataKey fresh = rotated.wrap(this.dataKey, "blob-2");
		MasterKeyRing disabled = rotated.withKeyDisabled(this.ring.primaryKeyId());

		assertThat(disabled.keys())
			.contains(new MasterKeyInfo(this.ring.primaryKeyId(), MasterKeyInfo.Status.DISABLED, false));
		assertThatThrownBy(() -> disabled.unwrap(old, "blob-1")).isInstanceOf(CryptoException.class)
			.hasMessageContaining("missing or disabled");
		assertThat(disabled.unwrap(fresh, "blob-2")).isNotNull();
		assertThat(disabled.withKeyEnabled(this.ring.primaryKeyId()).unwrap(old, "blob-1")).isNotNull();
	}

	@Test
	void withKeyDisabled_ofThePrimaryOrAnUnknownKey_isRefused() {
		assertThatThrownBy(() -> this.ring.withKeyDisabled(this.ring.primaryKeyId()))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("primary");
		assertThatThrownBy(() -> this.ring.withKeyDisabled(this.ring.primaryKeyId() + 1))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void withKeyDestroyed_removesOnlyADisabledKey() throws Exception {
		int oldId = this.ring.primaryKeyId();
		MasterKeyRing rotated = this.ring.withNewPrimaryKey();
		assertThatThrownBy(() -> rotated.withKeyDestroyed(oldId)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("disable it");

		MasterKeyRing destroyed = rotated.withKeyDisabled(oldId).withKeyDestroyed(oldId);
		assertThat(destroyed.keys()).extracting(MasterKeyInfo::keyId).containsExactly(rotated.primaryKeyId());
		assertThat(destroyed.toInsecureKeysetJson()).doesNotContain(keyValues(this.ring.toInsecureKeysetJson()));
	}

	@Test
	void keysetJson_roundTrip_keepsKeysStatusAndPrimary() throws Exception {
		MasterKeyRing changed = this.ring.withNewPrimaryKey().withKeyDisabled(this.ring.primaryKeyId());
		WrappedDataKey wrapped = changed.wrap(this.dataKey, "blob-1");
		MasterKeyRing reloaded = MasterKeyRing.fromKeysetJson(changed.toInsecureKeysetJson());
		assertThat(reloaded.keys()).isEqualTo(changed.keys());
		assertThat(reloaded.unwrap(wrapped, "blob-1")).isNotNull();
	}

	@Test
	void fromKeysetJson_ofGarbage_failsWithoutQuotingTheInput() {
		String secretLooking = "{\"primaryKeyId\": 1, \"key\": \"c2VjcmV0LXNlY3JldA==\"";
		assertThatThrownBy(() -> MasterKeyRing.fromKeysetJson(secretLooking)).isInstanceOf(CryptoException.class)
			.hasMessageNotContaining("c2VjcmV0")
			.hasNoCause();
		assertThatThrownBy(() -> MasterKeyRing.fromKeysetJson("")).isInstanceOf(CryptoException.class);
	}

	@Test
	void fromKeysetJson_ofOtherKeyTypes_isRefused() throws Exception {
		for (Parameters parameters : new Parameters[] { PredefinedAeadParameters.AES128_GCM,
				PredefinedAeadParameters.CHACHA20_POLY1305, PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB }) {
			String json = TinkJsonProtoKeysetFormat.serializeKeyset(
					KeysetHandle.generateNew(parameters, TinkConfig2026.get()), TinkConfig2026.get(),
					InsecureSecretKeyAccess.get());
			assertThatThrownBy(() -> MasterKeyRing.fromKeysetJson(json)).as("%s", parameters)
				.isInstanceOf(CryptoException.class);
		}
		AesGcmParameters withoutPrefix = AesGcmParameters.builder()
			.setKeySizeBytes(32)
			.setIvSizeBytes(12)
			.setTagSizeBytes(16)
			.setVariant(AesGcmParameters.Variant.NO_PREFIX)
			.build();
		String rawPrefix = TinkJsonProtoKeysetFormat.serializeKeyset(
				KeysetHandle.generateNew(withoutPrefix, AeadConfig2026.get()), AeadConfig2026.get(),
				InsecureSecretKeyAccess.get());
		assertThatThrownBy(() -> MasterKeyRing.fromKeysetJson(rawPrefix)).isInstanceOf(CryptoException.class);
	}

	@Test
	void toString_neverShowsKeyMaterial() throws Exception {
		MasterKeyRing rotated = this.ring.withNewPrimaryKey();
		WrappedDataKey wrapped = rotated.wrap(this.dataKey, "blob-1");
		String shown = rotated + " " + this.dataKey + " " + wrapped + " " + rotated.keys();
		assertThat(shown).doesNotContain(keyValues(rotated.toInsecureKeysetJson()))
			.doesNotContain(HexFormat.of().formatHex(wrapped.ciphertext()).substring(0, 16))
			.contains(Integer.toUnsignedString(rotated.primaryKeyId()));
	}

	@Test
	void wrap_ofMalformedBlobId_isRefused() {
		for (String blobId : new String[] { "", "a|b", "a b", "ü", "x".repeat(129), "a\nb" }) {
			assertThatThrownBy(() -> this.ring.wrap(this.dataKey, blobId)).as("blob id %s", blobId)
				.isInstanceOf(IllegalArgumentException.class);
		}
		assertThatThrownBy(() -> this.ring.wrap(this.dataKey, null)).isInstanceOf(NullPointerException.class);
	}

	/** The base64 key values of a key set JSON, which must never appear elsewhere. */
	private static String[] keyValues(String json) {
		Matcher matcher = KEY_VALUE.matcher(json);
		List<String> values = new ArrayList<>();
		while (matcher.find()) {
			values.add(matcher.group(1));
		}
		assertThat(values).isNotEmpty();
		return values.toArray(String[]::new);
	}

}
