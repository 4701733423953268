package dev.coffer.server.sharing;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.files.Folder;
import dev.coffer.server.files.FolderService;
import dev.coffer.server.files.Permission;

/**
 * Sharing folders with other users: READ or EDIT on everything inside, now and later (the
 * nearest share on a file's path decides, see {@code FileRepository.findAccess}). Only
 * the owner sees and changes a folder's grants. A change or revocation counts from the
 * next request, because nothing is cached. Editors through a folder cannot make public
 * links, so no link outlives a right that ends when a file moves out. The steps of a
 * grant are those of a file's ({@link UserGrants}).
 */
@Service
public class FolderShareService {

	private static final String MANAGE_SHARES = "change who this folder is shared with";

	private static final String KIND = "folder";

	private final FolderShareRepository shares;

	private final FolderService folders;

	private final UserGrants grants;

	FolderShareService(FolderShareRepository shares, FolderService folders, UserGrants grants) {
		this.shares = shares;
		this.folders = folders;
		this.grants = grants;
	}

	/**
	 * Shares the owner's folder with the user named {@code usernameOrEmail}, or changes
	 * that user's permission.
	 */
	@Transactional
	public ShareService.Grant grant(String ownerId, String folderId, String usernameOrEmail, String permission) {
		Folder folder = ownFolder(ownerId, folderId);
		UserGrants.Change change = this.grants.grant(this.shares, KIND, folder.id(), ownerId, usernameOrEmail,
				permission);
		return new ShareService.Grant(change.share(), change.created());
	}

	/** Stops sharing the owner's folder with that user. */
	@Transactional
	public void revoke(String ownerId, String folderId, String usernameOrEmail) {
		this.grants.revoke(this.shares, KIND, ownFolder(ownerId, folderId).id(), usernameOrEmail);
	}

	/** Who the owner's folder is shared with, and how. */
	public List<Share> list(String ownerId, String folderId) {
		return this.shares
			.grantsOn(this.folders.access(ownerId, folderId).require(Permission.OWNER, MANAGE_SHARES).folder().id());
	}

	/** Folders other users shared with {@code userId}. */
	public List<SharedFolder> sharedWith(String userId) {
		return this.shares.sharedWith(userId);
	}

	/**
	 * The grants the owner made on their folders, by folder name, then grantee; not those
	 * on folders in the trash, which reach nobody.
	 */
	public List<GrantedFolderShare> sharedBy(String ownerId) {
		return this.shares.sharedBy(ownerId);
	}

	/** The owner's folder (not the top one), its row locked for the change. */
	private Folder ownFolder(String ownerId, String folderId) {
		this.shares.lockFolder(FolderService.ROOT.equals(folderId) ? ownerId : folderId);
		Folder folder = this.folders.access(ownerId, folderId).require(Permission.OWNER, MANAGE_SHARES).folder();
		if (folder.isRoot()) {
			throw new InvalidInputException("folder", "Share a folder inside your top folder, not all of your files.");
		}
		return folder;
	}

}
