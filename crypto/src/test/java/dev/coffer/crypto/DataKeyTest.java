package dev.coffer.crypto;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.config.TinkConfig2026;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataKeyTest {

	@Test
	void generate_makesADifferentKeyEachTime() throws Exception {
		DataKey first = DataKey.generate();
		byte[] part = Parts.encrypt(first, "blob-1", 0, new byte[100]);
		assertThatThrownBy(() -> Parts.decryptStream(DataKey.generate(), "blob-1", 0, part))
			.isInstanceOf(BlobIntegrityException.class);
	}

	@Test
	void toString_namesTheAlgorithmOnly() throws Exception {
		assertThat(DataKey.generate()).hasToString("DataKey[AES256_GCM_HKDF_1MB]");
	}

	@Test
	void parse_ofAKeysetThatIsNotOneAes256GcmHkdf1MbKey_isRefused() throws Exception {
		var config = TinkConfig2026.get();
		KeysetHandle otherParameters = KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_4KB,
				config);
		KeysetHandle twoKeys = KeysetHandle.newBuilder()
			.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB)
				.withRandomId()
				.makePrimary())
			.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB)
				.withRandomId())
			.setConfiguration(config)
			.build();
		for (KeysetHandle keyset : new KeysetHandle[] { otherParameters, twoKeys }) {
			byte[] serialized = TinkProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get(), config);
			assertThatThrownBy(() -> DataKey.parse(serialized)).isInstanceOf(CryptoException.class);
		}
		assertThatThrownBy(() -> DataKey.parse(new byte[] { 1, 2, 3 })).isInstanceOf(CryptoException.class)
			.hasNoCause();
	}

	@Test
	void serialize_thenParse_givesTheSameKey() throws Exception {
		DataKey key = DataKey.generate();
		byte[] part = Parts.encrypt(key, "blob-1", 2, new byte[10]);
		assertThat(Parts.decryptStream(DataKey.parse(key.serialize()), "blob-1", 2, part)).hasSize(10);
	}

}
