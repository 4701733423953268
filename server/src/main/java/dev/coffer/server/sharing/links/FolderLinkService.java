package dev.coffer.server.sharing.links;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.NotFoundException;
import dev.coffer.server.SecretTokens;
import dev.coffer.server.SecurityEvent;
import dev.coffer.server.SecurityEvent.Outcome;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.files.FolderAccess;
import dev.coffer.server.files.FolderService;
import dev.coffer.server.files.Permission;
import dev.coffer.server.keys.SealedSecrets.Sealed;
import dev.coffer.server.sharing.secretlinks.SecretLinks;

/**
 * Public links to folders: the owner makes, lists, copies again and revokes them; anyone
 * holding one browses the folder and everything inside it, read only, and downloads a
 * file or a folder as a ZIP, within the link's limits (expiry, password, downloads).
 * <p>
 * What a link reaches is decided by the files package's one access policy
 * ({@link FolderService#accessWithin}, {@code FileService.readableWithin}), on every
 * request: a file moved out of the folder is out of reach at once, and a folder put in
 * the trash, or inside one that is, makes the link answer 410.
 * <p>
 * Only the owner makes links to a folder. Editors of a shared folder may not: their right
 * ends when the share does, which this package does not hear of, so their links could
 * outlive it. The top folder ("My files") has none; everything in an account is one link
 * too many.
 */
@Service
public class FolderLinkService {

	private static final Logger logger = LoggerFactory.getLogger(FolderLinkService.class);

	private final FolderLinkRepository links;

	private final FolderService folders;

	private final ShareLinkService fileLinks;

	private final SecretLinks secretLinks;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	FolderLinkService(FolderLinkRepository links, FolderService folders, ShareLinkService fileLinks,
			SecretLinks secretLinks, Clock clock, ApplicationEventPublisher events) {
		this.links = links;
		this.folders = folders;
		this.fileLinks = fileLinks;
		this.secretLinks = secretLinks;
		this.clock = clock;
		this.events = events;
	}

	/**
	 * Makes a link to the owner's folder. Expiry, password and download limit follow the
	 * rules of links to files; a version cannot be chosen.
	 */
	@Transactional
	IssuedFolderLink create(CurrentUser user, String folderId, LinkRequest request) {
		FolderAccess access = ownFolder(user.id(), folderId, "make public links to this folder");
		if (request.version() != null) {
			throw new InvalidInputException("version", "A link to a folder always serves what the folder holds now.");
		}
		Instant now = this.clock.instant();
		Instant expiresAt = now.plus(this.fileLinks.expiry(request.expiresInDays()));
		Integer maxDownloads = ShareLinkService.requireValidLimit(request.maxDownloads());
		String passwordHash = this.secretLinks.hashPassword(request.password(), "A link password");
		FolderLink link = new FolderLink(UUID.randomUUID().toString(), access.folder().id(), user.id(), user.username(),
				now, expiresAt, passwordHash, maxDownloads, 0, null, false, null, true);
		String token = SecretTokens.newToken();
		this.links.insert(link, SecretTokens.hash(token),
				this.secretLinks.seal(token, FolderLinkRepository.BOUND_ID_PREFIX + link.id()));
		logger.info("Link {} created for folder {}", link.id(), link.folderId());
		audit("folderlink.created", user.username(), link, Outcome.SUCCESS, describe(link));
		return new IssuedFolderLink(token, link, access.folder().name());
	}

	/** The folder's links, newest first, whatever their status (owner only). */
	List<FolderLink> list(String userId, String folderId) {
		FolderAccess access = ownFolder(userId, folderId, "see the public links to this folder");
		return this.links.findByFolder(access.folder().id());
	}

	/**
	 * The folder's links for its page: {@code null} for anyone but the owner, and for the
	 * top folder (the caller has found the folder through the access policy).
	 */
	List<FolderLink> listForPage(FolderAccess access) {
		if (!access.isOwner() || access.folder().isRoot()) {
			return null;
		}
		return this.links.findByFolder(access.folder().id());
	}

	/**
	 * One of the owner's links with its token to copy it again; the token is {@code null}
	 * once the link is revoked. Showing a token is audited.
	 * @throws NotFoundException if the folder has no such link
	 */
	IssuedFolderLink reveal(CurrentUser user, String folderId, String linkId) {
		FolderAccess access = ownFolder(user.id(), folderId, "see the public links to this folder");
		FolderLink link = this.links.findByIdAndFolder(linkId, access.folder().id())
			.orElseThrow(FolderLinkService::noSuchLinkOfFolder);
		Optional<Sealed> sealed = this.links.sealedToken(link.id());
		if (sealed.isEmpty()) {
			return new IssuedFolderLink(null, link, access.folder().name());
		}
		String token = this.secretLinks.reveal(sealed.get(), FolderLinkRepository.BOUND_ID_PREFIX + link.id());
		audit("folderlink.copied", user.username(), link, Outcome.SUCCESS, null);
		return new IssuedFolderLink(token, link, access.folder().name());
	}

	/**
	 * Revokes one of the owner's links; from the next request on it answers 410. Revoking
	 * a revoked link changes nothing.
	 */
	@Transactional
	FolderLink revoke(CurrentUser user, String folderId, String linkId) {
		FolderAccess access = ownFolder(user.id(), folderId, "revoke public links to this folder");
		FolderLink link = this.links.findByIdAndFolder(linkId, access.folder().id())
			.orElseThrow(FolderLinkService::noSuchLinkOfFolder);
		if (this.links.revoke(link.id(), this.clock.instant())) {
			logger.info("Link {} of folder {} revoked", link.id(), link.folderId());
			audit("folderlink.revoked", user.username(), link, Outcome.SUCCESS, null);
		}
		return link;
	}

	/** The folder link a token stands for, whatever its status; empty for none. */
	Optional<LinkedFolder> find(String token) {
		return SecretLinks.tokenHash(token).flatMap(this.links::findByHash);
	}

	/**
	 * The link, if it still serves its folder.
	 * @throws LinkGoneException for an expired, revoked or used-up link, one whose folder
	 * is in the trash, or one whose owner's account is disabled
	 */
	LinkedFolder requireActive(LinkedFolder linked) {
		ShareLink.Status status = linked.link().status(this.clock.instant());
		if (status != ShareLink.Status.ACTIVE) {
			throw new LinkGoneException(status);
		}
		if (!linked.ownerEnabled()) {
			throw LinkGoneException.ownerDisabled();
		}
		try {
			this.folders.accessWithin(linked.link().folderId(), linked.link().folderId());
		}
		catch (NotFoundException ex) {
			throw LinkGoneException.folderDeleted();
		}
		return linked;
	}

	/**
	 * Checks a link password, counting wrong guesses per link, as for links to files.
	 * @return whether it is right
	 */
	boolean checkPassword(LinkedFolder linked, String password) {
		FolderLink link = linked.link();
		SecretLinks.Guess guess = this.secretLinks.checkPassword(link.id(), password, link.passwordHash());
		if (!guess.right()) {
			audit("folderlink.password_failed", ShareLinkService.currentUser(), link, Outcome.FAILURE,
					"attempt " + guess.failures() + " in the current window");
		}
		return guess.right();
	}

	/**
	 * Counts a download through the link if it counts (a file from its start, or a ZIP),
	 * in one conditional update, so that concurrent downloads never get past the limit.
	 * One that does not count (a Range that continues a download, a HEAD) still needs a
	 * usable link.
	 * @param what what is downloaded, for the audit log ("file …", "ZIP of folder …")
	 * @throws LinkGoneException if the link no longer serves its folder
	 */
	void startDownload(LinkedFolder linked, boolean counts, String what) {
		FolderLink link = linked.link();
		Instant now = this.clock.instant();
		if (counts ? !this.links.consumeDownload(link.id(), now) : link.status(now) != ShareLink.Status.ACTIVE) {
			ShareLink.Status status = link.status(now);
			throw new LinkGoneException((status != ShareLink.Status.ACTIVE) ? status : ShareLink.Status.EXHAUSTED);
		}
		if (counts) {
			audit("folderlink.used", ShareLinkService.currentUser(), link, Outcome.SUCCESS, what);
		}
	}

	/** The owner's folder, not the top one; 404 for others, as if it did not exist. */
	private FolderAccess ownFolder(String userId, String folderId, String action) {
		FolderAccess access = this.folders.access(userId, folderId).require(Permission.OWNER, action);
		if (access.folder().isRoot()) {
			throw new InvalidInputException("folderId",
					"Your top folder cannot have a public link: link a folder inside it instead.");
		}
		return access;
	}

	private static String describe(FolderLink link) {
		return "link " + link.id() + ((link.passwordProtected()) ? ", password" : "")
				+ ((link.maxDownloads() != null) ? ", max " + link.maxDownloads() + " downloads" : "");
	}

	private void audit(String action, String actor, FolderLink link, Outcome outcome, String details) {
		this.events.publishEvent(new SecurityEvent(action, actor, null, "folderlink:" + link.id(), outcome,
				"folder " + link.folderId() + ((details != null) ? ", " + details : "")));
	}

	private static NotFoundException noSuchLinkOfFolder() {
		return new NotFoundException("This folder has no such link.");
	}

}
