package dev.coffer.cli.e2e;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndToEndCryptoTest {

	static final char[] PASSPHRASE = "a long enough passphrase".toCharArray();

	static UserKeyPair alice;

	static UserKeyPair bob;

	@BeforeAll
	static void keys() {
		alice = UserKeyPair.generate();
		bob = UserKeyPair.generate();
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 1024 * 1024 - 40, 1024 * 1024, 3 * 1024 * 1024 + 7 })
	void content_roundTrips_throughAWrappedKey_atEverySize(int size) throws Exception {
		byte[] plaintext = random(size);
		FileKey key = FileKey.generate();
		byte[] ciphertext = encrypt(key, plaintext);
		assertThat(ciphertext).hasSize((int) FileKey.ciphertextSize(size));
		byte[] wrapped = alice.publicKey().wrap(key, "file-1", 3);
		FileKey unwrapped = alice.unwrap(wrapped, "file-1", 3);
		assertThat(decrypt(unwrapped, ciphertext)).isEqualTo(plaintext);
	}

	@Test
	void wrappedKey_opensOnlyWithTheRightPrivateKey_fileAndVersion() {
		byte[] wrapped = alice.publicKey().wrap(FileKey.generate(), "file-1", 3);
		assertThatThrownBy(() -> bob.unwrap(wrapped, "file-1", 3)).isInstanceOf(EndToEndException.class);
		assertThatThrownBy(() -> alice.unwrap(wrapped, "file-2", 3)).isInstanceOf(EndToEndException.class);
		assertThatThrownBy(() -> alice.unwrap(wrapped, "file-1", 4)).isInstanceOf(EndToEndException.class);
	}

	@Test
	void everyFlippedBit_ofAWrappedKey_failsToUnwrap() {
		byte[] wrapped = alice.publicKey().wrap(FileKey.generate(), "f", 1);
		for (int bit = 0; bit < wrapped.length * 8; bit++) {
			byte[] changed = wrapped.clone();
			changed[bit / 8] ^= (byte) (1 << (bit % 8));
			assertThatThrownBy(() -> alice.unwrap(changed, "f", 1)).isInstanceOf(EndToEndException.class);
		}
	}

	@Test
	void ciphertext_changedAnywhere_cutShort_extended_orUnderAnotherKey_failsToDecrypt() throws Exception {
		byte[] plaintext = random(70_000);
		FileKey key = FileKey.generate();
		byte[] ciphertext = encrypt(key, plaintext);
		for (int position = 0; position < ciphertext.length; position += 997) {
			byte[] changed = ciphertext.clone();
			changed[position] ^= 1;
			assertThatThrownBy(() -> decrypt(key, changed)).isInstanceOf(IOException.class);
		}
		assertThatThrownBy(() -> decrypt(key, java.util.Arrays.copyOf(ciphertext, ciphertext.length - 1)))
			.isInstanceOf(IOException.class);
		assertThatThrownBy(() -> decrypt(key, java.util.Arrays.copyOf(ciphertext, ciphertext.length + 1)))
			.isInstanceOf(IOException.class);
		assertThatThrownBy(() -> decrypt(FileKey.generate(), ciphertext)).isInstanceOf(IOException.class);
	}

	@Test
	void keyFile_opensWithItsPassphraseOnly_andKeepsThePublicKey() throws Exception {
		String file = PrivateKeyFile.seal(alice, PASSPHRASE);
		assertThat(file).doesNotContain(new String(PASSPHRASE));
		assertThat(PrivateKeyFile.publicKey(file).fingerprint()).isEqualTo(alice.publicKey().fingerprint());
		UserKeyPair opened = PrivateKeyFile.open(file, PASSPHRASE);
		byte[] wrapped = alice.publicKey().wrap(FileKey.generate(), "f", 1);
		assertThat(opened.unwrap(wrapped, "f", 1)).isNotNull();
		assertThatThrownBy(() -> PrivateKeyFile.open(file, "another passphrase".toCharArray()))
			.isInstanceOf(EndToEndException.class)
			.hasMessageContaining("wrong passphrase");
		String otherPublicKey = file.replace(java.util.Base64.getEncoder().encodeToString(alice.publicKey().raw()),
				java.util.Base64.getEncoder().encodeToString(bob.publicKey().raw()));
		assertThatThrownBy(() -> PrivateKeyFile.open(otherPublicKey, PASSPHRASE)).isInstanceOf(EndToEndException.class);
	}

	@Test
	void fingerprints_areDisplayedInGroups_andNormalizedBack() {
		String fingerprint = alice.publicKey().fingerprint();
		String shown = RecipientKey.display(fingerprint);
		assertThat(shown).hasSize(64 + 15);
		assertThat(RecipientKey.normalize(shown.toUpperCase())).isEqualTo(fingerprint);
		assertThatThrownBy(() -> RecipientKey.normalize("abc")).isInstanceOf(IllegalArgumentException.class);
	}

	static byte[] encrypt(FileKey key, byte[] plaintext) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		key.encrypt(new ByteArrayInputStream(plaintext), out);
		return out.toByteArray();
	}

	static byte[] decrypt(FileKey key, byte[] ciphertext) throws IOException {
		try (InputStream in = key.decrypting(new ByteArrayInputStream(ciphertext))) {
			return in.readAllBytes();
		}
	}

	static byte[] random(int size) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		return bytes;
	}

}
