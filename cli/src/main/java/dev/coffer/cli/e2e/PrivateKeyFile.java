package dev.coffer.cli.e2e;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HybridConfig2026;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.bouncycastle.crypto.PasswordConverter;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * A private key encrypted under a passphrase, as a small JSON document (the key file, and
 * the recovery copy {@code coffer keys export} prints):
 *
 * <pre>
 * {
 *   "format": "coffer-e2e-private-key-1",
 *   "algorithm": "HPKE-X25519-HKDF-SHA256-AES-256-GCM",
 *   "publicKey": base64 of the 32 raw bytes,
 *   "fingerprint": SHA-256 of them in hex,
 *   "kdf": { "name": "argon2id", "memoryKiB": 65536, "iterations": 3, "parallelism": 1, "salt": base64 of 16 bytes },
 *   "encryptedKeyset": base64
 * }
 * </pre>
 *
 * {@code encryptedKeyset} is Tink's encrypted binary key set of the HPKE private key,
 * encrypted with AES-256-GCM under the 32 bytes Argon2id derives from the passphrase
 * (UTF-8) and salt, with the associated data {@code format + 0x00 + publicKey}: a changed
 * public key, salt or parameter, or another passphrase, does not open it.
 */
public final class PrivateKeyFile {

	static final String FORMAT = "coffer-e2e-private-key-1";

	private static final int MEMORY_KIB = 64 * 1024;

	private static final int ITERATIONS = 3;

	private static final int PARALLELISM = 1;

	private static final SecureRandom RANDOM = new SecureRandom();

	private PrivateKeyFile() {
	}

	/** The key pair as a key file, encrypted under {@code passphrase}. */
	public static String seal(UserKeyPair pair, char[] passphrase) {
		byte[] salt = new byte[16];
		RANDOM.nextBytes(salt);
		String publicKey = Base64.getEncoder().encodeToString(pair.publicKey().raw());
		byte[] key = derive(passphrase, salt, MEMORY_KIB, ITERATIONS, PARALLELISM);
		byte[] encrypted;
		try {
			encrypted = TinkProtoKeysetFormat.serializeEncryptedKeyset(pair.keyset(), new AesGcmJce(key),
					associatedData(publicKey), HybridConfig2026.get());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot encrypt the private key", ex);
		}
		finally {
			Arrays.fill(key, (byte) 0);
		}
		JsonObject kdf = new JsonObject();
		kdf.addProperty("name", "argon2id");
		kdf.addProperty("memoryKiB", MEMORY_KIB);
		kdf.addProperty("iterations", ITERATIONS);
		kdf.addProperty("parallelism", PARALLELISM);
		kdf.addProperty("salt", Base64.getEncoder().encodeToString(salt));
		JsonObject file = new JsonObject();
		file.addProperty("format", FORMAT);
		file.addProperty("algorithm", RecipientKey.ALGORITHM);
		file.addProperty("publicKey", publicKey);
		file.addProperty("fingerprint", pair.publicKey().fingerprint());
		file.add("kdf", kdf);
		file.addProperty("encryptedKeyset", Base64.getEncoder().encodeToString(encrypted));
		return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(file) + "\n";
	}

	/**
	 * The public key a key file holds, without the passphrase.
	 * @throws EndToEndException if it is not a key file
	 */
	public static RecipientKey publicKey(String keyFile) throws EndToEndException {
		return RecipientKey.of(Base64.getDecoder().decode(field(parse(keyFile), "publicKey")));
	}

	/**
	 * Opens a key file with its passphrase.
	 * @throws EndToEndException if the passphrase is wrong or the file was changed
	 */
	public static UserKeyPair open(String keyFile, char[] passphrase) throws EndToEndException {
		JsonObject file = parse(keyFile);
		try {
			JsonObject kdf = file.getAsJsonObject("kdf");
			if (!"argon2id".equals(field(kdf, "name"))) {
				throw new EndToEndException("the key file uses an unknown key derivation");
			}
			String publicKey = field(file, "publicKey");
			byte[] key = derive(passphrase, Base64.getDecoder().decode(field(kdf, "salt")),
					kdf.get("memoryKiB").getAsInt(), kdf.get("iterations").getAsInt(),
					kdf.get("parallelism").getAsInt());
			KeysetHandle keyset;
			try {
				keyset = TinkProtoKeysetFormat.parseEncryptedKeyset(
						Base64.getDecoder().decode(field(file, "encryptedKeyset")), new AesGcmJce(key),
						associatedData(publicKey), HybridConfig2026.get());
			}
			catch (GeneralSecurityException ex) {
				throw new EndToEndException("wrong passphrase, or the key file was changed");
			}
			finally {
				Arrays.fill(key, (byte) 0);
			}
			UserKeyPair pair = new UserKeyPair(keyset);
			if (!Arrays.equals(pair.publicKey().raw(), Base64.getDecoder().decode(publicKey))) {
				throw new EndToEndException("the key file's public key is not its private key's");
			}
			return pair;
		}
		catch (RuntimeException ex) {
			throw new EndToEndException("not a Coffer key file");
		}
	}

	private static JsonObject parse(String keyFile) throws EndToEndException {
		try {
			JsonObject file = JsonParser.parseString(keyFile).getAsJsonObject();
			if (!FORMAT.equals(field(file, "format"))) {
				throw new EndToEndException("not a Coffer key file (format " + FORMAT + ")");
			}
			return file;
		}
		catch (JsonParseException | IllegalStateException | NullPointerException ex) {
			throw new EndToEndException("not a Coffer key file");
		}
	}

	private static String field(JsonObject object, String name) {
		return object.get(name).getAsString();
	}

	private static byte[] associatedData(String publicKey) {
		return (FORMAT + "\0" + publicKey).getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] derive(char[] passphrase, byte[] salt, int memoryKiB, int iterations, int parallelism) {
		if (memoryKiB < 8 || memoryKiB > 4 * 1024 * 1024 || iterations < 1 || iterations > 100 || parallelism < 1
				|| parallelism > 64) {
			throw new IllegalArgumentException("Argon2id parameters out of range");
		}
		Argon2BytesGenerator argon2 = new Argon2BytesGenerator();
		argon2.init(
				new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
					.withSalt(salt)
					.withMemoryAsKB(memoryKiB)
					.withIterations(iterations)
					.withParallelism(parallelism)
					.withCharToByteConverter(PasswordConverter.UTF8)
					.build());
		byte[] key = new byte[32];
		argon2.generateBytes(passphrase, key);
		return key;
	}

}
