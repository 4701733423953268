package dev.coffer.server.files;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.coffer.server.CofferProperties;
import dev.coffer.server.PayloadTooLargeException;
import dev.coffer.server.Sizes;
import dev.coffer.server.storage.EncryptedBlobs.SizeLimit;

/**
 * Storage quotas: how much a user stores and may store, and the size limit an upload
 * streams under (the tighter of {@code coffer.files.max-upload-size} and what is left of
 * the owner's quota). Uploads by an editor count against the file owner's quota, and
 * their messages say so.
 */
@Component
public class Quotas {

	private final FileRepository files;

	private final CofferProperties coffer;

	/** The upload size limit's message, the same for every upload. */
	private final String maxUploadMessage;

	Quotas(FileRepository files, CofferProperties coffer) {
		this.files = files;
		this.coffer = coffer;
		this.maxUploadMessage = "Files can be at most " + Sizes.formatAtMost(coffer.files().maxUploadSize().toBytes())
				+ ".";
	}

	/** How much a user stores and may store, in bytes. */
	public record Usage(long used, long quota) {
	}

	/** Bytes stored by the user and their quota. */
	public Usage usage(String ownerId) {
		FileRepository.Storage storage = this.files.storage(ownerId);
		return new Usage(storage.used(), quotaOf(storage));
	}

	/**
	 * Storage used and quota of every user who has files, by user id (for
	 * administrators).
	 */
	public Map<String, Usage> usageOfAllOwners() {
		Map<String, Usage> all = new LinkedHashMap<>();
		this.files.usageByOwner().forEach((owner, used) -> all.put(owner, new Usage(used, quotaOf(owner))));
		return all;
	}

	/** The quota that applies to a user, theirs or the default. */
	public long quotaOf(String ownerId) {
		return quotaOf(this.files.storage(ownerId));
	}

	private long quotaOf(FileRepository.Storage storage) {
		return (storage.quota() != null) ? storage.quota() : this.coffer.files().defaultQuota().toBytes();
	}

	/**
	 * Refuses at once an upload whose declared length is already too large, before a byte
	 * of it is read. (The limit is enforced while streaming as well: a declared length
	 * can lie.)
	 * @param byOwner false for an editor's upload, which counts against the owner's quota
	 */
	public void checkDeclaredSize(String ownerId, boolean byOwner, long declaredBytes) {
		SizeLimit limit = limitFor(ownerId, byOwner);
		if (declaredBytes > limit.bytes()) {
			throw new PayloadTooLargeException(limit.message());
		}
	}

	/**
	 * The tighter of the upload size limit and what is left of the owner's quota.
	 * @param byOwner false words the quota message for an editor or a sender, whose
	 * uploads count against the owner's quota
	 */
	SizeLimit limitFor(String ownerId, boolean byOwner) {
		return limitFor(ownerId, byOwner, 0);
	}

	/**
	 * As {@link #limitFor(String, boolean)}, with {@code pendingBytes} stored for the
	 * owner already but not committed yet (earlier files of the same request).
	 */
	SizeLimit limitFor(String ownerId, boolean byOwner, long pendingBytes) {
		long maxUpload = this.coffer.files().maxUploadSize().toBytes();
		FileRepository.Storage storage = this.files.storage(ownerId);
		long quota = quotaOf(storage);
		long left = Math.max(0, quota - storage.used() - pendingBytes);
		if (left < maxUpload) {
			return new SizeLimit(left, quotaMessage(quota, byOwner));
		}
		return new SizeLimit(maxUpload, this.maxUploadMessage);
	}

	/**
	 * Refuses {@code bytes} more for the owner if they would go over the quota. The
	 * caller holds the owner's row lock, so concurrent uploads are counted one after the
	 * other.
	 */
	void requireRoom(String ownerId, long bytes, boolean byOwner) {
		FileRepository.Storage storage = this.files.storage(ownerId);
		long quota = quotaOf(storage);
		if (storage.used() + bytes > quota) {
			throw new PayloadTooLargeException(quotaMessage(quota, byOwner));
		}
	}

	private static String quotaMessage(long quota, boolean byOwner) {
		if (!byOwner) {
			return "This upload would go over the storage quota of the file's owner (" + Sizes.format(quota)
					+ "). Ask them to make room.";
		}
		return "This upload would go over your storage quota of " + Sizes.format(quota)
				+ ". Delete files or old versions to make room.";
	}

}
