package dev.coffer.server.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import dev.coffer.crypto.CryptoException;
import dev.coffer.crypto.MasterKeyInfo;
import dev.coffer.crypto.MasterKeyRing;
import dev.coffer.server.ConflictException;
import dev.coffer.server.NotFoundException;
import dev.coffer.server.OperationNotAllowedException;
import dev.coffer.server.SecurityEvent;

/**
 * Rotates and retires master keys, for the {@code keys} command and the admin system
 * page.
 * <p>
 * A rotation never lets a data key be wrapped with a key that a running server cannot use
 * yet. It goes in two saves of the key file:
 * <ol>
 * <li>a new key is added, enabled but not primary, and the file saved. Running servers
 * load it within {@code coffer.keys.reload-interval};</li>
 * <li>after {@link KeysProperties#propagationDelay()} (twice that interval), the new key
 * becomes the primary and the file is saved again; the rotation is recorded in the
 * database, which tells the re-wrap job ({@link DataKeyRewrap}) to move every data key
 * onto the new key.</li>
 * </ol>
 * If the process dies between the two saves, the ring keeps an extra enabled key that
 * wraps nothing; {@code keys retire} removes it from use. With the ring in
 * {@code COFFER_MASTER_KEYSET} nothing can be saved: rotation and retirement are refused
 * with what to do instead.
 */
@Service
public class MasterKeyRotation {

	private static final Logger logger = LoggerFactory.getLogger(MasterKeyRotation.class);

	private final MasterKeys masterKeys;

	private final KeyRepository keys;

	private final KeysProperties properties;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final AtomicBoolean rotating = new AtomicBoolean();

	MasterKeyRotation(MasterKeys masterKeys, KeyRepository keys, KeysProperties properties,
			ApplicationEventPublisher events, Clock clock) {
		this.masterKeys = masterKeys;
		this.keys = keys;
		this.properties = properties;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Adds a new master key, waits until running servers have it, and makes it the
	 * primary. Takes {@link KeysProperties#propagationDelay()}.
	 * @param actor who rotates, for the audit log
	 * @param progress told what happens, one sentence at a time
	 * @return the new primary key's id
	 * @throws OperationNotAllowedException if the ring comes from the environment
	 * @throws ConflictException if another rotation changed the key file meanwhile
	 */
	public int rotate(String actor, Consumer<String> progress) throws InterruptedException {
		Path file = requireKeyFile("rotate");
		MasterKeyRing current = this.masterKeys.reloadIfChanged();
		int previousPrimary = current.primaryKeyId();
		MasterKeyRing added = change(() -> current.withNewKey());
		int newKeyId = added.keys().get(added.keys().size() - 1).keyId();
		save(added);
		Duration wait = this.properties.propagationDelay();
		progress.accept("Added master key " + Integer.toUnsignedString(newKeyId) + " to " + file + "; waiting "
				+ wait.toSeconds() + " s until running servers have loaded it.");
		Thread.sleep(wait);
		MasterKeyRing latest = this.masterKeys.reloadIfChanged();
		if (!MasterKeys.isEnabled(latest, newKeyId)) {
			throw new ConflictException("The key file was changed by someone else during the rotation; master key "
					+ Integer.toUnsignedString(newKeyId) + " is no longer in it. Run keys status and try again.");
		}
		// Recorded before the ring is saved: a server that reloads the promoted ring must
		// find the rotation, or it would record one of its own.
		String rotationId = this.keys.insertRotation(newKeyId, previousPrimary, this.clock.instant(), actor);
		try {
			save(change(() -> latest.withPrimary(newKeyId)));
		}
		catch (RuntimeException ex) {
			this.keys.deleteRotation(rotationId);
			throw ex;
		}
		progress.accept("Master key " + Integer.toUnsignedString(newKeyId)
				+ " is now the primary. Running servers re-wrap the existing data keys with it in the background;"
				+ " follow it with keys status.");
		this.events.publishEvent(new SecurityEvent("keys.rotated", actor, null,
				"master-key:" + Integer.toUnsignedString(newKeyId), SecurityEvent.Outcome.SUCCESS,
				"previous primary " + Integer.toUnsignedString(previousPrimary)));
		return newKeyId;
	}

	/**
	 * Starts {@link #rotate} in the background, for the admin page (a rotation waits for
	 * running servers to load the new key, longer than a request should take).
	 * @throws OperationNotAllowedException if the ring comes from the environment
	 * @throws ConflictException while a rotation is in progress: one started here is
	 * still adding its key, or the last one is still re-wrapping data keys
	 */
	public void startRotation(String actor) {
		requireKeyFile("rotate");
		if (phase().inProgress() || !this.rotating.compareAndSet(false, true)) {
			throw new ConflictException(
					"A master key rotation is already in progress. Start another once it is complete.");
		}
		Thread.ofVirtual().name("master-key-rotation").start(() -> {
			try {
				rotate(actor, logger::info);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (RuntimeException ex) {
				logger.error("Master key rotation failed", ex);
			}
			finally {
				this.rotating.set(false);
			}
		});
	}

	/** Where rotation stands: adding a key here, re-wrapping, complete or never done. */
	public RotationPhase phase() {
		return RotationPhase.of(status(), rotationInProgress());
	}

	/** Whether a rotation started with {@link #startRotation} is still in progress. */
	public boolean rotationInProgress() {
		return this.rotating.get();
	}

	/**
	 * The ring with a new primary key, for operators whose ring lives in
	 * {@code COFFER_MASTER_KEYSET}: nothing is saved.
	 * @return the key set JSON (secret)
	 */
	public String rotatedKeysetJson() {
		return change(() -> this.masterKeys.ring().withNewPrimaryKey().toInsecureKeysetJson());
	}

	/**
	 * Disables a master key that no data key uses any more.
	 * @param keyId the key
	 * @throws NotFoundException if the ring has no such key
	 * @throws OperationNotAllowedException if it is the primary, data keys still use it,
	 * or the ring comes from the environment
	 */
	public void retire(int keyId, String actor) {
		requireKeyFile("retire");
		MasterKeyRing ring = this.masterKeys.reloadIfChanged();
		MasterKeyInfo key = ring.keys()
			.stream()
			.filter((info) -> info.keyId() == keyId)
			.findFirst()
			.orElseThrow(() -> new NotFoundException("There is no master key " + Integer.toUnsignedString(keyId)
					+ " in the ring. See keys status for the key ids."));
		String id = Integer.toUnsignedString(keyId);
		if (key.primary()) {
			throw new OperationNotAllowedException(
					"Master key " + id + " is the primary. Rotate first (keys rotate), then retire it.");
		}
		long used = this.keys.dataKeysWrappedBy(keyId);
		if (used > 0) {
			throw new OperationNotAllowedException("Master key " + id + " still wraps " + used
					+ " data key(s); the re-wrap job moves them to the primary key. Wait until keys status shows 0, "
					+ "then retire it.");
		}
		if (key.status() == MasterKeyInfo.Status.DISABLED) {
			return;
		}
		save(change(() -> ring.withKeyDisabled(keyId)));
		this.events.publishEvent(new SecurityEvent("keys.retired", actor, null, "master-key:" + id,
				SecurityEvent.Outcome.SUCCESS, null));
	}

	/** The keys, their data key counts and the re-wrap progress. */
	public KeyRingStatus status() {
		MasterKeyRing ring = this.masterKeys.reloadIfChanged();
		Map<Integer, KeyRepository.WrappedCounts> counts = this.keys.dataKeysPerMasterKey();
		List<KeyRingStatus.KeyUsage> usages = new ArrayList<>();
		for (MasterKeyInfo key : ring.keys()) {
			KeyRepository.WrappedCounts count = counts.remove(key.keyId());
			if (count == null) {
				count = KeyRepository.WrappedCounts.NONE;
			}
			usages.add(new KeyRingStatus.KeyUsage(key.keyId(), key.status().name().toLowerCase(Locale.ROOT),
					key.primary(), count.fileVersions(), count.secrets(), count.auditMacKeys()));
		}
		counts.forEach((missing, count) -> usages.add(new KeyRingStatus.KeyUsage(missing, "missing", false,
				count.fileVersions(), count.secrets(), count.auditMacKeys())));
		long notOnPrimary = usages.stream()
			.filter((usage) -> !usage.primary())
			.mapToLong(KeyRingStatus.KeyUsage::dataKeys)
			.sum();
		return new KeyRingStatus(List.copyOf(usages), ring.primaryKeyId(), notOnPrimary,
				this.keys.latestRotation().orElse(null), this.masterKeys.file().isEmpty());
	}

	private Path requireKeyFile(String action) {
		return this.masterKeys.file()
			.orElseThrow(() -> new OperationNotAllowedException("Cannot " + action
					+ " here: the master key ring comes from the environment variable COFFER_MASTER_KEYSET, which "
					+ "Coffer cannot change. Make a new key set (keys rotate --print prints the current one with a "
					+ "new primary key), put it into COFFER_MASTER_KEYSET on every server and restart them; see "
					+ "docs/OPERATIONS.md."));
	}

	private void save(MasterKeyRing ring) {
		try {
			this.masterKeys.save(ring);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot save the master key file", ex);
		}
		catch (CryptoException ex) {
			throw new IllegalStateException("Cannot save the master key ring", ex);
		}
	}

	private static <T> T change(RingChange<T> change) {
		try {
			return change.apply();
		}
		catch (CryptoException ex) {
			throw new IllegalStateException("Cannot change the master key ring", ex);
		}
	}

	@FunctionalInterface
	private interface RingChange<T> {

		T apply() throws CryptoException;

	}

}
