package dev.coffer.crypto;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig2026;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

/**
 * The master key ring (key-encryption keys): a Tink key set of {@code AES256_GCM} AEAD
 * keys that wraps and unwraps the {@link DataKey} of every blob.
 *
 * <p>
 * Immutable and thread-safe: rotation and key lifecycle changes return a new ring. The
 * primary key wraps; every enabled key unwraps; a disabled key unwraps nothing. Key
 * material leaves only through {@link #toInsecureKeysetJson()} and the key set files;
 * {@link #toString()} shows ids only. Tink algorithms are used through an explicit
 * configuration, never the global registry.
 *
 * <h2>Wrapped data key layout</h2>
 *
 * <p>
 * {@link #wrap} encrypts the data key, serialized in Tink's binary key set format, with
 * the primary key and the UTF-8 associated data {@code "coffer/dek/v1|" + blobId}. The
 * result is Tink's AES-GCM output with a {@code TINK} prefix:
 *
 * <pre>
 * offset  size  content
 * 0       1     0x01 (Tink prefix version)
 * 1       4     master key id, big-endian (equals {@link WrappedDataKey#masterKeyId()})
 * 5       12    random AES-GCM nonce
 * 17      n     AES-256-GCM ciphertext of the data key set
 * 17+n    16    GCM tag
 * </pre>
 *
 * <p>
 * All methods throw {@link NullPointerException} for null arguments.
 */
public final class MasterKeyRing {

	/** Tink's AEAD algorithm set, used explicitly instead of the global registry. */
	private static final Configuration CONFIGURATION = AeadConfig2026.get();

	private static final int TINK_PREFIX_VERSION = 0x01;

	private static final int TINK_PREFIX_SIZE = 5;

	private final KeysetHandle keyset;

	private final Aead aead;

	private MasterKeyRing(KeysetHandle keyset) throws CryptoException {
		checkAllAes256Gcm(keyset);
		this.keyset = keyset;
		try {
			this.aead = keyset.getPrimitive(CONFIGURATION, Aead.class);
		}
		catch (GeneralSecurityException ex) {
			throw new CryptoException("master key set cannot be used", ex);
		}
	}

	/**
	 * Generates a ring with one fresh primary key.
	 * @return a new ring, never null
	 * @throws CryptoException if no secure random source or AES-GCM implementation is
	 * available
	 */
	public static MasterKeyRing generate() throws CryptoException {
		KeysetHandle keyset;
		try {
			keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, CONFIGURATION);
		}
		catch (GeneralSecurityException ex) {
			throw new CryptoException("generating a master key failed", ex);
		}
		return new MasterKeyRing(keyset);
	}

	/**
	 * Reads a ring from a cleartext Tink JSON key set, such as the value of
	 * {@code COFFER_MASTER_KEYSET}.
	 * @param json the key set; it holds secret key material
	 * @return the ring, never null
	 * @throws CryptoException if the text is not a Tink JSON key set of
	 * {@code AES256_GCM} keys with an enabled primary; the message never quotes the input
	 */
	public static MasterKeyRing fromKeysetJson(String json) throws CryptoException {
		Objects.requireNonNull(json, "json");
		KeysetHandle keyset;
		try {
			keyset = TinkJsonProtoKeysetFormat.parseKeyset(json, CONFIGURATION, InsecureSecretKeyAccess.get());
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			// The cause could quote the secret input; leave it out.
			throw new CryptoException("master key set is not a valid Tink JSON key set of AES256_GCM keys");
		}
		return new MasterKeyRing(keyset);
	}

	/**
	 * Loads the ring from a key set file, creating the file with a fresh ring if it does
	 * not exist.
	 *
	 * <p>
	 * On a POSIX file system a missing parent directory is created with mode 0700 and the
	 * file with mode 0600: it is written to a temporary file that has mode 0600 from its
	 * creation, synced, then published atomically without ever replacing an existing
	 * file, so processes that start together end up with the same ring. An existing file
	 * that group or others may access is refused. Other file systems skip the permission
	 * rules.
	 * @param file the key set file, e.g. {@code <data-dir>/keys/master.json}
	 * @return the ring stored in the file, never null
	 * @throws CryptoException if the file is accessible by group or others (the message
	 * names the file and the {@code chmod 600} that fixes it) or does not hold a valid
	 * key set
	 * @throws IOException if the file or its directory cannot be read or written
	 */
	public static MasterKeyRing loadOrCreate(Path file) throws IOException, CryptoException {
		KeysetFile keysetFile = new KeysetFile(file);
		var existing = keysetFile.readIfPresent();
		if (existing.isPresent()) {
			return fromKeysetJson(existing.get());
		}
		MasterKeyRing created = generate();
		if (keysetFile.createIfAbsent(created.toInsecureKeysetJson())) {
			return created;
		}
		// Another process created the file first: use its ring.
		return fromKeysetJson(keysetFile.readIfPresent()
			.orElseThrow(() -> new IOException("master key set " + keysetFile + " vanished while it was created")));
	}

	/**
	 * Atomically replaces (or creates) a key set file with this ring, with the same
	 * owner-only permissions as {@link #loadOrCreate(Path)}. Use it to persist a rotated
	 * ring.
	 * @param file the key set file
	 * @throws IOException if the file cannot be written; the old file is then left
	 * unchanged
	 * @throws CryptoException if the ring cannot be serialized
	 */
	public void saveTo(Path file) throws IOException, CryptoException {
		new KeysetFile(file).replace(toInsecureKeysetJson());
	}

	/**
	 * Returns this ring as a cleartext Tink JSON key set. The result holds every secret
	 * key of the ring: never log it, send it or store it anywhere that is not as
	 * protected as the key file.
	 * @return the key set JSON, never null
	 * @throws CryptoException if the key set cannot be serialized
	 */
	public String toInsecureKeysetJson() throws CryptoException {
		try {
			return TinkJsonProtoKeysetFormat.serializeKeyset(this.keyset, CONFIGURATION, InsecureSecretKeyAccess.get());
		}
		catch (GeneralSecurityException ex) {
			throw new CryptoException("serializing the master key set failed", ex);
		}
	}

	/**
	 * Returns the id of the primary key, which wraps new data keys.
	 * @return the Tink key id (see {@link MasterKeyInfo} on ids)
	 */
	public int primaryKeyId() {
		return this.keyset.getPrimary().getId();
	}

	/**
	 * Lists the keys of this ring in key set order.
	 * @return an unmodifiable list, never empty
	 */
	public List<MasterKeyInfo> keys() {
		List<MasterKeyInfo> keys = new ArrayList<>(this.keyset.size());
		for (int i = 0; i < this.keyset.size(); i++) {
			KeysetHandle.Entry entry = this.keyset.getAt(i);
			MasterKeyInfo.Status status = entry.getStatus().equals(KeyStatus.ENABLED) ? MasterKeyInfo.Status.ENABLED
					: MasterKeyInfo.Status.DISABLED;
			keys.add(new MasterKeyInfo(entry.getId(), status, entry.isPrimary()));
		}
		return List.copyOf(keys);
	}

	/**
	 * Returns a ring with one more, freshly generated key that becomes the primary. The
	 * old keys stay and keep unwrapping the data keys they wrapped.
	 * @return the rotated ring, never null
	 * @throws CryptoException if a key cannot be generated
	 */
	public MasterKeyRing withNewPrimaryKey() throws CryptoException {
		KeysetHandle.Builder builder = KeysetHandle.newBuilder(this.keyset).setConfiguration(CONFIGURATION);
		builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
			.withRandomId()
			.makePrimary());
		return build(builder);
	}

	/**
	 * Returns a ring with one more, freshly generated key that is enabled but not the
	 * primary: it unwraps, but nothing is wrapped with it yet. The first step of a
	 * rotation in which other processes must learn a key before any data key is wrapped
	 * with it; {@link #withPrimary(int)} is the second.
	 * @return the ring with the new key last in {@link #keys()}, never null
	 * @throws CryptoException if a key cannot be generated
	 */
	public MasterKeyRing withNewKey() throws CryptoException {
		KeysetHandle.Builder builder = KeysetHandle.newBuilder(this.keyset).setConfiguration(CONFIGURATION);
		builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
			.withRandomId()
			.setStatus(KeyStatus.ENABLED));
		return build(builder);
	}

	/**
	 * Returns a ring in which an enabled key is the primary: new data keys are wrapped
	 * with it. The previous primary stays enabled.
	 * @param keyId the key to make primary
	 * @return the changed ring (this ring if the key already is the primary), never null
	 * @throws IllegalArgumentException if the ring has no such key or it is disabled
	 * @throws CryptoException if the ring cannot be rebuilt
	 */
	public MasterKeyRing withPrimary(int keyId) throws CryptoException {
		int index = indexOf(keyId);
		if (!this.keyset.getAt(index).getStatus().equals(KeyStatus.ENABLED)) {
			throw new IllegalArgumentException("master key " + Integer.toUnsignedString(keyId)
					+ " is disabled; enable it before making it primary");
		}
		if (this.keyset.getAt(index).isPrimary()) {
			return this;
		}
		KeysetHandle.Builder builder = KeysetHandle.newBuilder(this.keyset).setConfiguration(CONFIGURATION);
		builder.getAt(index).makePrimary();
		return build(builder);
	}

	/**
	 * Returns a ring in which a key is disabled: data keys it wrapped no longer unwrap.
	 * @param keyId the key to disable
	 * @return the changed ring, never null
	 * @throws IllegalArgumentException if the ring has no such key or it is the primary
	 * @throws CryptoException if the ring cannot be rebuilt
	 */
	public MasterKeyRing withKeyDisabled(int keyId) throws CryptoException {
		return withStatus(keyId, KeyStatus.DISABLED);
	}

	/**
	 * Returns a ring in which a disabled key is enabled again, e.g. after it was disabled
	 * while data keys still referred to it.
	 * @param keyId the key to enable
	 * @return the changed ring, never null
	 * @throws IllegalArgumentException if the ring has no such key
	 * @throws CryptoException if the ring cannot be rebuilt
	 */
	public MasterKeyRing withKeyEnabled(int keyId) throws CryptoException {
		return withStatus(keyId, KeyStatus.ENABLED);
	}

	/**
	 * Returns a ring without a key: its material is gone for good, and data keys it
	 * wrapped can never be unwrapped by the new ring. Only a disabled key can be
	 * destroyed.
	 * @param keyId the key to destroy
	 * @return the changed ring, never null
	 * @throws IllegalArgumentException if the ring has no such key or it is still enabled
	 * @throws CryptoException if the ring cannot be rebuilt
	 */
	public MasterKeyRing withKeyDestroyed(int keyId) throws CryptoException {
		int index = indexOf(keyId);
		if (this.keyset.getAt(index).getStatus().equals(KeyStatus.ENABLED)) {
			throw new IllegalArgumentException(
					"master key " + Integer.toUnsignedString(keyId) + " is enabled; disable it before destroying it");
		}
		KeysetHandle.Builder builder = KeysetHandle.newBuilder(this.keyset).setConfiguration(CONFIGURATION);
		builder.deleteAt(index);
		return build(builder);
	}

	/**
	 * Wraps a data key with the primary key, bound to its blob.
	 * @param dataKey the blob's data key
	 * @param blobId the blob id: 1 to 128 characters of {@code [A-Za-z0-9._:~-]}
	 * @return the wrapped key, recording {@link #primaryKeyId()}; never null
	 * @throws IllegalArgumentException if the blob id is malformed
	 * @throws CryptoException if encryption fails
	 */
	public WrappedDataKey wrap(DataKey dataKey, String blobId) throws CryptoException {
		Objects.requireNonNull(dataKey, "dataKey");
		byte[] associatedData = AssociatedData.forDataKey(blobId);
		return encryptAndErase(dataKey.serialize(), associatedData);
	}

	/**
	 * Unwraps the data key of a blob.
	 * @param wrapped the wrapped key as stored
	 * @param blobId the blob it was wrapped for
	 * @return the data key, never null
	 * @throws IllegalArgumentException if the blob id is malformed
	 * @throws CryptoException if the master key is not in this ring or is disabled, or
	 * the wrapped key does not authenticate (modified, or wrapped for another blob)
	 */
	public DataKey unwrap(WrappedDataKey wrapped, String blobId) throws CryptoException {
		Objects.requireNonNull(wrapped, "wrapped");
		return decryptAndParse(wrapped, AssociatedData.forDataKey(blobId), DataKey::parse);
	}

	/**
	 * Wraps a MAC key with the primary key, bound to its id. The layout is that of a
	 * wrapped data key, with the associated data {@code "coffer/mac/v1|" + keyId}: a MAC
	 * key never unwraps as a data key, nor under another id.
	 * @param macKey the MAC key
	 * @param keyId its id: 1 to 128 characters of {@code [A-Za-z0-9._:~-]}
	 * @return the wrapped key, recording {@link #primaryKeyId()}; never null
	 * @throws IllegalArgumentException if the id is malformed
	 * @throws CryptoException if encryption fails
	 */
	public WrappedDataKey wrap(MacKey macKey, String keyId) throws CryptoException {
		Objects.requireNonNull(macKey, "macKey");
		byte[] associatedData = AssociatedData.forMacKey(keyId);
		return encryptAndErase(macKey.serialize(), associatedData);
	}

	/**
	 * Unwraps a MAC key that {@link #wrap(MacKey, String)} wrapped.
	 * @param wrapped the wrapped key as stored
	 * @param keyId the id it was wrapped for
	 * @return the MAC key, never null
	 * @throws IllegalArgumentException if the id is malformed
	 * @throws CryptoException if the master key is not in this ring or is disabled, or
	 * the wrapped key does not authenticate (modified, wrapped for another id, or a data
	 * key)
	 */
	public MacKey unwrapMacKey(WrappedDataKey wrapped, String keyId) throws CryptoException {
		Objects.requireNonNull(wrapped, "wrapped");
		return decryptAndParse(wrapped, AssociatedData.forMacKey(keyId), MacKey::parse);
	}

	/**
	 * Encrypts a serialized key with the primary key, then overwrites the serialized key.
	 */
	private WrappedDataKey encryptAndErase(byte[] serialized, byte[] associatedData) throws CryptoException {
		try {
			return new WrappedDataKey(this.aead.encrypt(serialized, associatedData), primaryKeyId());
		}
		catch (GeneralSecurityException ex) {
			throw new CryptoException("wrapping the key failed", ex);
		}
		finally {
			Arrays.fill(serialized, (byte) 0);
		}
	}

	/**
	 * Decrypts a wrapped key and parses it, overwriting the serialized key afterwards.
	 */
	private <K> K decryptAndParse(WrappedDataKey wrapped, byte[] associatedData, KeyParser<K> parser)
			throws CryptoException {
		byte[] serialized = decrypt(wrapped, associatedData);
		try {
			return parser.parse(serialized);
		}
		finally {
			Arrays.fill(serialized, (byte) 0);
		}
	}

	/** Parses a key set that a key's {@code serialize()} produced. */
	private interface KeyParser<K> {

		K parse(byte[] serialized) throws CryptoException;

	}

	private byte[] decrypt(WrappedDataKey wrapped, byte[] associatedData) throws CryptoException {
		byte[] ciphertext = wrapped.ciphertext();
		if (prefixKeyId(ciphertext) != wrapped.masterKeyId()) {
			throw new CryptoException("wrapped data key does not match its master key id");
		}
		if (!isEnabled(wrapped.masterKeyId())) {
			throw new CryptoException(
					"master key " + Integer.toUnsignedString(wrapped.masterKeyId()) + " is missing or disabled");
		}
		try {
			return this.aead.decrypt(ciphertext, associatedData);
		}
		catch (GeneralSecurityException ex) {
			throw new CryptoException("wrapped data key failed authentication", ex);
		}
	}

	@Override
	public String toString() {
		return "MasterKeyRing[primaryKeyId=" + Integer.toUnsignedString(primaryKeyId()) + ", keys=" + keys() + "]";
	}

	private MasterKeyRing withStatus(int keyId, KeyStatus status) throws CryptoException {
		int index = indexOf(keyId);
		if (this.keyset.getAt(index).isPrimary() && !status.equals(KeyStatus.ENABLED)) {
			throw new IllegalArgumentException("master key " + Integer.toUnsignedString(keyId)
					+ " is the primary; rotate to a new primary before disabling it");
		}
		KeysetHandle.Builder builder = KeysetHandle.newBuilder(this.keyset).setConfiguration(CONFIGURATION);
		builder.getAt(index).setStatus(status);
		return build(builder);
	}

	private int indexOf(int keyId) {
		for (int i = 0; i < this.keyset.size(); i++) {
			if (this.keyset.getAt(i).getId() == keyId) {
				return i;
			}
		}
		throw new IllegalArgumentException("no master key " + Integer.toUnsignedString(keyId) + " in this ring");
	}

	private boolean isEnabled(int keyId) {
		for (int i = 0; i < this.keyset.size(); i++) {
			KeysetHandle.Entry entry = this.keyset.getAt(i);
			if (entry.getId() == keyId) {
				return entry.getStatus().equals(KeyStatus.ENABLED);
			}
		}
		return false;
	}

	private static int prefixKeyId(byte[] ciphertext) throws CryptoException {
		if (ciphertext.length < TINK_PREFIX_SIZE || ciphertext[0] != TINK_PREFIX_VERSION) {
			throw new CryptoException("wrapped data key is malformed");
		}
		return ((ciphertext[1] & 0xff) << 24) | ((ciphertext[2] & 0xff) << 16) | ((ciphertext[3] & 0xff) << 8)
				| (ciphertext[4] & 0xff);
	}

	private static MasterKeyRing build(KeysetHandle.Builder builder) throws CryptoException {
		KeysetHandle keyset;
		try {
			keyset = builder.build();
		}
		catch (GeneralSecurityException ex) {
			throw new CryptoException("master key set cannot be rebuilt", ex);
		}
		return new MasterKeyRing(keyset);
	}

	private static void checkAllAes256Gcm(KeysetHandle keyset) throws CryptoException {
		for (int i = 0; i < keyset.size(); i++) {
			KeysetHandle.Entry entry = keyset.getAt(i);
			boolean usable = entry.getStatus().equals(KeyStatus.ENABLED)
					|| entry.getStatus().equals(KeyStatus.DISABLED);
			if (!usable || !entry.getKey().getParameters().equals(PredefinedAeadParameters.AES256_GCM)) {
				throw new CryptoException("master key set must hold only AES256_GCM keys with a TINK prefix");
			}
		}
	}

}
