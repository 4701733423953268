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
import dev.coffer.server.files.FileAccess;
import dev.coffer.server.files.FileService;
import dev.coffer.server.files.Permission;
import dev.coffer.server.sharing.links.ShareLinkService;

/**
 * Sharing files with other users: the owner grants READ or EDIT, changes it, revokes it.
 * Only the owner sees and changes a file's grants (a grantee gets 403, anyone else 404,
 * as {@link FileService} decides). What a grant allows is enforced by the files package
 * on every request, so a change or revocation takes effect on the next one. Taking EDIT
 * away (revoking, or changing to READ) also revokes the public links that user made.
 */
@Service
public class ShareService {

	private static final String MANAGE_SHARES = "change who this file is shared with";

	private final ShareRepository shares;

	private final FileService files;

	private final ShareLinkService links;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	ShareService(ShareRepository shares, FileService files, ShareLinkService links, Clock clock,
			ApplicationEventPublisher events) {
		this.shares = shares;
		this.files = files;
		this.links = links;
		this.clock = clock;
		this.events = events;
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
		Permission level = Permission.grantable("permission", permission);
		ShareRepository.Grantee grantee = findGrantee(usernameOrEmail);
		if (grantee.id().equals(ownerId)) {
			throw new InvalidInputException("user", "This is your own file; share it with someone else.");
		}
		Permission previous = this.shares.permissionOf(fileId, grantee.id()).orElse(null);
		boolean created = (previous == null);
		if (created) {
			this.shares.insert(fileId, grantee.id(), level, ownerId, this.clock.instant());
		}
		else if (previous != level) {
			this.shares.update(fileId, grantee.id(), level);
		}
		String details = "grantee " + grantee.username() + ", permission " + level;
		if (created) {
			audit("share.granted", fileId, details);
		}
		else if (previous != level) {
			audit("share.changed", fileId, details + " (was " + previous + ")");
			if (level == Permission.READ) {
				this.links.revokeLinksMadeBy(fileId, grantee.id(), "their share was changed to READ");
			}
		}
		Share share = this.shares.ofFile(access.file().id())
			.stream()
			.filter((s) -> s.granteeId().equals(grantee.id()))
			.findFirst()
			.orElseThrow(() -> new NotFoundException("There is no such file."));
		return new Grant(share, created);
	}

	/** Stops sharing the owner's file with that user. */
	@Transactional
	public void revoke(String ownerId, String fileId, String usernameOrEmail) {
		this.shares.lockFile(fileId);
		this.files.access(ownerId, fileId).require(Permission.OWNER, MANAGE_SHARES);
		String who = (usernameOrEmail != null) ? usernameOrEmail : "";
		ShareRepository.Grantee grantee = this.shares.findUser(who).orElse(null);
		if (grantee == null || this.shares.delete(fileId, grantee.id()) == 0) {
			throw new NotFoundException("This file is not shared with that user.");
		}
		audit("share.revoked", fileId, "grantee " + grantee.username());
		this.links.revokeLinksMadeBy(fileId, grantee.id(), "their share was revoked");
	}

	/** Who the owner's file is shared with, and how. */
	public List<Share> list(String ownerId, String fileId) {
		return list(this.files.access(ownerId, fileId));
	}

	/** As {@link #list(String, String)}, for a file already found. */
	List<Share> list(FileAccess access) {
		access.require(Permission.OWNER, "see who this file is shared with");
		return this.shares.ofFile(access.file().id());
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

	private ShareRepository.Grantee findGrantee(String usernameOrEmail) {
		return findGrantee(this.shares, usernameOrEmail);
	}

	/** The user to share with, by username or email (also for folders). */
	static ShareRepository.Grantee findGrantee(ShareRepository users, String usernameOrEmail) {
		if (usernameOrEmail == null || usernameOrEmail.isBlank()) {
			throw new InvalidInputException("user", "Enter the username or email address of the person to share with.");
		}
		if (usernameOrEmail.length() > 254) {
			throw new InvalidInputException("user", "That is not a username or email address.");
		}
		// Sign-up already tells whether a username is taken, so saying "no such user"
		// reveals nothing new.
		return users.findUser(usernameOrEmail)
			.orElseThrow(() -> new NotFoundException("There is no user with that username or email address."));
	}

	private void audit(String action, String fileId, String details) {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		this.events.publishEvent(new SecurityEvent(action, (caller != null) ? caller.getName() : null, null,
				"file:" + fileId, SecurityEvent.Outcome.SUCCESS, details));
	}

}
