package dev.coffer.server.files;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.coffer.server.ConflictException;
import dev.coffer.server.InvalidInputException;
import dev.coffer.server.NotFoundException;
import dev.coffer.server.account.PublicKeys;
import dev.coffer.server.account.UserPublicKey;

/**
 * The wrapped file keys of end-to-end encrypted versions (docs/SECURITY.md, "End-to-end
 * encrypted files"). The client encrypts a version under a fresh file key and wraps that
 * key (HPKE) to the public key of each reader: the owner and each user the file is shared
 * with. The server stores what it is given and hands each reader their own; it can unwrap
 * none. Only the owner writes wrapped keys, and only for users who may read the file; a
 * reader gets only their own; anyone else gets 404, as for the file itself.
 */
@Service
public class EndToEndKeys {

	/** HPKE's encapsulated X25519 key (32) and an AES-256-GCM tag (16), at least. */
	private static final int MIN_WRAPPED_BYTES = 48;

	private static final int MAX_WRAPPED_BYTES = 256;

	private final FileService files;

	private final EndToEndKeyRepository keys;

	private final PublicKeys publicKeys;

	private final Clock clock;

	private final FileAudit audit;

	EndToEndKeys(FileService files, EndToEndKeyRepository keys, PublicKeys publicKeys, Clock clock, FileAudit audit) {
		this.files = files;
		this.keys = keys;
		this.publicKeys = publicKeys;
		this.clock = clock;
		this.audit = audit;
	}

	/** A version's file key wrapped to one recipient, in base64. */
	public record WrappedFileKey(String fileId, int version, String recipient, String wrappedKey) {
	}

	/**
	 * The caller's wrapped key of version {@code number} of a file they may read.
	 * @throws NotFoundException if they may not read it, it has no such version, the
	 * version is not end-to-end encrypted, or no key is wrapped for them
	 */
	public WrappedFileKey own(String userId, String username, String fileId, int number) {
		FileVersion version = endToEndVersion(userId, fileId, number);
		String wrapped = this.keys.find(version.id(), userId)
			.orElseThrow(() -> new NotFoundException("No file key of version " + number
					+ " is wrapped for you: only the owner can give you one (coffer share NAME USER --e2e)."));
		return new WrappedFileKey(fileId, number, username, wrapped);
	}

	/**
	 * Stores the file key of version {@code number}, wrapped by the owner to the user
	 * named {@code recipient} (the owner included).
	 * @return whether the recipient had no wrapped key of that version before
	 * @throws dev.coffer.server.OperationNotAllowedException if the caller may read the
	 * file but does not own it
	 * @throws ConflictException if the recipient may not read the file
	 */
	@Transactional
	public boolean store(String ownerId, String fileId, int number, String recipient, String wrappedKey) {
		FileAccess access = this.files.access(ownerId, fileId)
			.require(Permission.OWNER, "wrap file keys of this file for its readers");
		FileVersion version = endToEndVersion(ownerId, fileId, number);
		String canonical = requireWrappedKey(wrappedKey);
		UserPublicKey key = this.publicKeys.of(recipient);
		if (!key.userId().equals(ownerId) && !mayRead(key.userId(), fileId)) {
			throw new ConflictException("This file is not shared with " + key.username()
					+ ": share it with them first, then wrap its key for them.");
		}
		boolean created = this.keys.put(version.id(), key.userId(), canonical, this.clock.instant());
		this.audit.record(access, "file.e2e_key_wrapped", "version " + number + ", for " + key.username());
		return created;
	}

	/**
	 * The users other than the owner who hold a wrapped key of the owner's file and may
	 * still read it, with their public keys: whom a new version must be wrapped for.
	 */
	public List<UserPublicKey> recipients(String ownerId, String fileId) {
		this.files.access(ownerId, fileId).require(Permission.OWNER, "see whom this file's keys are wrapped for");
		List<UserPublicKey> recipients = new ArrayList<>();
		for (String recipientId : this.keys.recipients(fileId, ownerId)) {
			Optional<UserPublicKey> key = this.publicKeys.own(recipientId);
			if (key.isPresent() && mayRead(recipientId, fileId)) {
				recipients.add(key.get());
			}
		}
		return recipients;
	}

	/**
	 * Deletes what a user whose share of the file ended holds of its keys: the next
	 * version is not wrapped for them, and old ones are not handed out again.
	 */
	public void forgetRecipient(String fileId, String recipientId) {
		this.keys.deleteForRecipient(fileId, recipientId);
	}

	private FileVersion endToEndVersion(String userId, String fileId, int number) {
		FileVersion version = this.files.version(userId, fileId, number);
		if (!version.endToEnd()) {
			throw new NotFoundException("Version " + number + " of this file is not end-to-end encrypted.");
		}
		return version;
	}

	private boolean mayRead(String userId, String fileId) {
		try {
			this.files.access(userId, fileId);
			return true;
		}
		catch (NotFoundException ex) {
			return false;
		}
	}

	private static String requireWrappedKey(String wrappedKey) {
		byte[] raw;
		try {
			raw = Base64.getDecoder().decode((wrappedKey != null) ? wrappedKey : "");
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("wrappedKey", "The wrapped key must be base64.");
		}
		if (raw.length < MIN_WRAPPED_BYTES || raw.length > MAX_WRAPPED_BYTES) {
			throw new InvalidInputException("wrappedKey",
					"The wrapped key must be " + MIN_WRAPPED_BYTES + " to " + MAX_WRAPPED_BYTES + " bytes, in base64.");
		}
		return Base64.getEncoder().encodeToString(raw);
	}

}
