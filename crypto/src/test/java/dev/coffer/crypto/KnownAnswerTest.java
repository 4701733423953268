package dev.coffer.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A vector generated once and checked in under {@code kat/}: it must keep decrypting
 * forever, or the stored-blob format has changed.
 */
class KnownAnswerTest {

	private static final Properties VECTOR = properties("vector.properties");

	private static final String BLOB_ID = VECTOR.getProperty("blobId");

	private static final int PART = Integer.parseInt(VECTOR.getProperty("partNumber"));

	private static final int MASTER_KEY_ID = Integer.parseUnsignedInt(VECTOR.getProperty("masterKeyId"));

	private final MasterKeyRing ring = MasterKeyRing.fromKeysetJson(text("master-keyset.json"));

	private final WrappedDataKey wrapped = new WrappedDataKey(hex("wrapped-data-key.hex"), MASTER_KEY_ID);

	private final byte[] ciphertext = hex("part-0.hex");

	private final byte[] plaintext = bytes("plaintext.txt");

	KnownAnswerTest() throws CryptoException {
	}

	@Test
	void plaintext_isTheOneTheVectorWasMadeFrom() throws Exception {
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(this.plaintext);
		assertThat(HexFormat.of().formatHex(digest)).isEqualTo(VECTOR.getProperty("plaintextSha256"));
	}

	@Test
	void knownVector_stillDecryptsToItsPlaintext_throughTheStream() throws Exception {
		DataKey dataKey = this.ring.unwrap(this.wrapped, BLOB_ID);
		assertThat(Parts.decryptStream(dataKey, BLOB_ID, PART, this.ciphertext)).isEqualTo(this.plaintext);
	}

	@Test
	void knownVector_stillDecryptsToItsPlaintext_throughTheSeekableChannel() throws Exception {
		DataKey dataKey = this.ring.unwrap(this.wrapped, BLOB_ID);
		assertThat(Parts.decryptChannel(dataKey, BLOB_ID, PART, this.ciphertext)).isEqualTo(this.plaintext);
	}

	@Test
	void knownVector_hasTheDocumentedLayout() {
		assertThat(this.ciphertext).hasSize((int) BlobCipher.ciphertextSize(this.plaintext.length));
		assertThat(BlobCipher.plaintextSize(this.ciphertext.length)).isEqualTo(this.plaintext.length);
		assertThat(this.ciphertext[0]).as("header length byte").isEqualTo((byte) BlobCipher.HEADER_LENGTH);
		byte[] wrappedBytes = this.wrapped.ciphertext();
		assertThat(wrappedBytes[0]).as("Tink prefix version").isEqualTo((byte) 1);
		assertThat(HexFormat.of().formatHex(wrappedBytes, 1, 5)).isEqualTo(HexFormat.of()
			.formatHex(new byte[] { (byte) (MASTER_KEY_ID >>> 24), (byte) (MASTER_KEY_ID >>> 16),
					(byte) (MASTER_KEY_ID >>> 8), (byte) MASTER_KEY_ID }));
		assertThat(this.ring.primaryKeyId()).isEqualTo(MASTER_KEY_ID);
	}

	@Test
	void knownVector_underAnotherBlobIdOrPart_fails() throws Exception {
		assertThatThrownBy(() -> this.ring.unwrap(this.wrapped, BLOB_ID + "x")).isInstanceOf(CryptoException.class);
		DataKey dataKey = this.ring.unwrap(this.wrapped, BLOB_ID);
		assertThatThrownBy(() -> Parts.decryptStream(dataKey, BLOB_ID, PART + 1, this.ciphertext))
			.isInstanceOf(BlobIntegrityException.class);
		assertThatThrownBy(() -> Parts.decryptStream(dataKey, BLOB_ID + "x", PART, this.ciphertext))
			.isInstanceOf(BlobIntegrityException.class);
	}

	private static Properties properties(String name) {
		Properties properties = new Properties();
		try (InputStream in = resource(name)) {
			properties.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return properties;
	}

	private static String text(String name) {
		return new String(bytes(name), StandardCharsets.UTF_8);
	}

	private static byte[] hex(String name) {
		return HexFormat.of().parseHex(text(name).replaceAll("\\s", ""));
	}

	private static byte[] bytes(String name) {
		try (InputStream in = resource(name)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static InputStream resource(String name) {
		InputStream in = KnownAnswerTest.class.getResourceAsStream("/kat/" + name);
		if (in == null) {
			throw new IllegalStateException("missing test resource kat/" + name);
		}
		return in;
	}

}
