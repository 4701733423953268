package dev.coffer.server.sharing;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.coffer.server.files.EndToEndKeys;
import dev.coffer.server.files.FileAccess;
import dev.coffer.server.files.FileService;
import dev.coffer.server.files.Permission;
import dev.coffer.server.sharing.links.ShareLinkService;

/**
 * Sharing files with other users: the owner grants READ or EDIT, changes it, revokes it.
 * Only the owner sees and changes a file's grants (a grantee gets 403, anyone else 404,
 * as {@link FileService} decides). What a grant allows is enforced by the files package
 * on every request, so a change or revocation takes effect on the next one. Taking EDIT
 * away (revoking, or changing to READ) also revokes the public links that user made;
 * revoking also deletes their wrapped keys of the file if it is end-to-end encrypted.
 */
@Service
public class ShareService {

	private static final String MANAGE_SHARES = "change who this file is shared with";

	private static final String KIND = "file";

	private final ShareRepository shares;

	private final FileService files;

	private final ShareLinkService links;

	private final UserGrants grants;

	private final EndToEndKeys endToEndKeys;

	ShareService(ShareRepository shares, FileService files, ShareLinkService links, UserGrants grants,
			EndToEndKeys endToEndKeys) {
		this.endToEndKeys = endToEndKeys;
		this.shares = shares;
		this.files = files;
		this.links = links;
		this.grants = grants;
	}

	/** What {@link #grant} did: the grant as it is now, and whether it is new. */
	public record Grant(Share share, boolean created) {
	}

	/**
	 * Shares the owner's file with the user named {@code usernameOrEmail}, or changes
	 * that user's permission if it is shared with them already.
	 */
	@Transactional
	public Grant grant(String ownerId, String fileId, String usernameOrEmail, String permission) {
		// The file's row first: changes to its grants, and links made under them, happen
		// one after another (this also settles two grants to the same user at once).
		this.shares.lockFile(fileId);
		FileAccess access = this.files.access(ownerId, fileId).require(Permission.OWNER, MANAGE_SHARES);
		UserGrants.Change change = this.grants.grant(this.shares, KIND, access.file().id(), ownerId, usernameOrEmail,
				permission);
		Share share = change.share();
		if (!change.created() && change.previous() != share.permission() && share.permission() == Permission.READ) {
			this.links.revokeLinksMadeBy(fileId, share.granteeId(), "their share was changed to READ");
		}
		return new Grant(share, change.created());
	}

	/** Stops sharing the owner's file with that user. */
	@Transactional
	public void revoke(String ownerId, String fileId, String usernameOrEmail) {
		this.shares.lockFile(fileId);
		this.files.access(ownerId, fileId).require(Permission.OWNER, MANAGE_SHARES);
		ShareRepository.Grantee grantee = this.grants.revoke(this.shares, KIND, fileId, usernameOrEmail);
		this.links.revokeLinksMadeBy(fileId, grantee.id(), "their share was revoked");
		// An end-to-end encrypted file's keys wrapped for them go with the share.
		this.endToEndKeys.forgetRecipient(fileId, grantee.id());
	}

	/** Who the owner's file is shared with, and how. */
	public List<Share> list(String ownerId, String fileId) {
		return list(this.files.access(ownerId, fileId));
	}

	/** As {@link #list(String, String)}, for a file already found. */
	List<Share> list(FileAccess access) {
		access.require(Permission.OWNER, "see who this file is shared with");
		return this.shares.grantsOn(access.file().id());
	}

	/** Files other users shared with {@code userId}, most recently changed first. */
	public List<SharedFile> sharedWith(String userId) {
		return this.shares.sharedWith(userId);
	}

	/** Every grant on {@code ownerId}'s files. */
	public List<GrantedShare> sharedBy(String ownerId) {
		return this.shares.sharedBy(ownerId);
	}

	/** The username of a file's owner, for pages that show whose file it is. */
	String usernameOf(String userId) {
		return this.shares.usernameOf(userId).orElse("");
	}

}
