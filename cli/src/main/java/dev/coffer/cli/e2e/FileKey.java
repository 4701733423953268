package dev.coffer.cli.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.util.SecretBytes;

/**
 * The key of one end-to-end encrypted version: 32 random bytes, used as a Tink streaming
 * AEAD key of {@code AES256_GCM_HKDF_1MB}. A fresh one per version, so a ciphertext
 * decrypts under its own version's key only.
 * <p>
 * The ciphertext is Tink's streaming format (a header with a random salt and nonce
 * prefix, then segments of 1 MiB, each with a 16-byte tag, the last one marked as last),
 * with associated data {@link #CONTENT_ASSOCIATED_DATA}. Decryption releases only
 * authenticated segments and fails on any changed, reordered, missing or added byte.
 */
public final class FileKey {

	/** The associated data of every version's content ciphertext. */
	public static final byte[] CONTENT_ASSOCIATED_DATA = "coffer e2e content v1".getBytes(StandardCharsets.US_ASCII);

	static final int SIZE = 32;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final byte[] material;

	private final StreamingAead aead;

	private FileKey(byte[] material) throws EndToEndException {
		if (material.length != SIZE) {
			throw new EndToEndException("a file key is 32 bytes");
		}
		this.material = material.clone();
		try {
			this.aead = AesGcmHkdfStreaming
				.create(AesGcmHkdfStreamingKey.create(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB,
						SecretBytes.copyFrom(material, InsecureSecretKeyAccess.get())));
		}
		catch (GeneralSecurityException ex) {
			throw new EndToEndException("the file key cannot be used", ex);
		}
	}

	/** A fresh random key. */
	public static FileKey generate() {
		byte[] material = new byte[SIZE];
		RANDOM.nextBytes(material);
		try {
			return new FileKey(material);
		}
		catch (EndToEndException ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			Arrays.fill(material, (byte) 0);
		}
	}

	static FileKey of(byte[] material) throws EndToEndException {
		return new FileKey(material);
	}

	/** The key's bytes, to wrap; the caller overwrites them after use. */
	byte[] material() {
		return this.material.clone();
	}

	/**
	 * Encrypts all of {@code plaintext} into {@code ciphertext}, closing neither. If
	 * reading the plaintext fails, the last segment is not written: what was written so
	 * far does not decrypt as a whole.
	 */
	public void encrypt(InputStream plaintext, OutputStream ciphertext) throws IOException {
		OutputStream encrypting = encrypting(ciphertext);
		plaintext.transferTo(encrypting);
		encrypting.close();
	}

	/**
	 * A stream that encrypts what is written to it into {@code ciphertext}; closing it
	 * writes the last segment, marked as last, and flushes {@code ciphertext} without
	 * closing it. A stream left unclosed (after a failure) leaves a ciphertext that does
	 * not decrypt as a whole.
	 */
	public OutputStream encrypting(OutputStream ciphertext) throws IOException {
		try {
			return this.aead.newEncryptingStream(new NonClosing(ciphertext), CONTENT_ASSOCIATED_DATA);
		}
		catch (GeneralSecurityException ex) {
			throw new IOException("Cannot start encrypting", ex);
		}
	}

	/**
	 * The plaintext of {@code ciphertext}, as a stream whose reads fail with an
	 * {@link IOException} at the first segment that does not authenticate (and at a
	 * ciphertext cut short).
	 */
	public InputStream decrypting(InputStream ciphertext) throws IOException {
		try {
			return this.aead.newDecryptingStream(ciphertext, CONTENT_ASSOCIATED_DATA);
		}
		catch (GeneralSecurityException ex) {
			throw new IOException("Cannot start decrypting", ex);
		}
	}

	/** The ciphertext size for {@code plaintextSize} bytes. */
	public static long ciphertextSize(long plaintextSize) {
		try {
			return ((AesGcmHkdfStreaming) AesGcmHkdfStreaming.create(AesGcmHkdfStreamingKey
				.create(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB, SecretBytes.randomBytes(SIZE))))
				.expectedCiphertextSize(plaintextSize);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return "FileKey[AES256_GCM_HKDF_1MB]";
	}

	/** Lets the encrypting stream write its last segment without closing the target. */
	private static final class NonClosing extends java.io.FilterOutputStream {

		NonClosing(OutputStream out) {
			super(out);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			this.out.write(bytes, offset, length);
		}

		@Override
		public void close() throws IOException {
			flush();
		}

	}

}
