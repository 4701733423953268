package dev.coffer.server.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.coffer.crypto.CryptoException;
import dev.coffer.crypto.DataKey;
import dev.coffer.crypto.MacKey;
import dev.coffer.crypto.MasterKeyInfo;
import dev.coffer.crypto.MasterKeyRing;
import dev.coffer.crypto.WrappedDataKey;
import dev.coffer.server.CofferProperties;
import dev.coffer.server.OwnerOnlyFiles;
import dev.coffer.server.StartRefusedException;

/**
 * The master key ring (key-encryption keys) of this server. Source, first match wins: the
 * environment variable {@code COFFER_MASTER_KEYSET} (a Tink JSON keyset), else
 * {@code <data-dir>/keys/master.json}, created owner-only at first start. A key file that
 * group or others can read stops the server. Key material is never logged.
 * <p>
 * A key file can change while the server runs: {@code keys rotate} and
 * {@code keys retire} save a new ring from another process. {@link #reloadIfChanged()}
 * (polled by {@link MasterKeyFileWatcher}) picks it up, and {@link #unwrap} reloads at
 * once when it meets a key id its ring does not know, so a server never stays behind a
 * ring that wrapped a data key it reads.
 */
@Component
public class MasterKeys {

	private static final Logger logger = LoggerFactory.getLogger(MasterKeys.class);

	static final String ENVIRONMENT_VARIABLE = "COFFER_MASTER_KEYSET";

	private final AtomicReference<Loaded> loaded = new AtomicReference<>();

	private final Path file;

	MasterKeys(CofferProperties coffer, Environment environment) {
		String keysetJson = environment.getProperty(ENVIRONMENT_VARIABLE);
		if (keysetJson != null && !keysetJson.isBlank()) {
			this.file = null;
			this.loaded.set(new Loaded(fromEnvironment(keysetJson), null));
		}
		else {
			this.file = coffer.dataDir().resolve("keys").resolve("master.json");
			refuseIfOthersMayAccess(this.file);
			boolean existed = Files.exists(this.file);
			this.loaded.set(loadFile());
			logger.info("Master key ring {} {} (primary key {})", existed ? "loaded from" : "created in", this.file,
					Integer.toUnsignedString(ring().primaryKeyId()));
			if (!existed) {
				logger.warn("A new master key ring was created in {}: without it every file is lost. Back it up now, "
						+ "apart from the data (docs/OPERATIONS.md, \"Backing up\").", this.file);
			}
		}
	}

	/** The ring in use now; after a rotation, the rotated one. */
	public MasterKeyRing ring() {
		return this.loaded.get().ring();
	}

	/** The key file, or empty if the ring comes from the environment variable. */
	public Optional<Path> file() {
		return Optional.ofNullable(this.file);
	}

	public WrappedDataKey wrap(DataKey key, String blobId) throws CryptoException {
		return ring().wrap(key, blobId);
	}

	public DataKey unwrap(WrappedDataKey wrapped, String blobId) throws CryptoException {
		return ringToUnwrap(wrapped).unwrap(wrapped, blobId);
	}

	public WrappedDataKey wrap(MacKey key, String keyId) throws CryptoException {
		return ring().wrap(key, keyId);
	}

	public MacKey unwrapMacKey(WrappedDataKey wrapped, String keyId) throws CryptoException {
		return ringToUnwrap(wrapped).unwrapMacKey(wrapped, keyId);
	}

	/** The ring, reloaded first if its master key is not enabled in the ring in use. */
	private MasterKeyRing ringToUnwrap(WrappedDataKey wrapped) {
		MasterKeyRing ring = ring();
		if (!isEnabled(ring, wrapped.masterKeyId()) && this.file != null) {
			// Wrapped by a key another process added after our last poll.
			ring = reloadIfChanged();
		}
		return ring;
	}

	/**
	 * Reloads the key file if it changed since it was last read (a new file is published
	 * by an atomic rename, so a changed file is a complete one).
	 * @return the ring in use afterwards
	 */
	public MasterKeyRing reloadIfChanged() {
		if (this.file == null) {
			return ring();
		}
		synchronized (this) {
			Loaded current = this.loaded.get();
			if (Objects.equals(current.stamp(), stamp(this.file))) {
				return current.ring();
			}
			Loaded reloaded = loadFile();
			this.loaded.set(reloaded);
			logger.info("Master key ring reloaded from {}: {}", this.file, reloaded.ring());
			return reloaded.ring();
		}
	}

	/**
	 * Saves a changed ring to the key file and uses it from now on.
	 * @throws IllegalStateException if the ring comes from the environment variable
	 */
	synchronized void save(MasterKeyRing ring) throws IOException, CryptoException {
		if (this.file == null) {
			throw new IllegalStateException("the master key ring comes from " + ENVIRONMENT_VARIABLE);
		}
		ring.saveTo(this.file);
		this.loaded.set(new Loaded(ring, stamp(this.file)));
	}

	static boolean isEnabled(MasterKeyRing ring, int keyId) {
		return ring.keys()
			.stream()
			.anyMatch((key) -> key.keyId() == keyId && key.status() == MasterKeyInfo.Status.ENABLED);
	}

	/**
	 * A key file that group or others may read or change stops the start with what to do
	 * (one "APPLICATION FAILED TO START" report, or one line from an operator command),
	 * not with a stack trace. (The key ring itself refuses it too, when reloading.)
	 */
	static void refuseIfOthersMayAccess(Path file) {
		try {
			if (Files.exists(file) && OwnerOnlyFiles.isAccessibleByOthers(file)) {
				throw new StartRefusedException(
						"The master key file " + file + " is accessible by group or others ("
								+ PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
								+ "): Coffer does not use a key that others may read or change.",
						"Restrict it with: chmod 600 " + file
								+ " (if others could read it, consider the key exposed: docs/OPERATIONS.md, "
								+ "\"Rotating the master key\").",
						null);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the permissions of the master key file " + file, ex);
		}
	}

	private Loaded loadFile() {
		try {
			// The stamp is taken first: a change after it is seen at the next poll.
			Object stamp = stamp(this.file);
			return new Loaded(MasterKeyRing.loadOrCreate(this.file), stamp);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the master key ring", ex);
		}
		catch (CryptoException ex) {
			throw new IllegalStateException("Cannot use the master key ring: " + ex.getMessage(), ex);
		}
	}

	private static MasterKeyRing fromEnvironment(String keysetJson) {
		try {
			MasterKeyRing ring = MasterKeyRing.fromKeysetJson(keysetJson);
			logger.info("Master key ring loaded from the environment variable {} (primary key {})",
					ENVIRONMENT_VARIABLE, Integer.toUnsignedString(ring.primaryKeyId()));
			return ring;
		}
		catch (CryptoException ex) {
			throw new IllegalStateException("Cannot use the master key ring: " + ex.getMessage(), ex);
		}
	}

	/**
	 * What identifies one version of the file: an atomic replace makes a new inode, and
	 * the modification time and size catch an in-place edit.
	 */
	private static Object stamp(Path file) {
		try {
			BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
			return List.of(String.valueOf(attributes.fileKey()), attributes.lastModifiedTime(), attributes.size());
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the master key file's attributes", ex);
		}
	}

	private record Loaded(MasterKeyRing ring, Object stamp) {
	}

}
