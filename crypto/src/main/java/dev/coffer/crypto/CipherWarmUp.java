package dev.coffer.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Gets the JIT to compile AES-GCM early. A JVM runs AES-GCM with the CPU's AES and
 * carry-less multiply instructions only from code its optimising compiler (C2) made, and
 * C2 compiles a method after some thousands of calls. Blob segments are 1 MiB, so
 * encrypting or decrypting them calls it once per MiB: a fresh JVM measured here
 * encrypted and decrypted the first few hundred MiB at about 50 MB/s, then at GB/s
 * (docs/PERFORMANCE.md, "AES-GCM in a fresh JVM").
 * <p>
 * This calls the same JDK code that Tink's segments call ({@code Cipher.doFinal} on byte
 * buffers) on small messages under a throwaway key, nothing of which is kept or used:
 * about 0.2 CPU-seconds. Going through Tink itself would train Tink's code too, but its
 * per-stream set-up (a key derivation each) made that 50 times dearer, and it is not
 * where the time goes. Best run on a thread of its own while the program starts.
 */
public final class CipherWarmUp {

	/** Enough calls for C2 (its thresholds are some thousands), with room. */
	static final int MESSAGES = 20_000;

	private static final int MESSAGE_SIZE = 1024;

	private static final int TAG_BITS = 128;

	private CipherWarmUp() {
	}

	/**
	 * Encrypts and decrypts {@link #MESSAGES} small messages under a throwaway key.
	 * @throws IllegalStateException if that fails, which it cannot unless the JDK's
	 * AES-GCM is broken
	 */
	public static void run() {
		try {
			SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
			byte[] nonce = new byte[12];
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			ByteBuffer plaintext = ByteBuffer.allocate(MESSAGE_SIZE);
			ByteBuffer ciphertext = ByteBuffer.allocate(MESSAGE_SIZE + TAG_BITS / 8);
			for (int i = 0; i < MESSAGES; i++) {
				// GCM refuses a key and nonce used twice for encryption.
				ByteBuffer.wrap(nonce).putInt(i);
				GCMParameterSpec parameters = new GCMParameterSpec(TAG_BITS, nonce);
				cipher.init(Cipher.ENCRYPT_MODE, key, parameters);
				ciphertext.clear();
				// In two pieces, as Tink encrypts a segment whose bytes span two buffers.
				cipher.update(plaintext.clear().limit(MESSAGE_SIZE / 2), ciphertext);
				cipher.doFinal(plaintext.limit(MESSAGE_SIZE), ciphertext);
				cipher.init(Cipher.DECRYPT_MODE, key, parameters);
				ciphertext.flip();
				plaintext.clear();
				cipher.doFinal(ciphertext, plaintext);
			}
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM failed on a throwaway key", ex);
		}
	}

}
