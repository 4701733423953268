package dev.coffer.server.sharing;

import java.time.Clock;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.NotFoundException;
import dev.coffer.server.SecurityEvent;
import dev.coffer.server.files.Folder;
import dev.coffer.server.files.FolderService;
import dev.coffer.server.files.Permission;

/**
 * Sharing folders with other users: READ or EDIT on everything inside, now and later (the
 * nearest share on a file's path decides, see {@code FileRepository.findAccess}). Only
 * the owner sees and changes a folder's grants. A change or revocation counts from the
 * next request, because nothing is cached. Editors through a folder cannot make public
 * links, so no link outlives a right that ends when a file moves out.
 */
@Service
public class FolderShareService {

	private static final String MANAGE_SHARES = "change who this folder is shared with";

	private final FolderShareRepository shares;

	private final ShareRepository users;

	private final FolderService folders;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	FolderShareService(FolderShareRepository shares, ShareRepository users, FolderService folders, Clock clock,
			ApplicationEventPublisher events) {
		this.shares = shares;
		this.users = users;
		this.folders = folders;
		this.clock = clock;
		this.events = events;
	}

	/**
	 * Shares the owner's folder with the user named {@code usernameOrEmail}, or changes
	 * that user's permission.
	 */
	@Transactional
	public ShareService.Grant grant(String ownerId, String folderId, String usernameOrEmail, String permission) {
		Folder folder = ownFolder(ownerId, folderId);
		Permission level = Permission.grantable("permission", permission);
		ShareRepository.Grantee grantee = ShareService.findGrantee(this.users, usernameOrEmail);
		if (grantee.id().equals(ownerId)) {
			throw new InvalidInputException("user", "This is your own folder; share it with someone else.");
		}
		Permission previous = this.shares.permissionOf(folder.id(), grantee.id()).orElse(null);
		if (previous == null) {
			this.shares.insert(folder.id(), grantee.id(), level, ownerId, this.clock.instant());
			audit("share.granted", folder.id(), "grantee " + grantee.username() + ", permission " + level);
		}
		else if (previous != level) {
			this.shares.update(folder.id(), grantee.id(), level);
			audit("share.changed", folder.id(),
					"grantee " + grantee.username() + ", permission " + level + " (was " + previous + ")");
		}
		Share share = this.shares.ofFolder(folder.id())
			.stream()
			.filter((s) -> s.granteeId().equals(grantee.id()))
			.findFirst()
			.orElseThrow(FolderShareService::noSuchFolder);
		return new ShareService.Grant(share, previous == null);
	}

	/** Stops sharing the owner's folder with that user. */
	@Transactional
	public void revoke(String ownerId, String folderId, String usernameOrEmail) {
		Folder folder = ownFolder(ownerId, folderId);
		ShareRepository.Grantee grantee = this.users.findUser((usernameOrEmail != null) ? usernameOrEmail : "")
			.orElse(null);
		if (grantee == null || this.shares.delete(folder.id(), grantee.id()) == 0) {
			throw new NotFoundException("This folder is not shared with that user.");
		}
		audit("share.revoked", folder.id(), "grantee " + grantee.username());
	}

	/** Who the owner's folder is shared with, and how. */
	public List<Share> list(String ownerId, String folderId) {
		return this.shares
			.ofFolder(this.folders.access(ownerId, folderId).require(Permission.OWNER, MANAGE_SHARES).folder().id());
	}

	/** Folders other users shared with {@code userId}. */
	public List<SharedFolder> sharedWith(String userId) {
		return this.shares.sharedWith(userId);
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

	private static NotFoundException noSuchFolder() {
		return new NotFoundException("There is no such folder.");
	}

	private void audit(String action, String folderId, String details) {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		this.events.publishEvent(new SecurityEvent(action, (caller != null) ? caller.getName() : null, null,
				"folder:" + folderId, SecurityEvent.Outcome.SUCCESS, details));
	}

}
