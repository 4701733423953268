package dev.coffer.server.sharing.links;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.coffer.server.CofferProperties;
import dev.coffer.server.ConflictException;
import dev.coffer.server.InvalidInputException;
import dev.coffer.server.NotFoundException;
import dev.coffer.server.OperationNotAllowedException;
import dev.coffer.server.SecretTokens;
import dev.coffer.server.SecurityEvent;
import dev.coffer.server.SecurityEvent.Outcome;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.files.FileAccess;
import dev.coffer.server.files.FileService;
import dev.coffer.server.files.FileVersion;
import dev.coffer.server.files.Permission;
import dev.coffer.server.keys.SealedSecrets.Sealed;
import dev.coffer.server.sharing.secretlinks.SecretLinks;

/**
 * Public links: the owner makes, lists and revokes them; anyone holding one opens it,
 * unlocks it with its password if it has one, and downloads through it within its limits.
 * The web pages and the REST API both go through here.
 * <p>
 * The file's owner manages all its links. The owner may let the users a file is shared
 * with for editing make links too; an editor then sees and revokes the links they made,
 * and those links are revoked when the owner takes the right back (turns it off, changes
 * the editor's share to READ or revokes it). Other users the file is shared with are
 * refused (403); for anyone else the file does not exist (404).
 */
@Service
public class ShareLinkService {

	private static final Logger logger = LoggerFactory.getLogger(ShareLinkService.class);

	static final int MAX_DOWNLOADS = 1_000_000;

	private final ShareLinkRepository links;

	private final FileService files;

	private final SecretLinks secretLinks;

	private final CofferProperties.Links settings;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	ShareLinkService(ShareLinkRepository links, FileService files, SecretLinks secretLinks, CofferProperties coffer,
			Clock clock, ApplicationEventPublisher events) {
		this.links = links;
		this.files = files;
		this.secretLinks = secretLinks;
		this.settings = coffer.links();
		this.clock = clock;
		this.events = events;
	}

	/** Makes a link to the file, for its owner or an editor the owner lets make links. */
	@Transactional
	IssuedShareLink create(CurrentUser user, String fileId, LinkRequest request) {
		// Locked first: the right to make the link cannot be withdrawn before this
		// commits.
		this.links.lockFile(fileId);
		LinkManager maker = manager(user.id(), fileId);
		Instant now = this.clock.instant();
		Instant expiresAt = now.plus(expiry(request.expiresInDays()));
		Integer maxDownloads = requireValidLimit(request.maxDownloads());
		String versionId = null;
		if (request.version() != null) {
			versionId = this.links.versionId(fileId, request.version())
				.orElseThrow(() -> new InvalidInputException("version", "This file has no such version."));
		}
		if (this.files.version(user.id(), fileId, request.version()).endToEnd()) {
			throw new ConflictException("This version is end-to-end encrypted: only its readers' Coffer clients can "
					+ "open it, so a public link would hand out ciphertext. Share it with users instead "
					+ "(coffer share NAME USER --e2e).");
		}
		String passwordHash = this.secretLinks.hashPassword(request.password(), "A link password");
		ShareLink link = new ShareLink(UUID.randomUUID().toString(), fileId, maker.userId(), user.username(), now,
				expiresAt, passwordHash, maxDownloads, 0, null, versionId != null, request.version(), false, null,
				true);
		String token = SecretTokens.newToken();
		this.links.insert(link, SecretTokens.hash(token),
				this.secretLinks.seal(token, ShareLinkRepository.BOUND_ID_PREFIX + link.id()), versionId);
		logger.info("Link {} created for file {}", link.id(), fileId);
		audit("link.created", user.username(), link, Outcome.SUCCESS, describe(link));
		return new IssuedShareLink(token, link, maker.fileName());
	}

	/**
	 * The file's links the user manages, newest first, whatever their status: all of them
	 * for the owner, their own for an editor.
	 */
	List<ShareLink> list(String userId, String fileId) {
		LinkManager manager = manager(userId, fileId);
		return this.links.findByFile(fileId).stream().filter(manager::manages).toList();
	}

	/** A download limit a new link may have: 1 to {@link #MAX_DOWNLOADS}, or none. */
	static Integer requireValidLimit(Integer maxDownloads) {
		if (maxDownloads != null && (maxDownloads < 1 || maxDownloads > MAX_DOWNLOADS)) {
			throw new InvalidInputException("maxDownloads", "A download limit is 1 to " + MAX_DOWNLOADS + ", or none.");
		}
		return maxDownloads;
	}

	/**
	 * The links a user manages on a file, for its page; {@code null} if the user may not
	 * make links to it (the caller has found the file through the access policy).
	 */
	List<ShareLink> listForPage(String userId, FileAccess access) {
		if (!mayMakeLinks(access)) {
			return null;
		}
		LinkManager manager = new LinkManager(userId, access.isOwner(), access.file().name());
		return this.links.findByFile(access.file().id()).stream().filter(manager::manages).toList();
	}

	/**
	 * One link the user manages, with its token to copy it again if it has one (see
	 * {@link ShareLink#copyable()}); showing a token is audited, since it hands out the
	 * link.
	 * @return the link; its token {@code null} if it cannot be copied
	 * @throws NotFoundException if the user manages no such link of this file
	 */
	IssuedShareLink reveal(CurrentUser user, String fileId, String linkId) {
		LinkManager manager = manager(user.id(), fileId);
		ShareLink link = this.links.findByIdAndFile(linkId, fileId)
			.filter(manager::manages)
			.orElseThrow(() -> new NotFoundException("This file has no such link."));
		Optional<Sealed> sealed = this.links.sealedToken(link.id());
		if (sealed.isEmpty()) {
			return new IssuedShareLink(null, link, manager.fileName());
		}
		String token = this.secretLinks.reveal(sealed.get(), ShareLinkRepository.BOUND_ID_PREFIX + link.id());
		audit("link.copied", user.username(), link, Outcome.SUCCESS, null);
		return new IssuedShareLink(token, link, manager.fileName());
	}

	/** Why a link cannot be copied again, for someone who asked to. */
	static ConflictException notCopyable(ShareLink link) {
		return new ConflictException(link.revoked() ? "This link was revoked: there is nothing to copy."
				: "Copy not available: this link was made before links could be copied again. "
						+ "Make a new one if you need to send it again.");
	}

	/**
	 * Revokes a link the user manages; from the next request on it answers 410. Revoking
	 * a revoked link changes nothing. A link someone else made is, for an editor, no link
	 * of this file (404).
	 */
	@Transactional
	ShareLink revoke(CurrentUser user, String fileId, String linkId) {
		LinkManager manager = manager(user.id(), fileId);
		ShareLink link = this.links.findByIdAndFile(linkId, fileId)
			.filter(manager::manages)
			.orElseThrow(() -> new NotFoundException("This file has no such link."));
		if (this.links.revoke(link.id(), this.clock.instant())) {
			logger.info("Link {} of file {} revoked", link.id(), fileId);
			audit("link.revoked", user.username(), link, Outcome.SUCCESS, null);
		}
		return link;
	}

	/** Whether the file's editors may make links; anyone who can see the file may ask. */
	boolean editorsMayCreateLinks(String userId, String fileId) {
		this.files.access(userId, fileId);
		return this.links.editorsMayCreateLinks(fileId);
	}

	/** As {@link #editorsMayCreateLinks(String, String)}, for a file already found. */
	boolean editorsMayCreateLinks(FileAccess access) {
		return this.links.editorsMayCreateLinks(access.file().id());
	}

	/**
	 * Lets the file's editors make links, or stops them (owner only); stopping revokes
	 * the links they made.
	 * @return how many links that revoked
	 */
	@Transactional
	int setEditorsMayCreateLinks(CurrentUser user, String fileId, boolean allowed) {
		this.links.lockFile(fileId);
		this.files.access(user.id(), fileId).require(Permission.OWNER, "decide who may make public links to this file");
		if (this.links.editorsMayCreateLinks(fileId) == allowed) {
			return 0;
		}
		this.links.setEditorsMayCreateLinks(fileId, allowed);
		this.events.publishEvent(new SecurityEvent("link.policy_changed", user.username(), null, "file:" + fileId,
				Outcome.SUCCESS, "editors may create links: " + (allowed ? "yes" : "no")));
		return allowed ? 0 : revokeMadeBy(fileId, null, "the owner no longer lets editors make links");
	}

	/**
	 * Revokes the links a user made to a file, because their right to make them was
	 * withdrawn (their share was revoked or changed to READ). The caller holds the file's
	 * lock (see {@link ShareLinkRepository#lockFile}) and runs in a transaction.
	 * @return how many links that revoked
	 */
	public int revokeLinksMadeBy(String fileId, String userId, String why) {
		return revokeMadeBy(fileId, userId, why);
	}

	/** {@code userId} null: the links made by anyone but the owner. */
	private int revokeMadeBy(String fileId, String userId, String why) {
		int revoked = 0;
		for (ShareLink link : this.links.findUnrevokedMadeBy(fileId, userId)) {
			if (this.links.revoke(link.id(), this.clock.instant())) {
				logger.info("Link {} of file {} revoked: {}", link.id(), fileId, why);
				audit("link.revoked", currentUser(), link, Outcome.SUCCESS, "made by " + link.creator() + ", " + why);
				revoked++;
			}
		}
		return revoked;
	}

	/**
	 * The link a presented token stands for, if it still serves its file.
	 * @throws NotFoundException for a malformed or unknown token
	 * @throws LinkGoneException for an expired, revoked, used-up link, one whose pinned
	 * version was deleted, or one whose owner's account is disabled
	 */
	LinkedFile open(String token) {
		LinkedFile found = find(token);
		ShareLink.Status status = found.link().status(this.clock.instant());
		if (status != ShareLink.Status.ACTIVE) {
			throw new LinkGoneException(status);
		}
		if (!found.ownerEnabled()) {
			throw LinkGoneException.ownerDisabled();
		}
		return found;
	}

	/**
	 * Checks a link password, counting wrong guesses per link.
	 * @return whether it is right
	 * @throws dev.coffer.server.throttle.TooManyAttemptsException when guesses on this
	 * link are slowed or blocked; the password is not even checked then
	 */
	boolean checkPassword(LinkedFile linked, String password) {
		ShareLink link = linked.link();
		SecretLinks.Guess guess = this.secretLinks.checkPassword(link.id(), password, link.passwordHash());
		if (!guess.right()) {
			audit("link.password_failed", currentUser(), link, Outcome.FAILURE,
					"attempt " + guess.failures() + " in the current window");
		}
		return guess.right();
	}

	/**
	 * The version a download through this link serves, having counted the download if it
	 * counts: one conditional update settles whether the link still allows one, so
	 * concurrent downloads never exceed its limit.
	 * @param counts whether a request for this version counts as a download; one that
	 * does not (a Range that continues a download, a HEAD) still needs a usable link
	 * @throws LinkGoneException if the link no longer serves its file
	 * @throws ConflictException if the version it serves is end-to-end encrypted
	 */
	FileVersion startDownload(LinkedFile linked, Predicate<FileVersion> counts) {
		ShareLink link = linked.link();
		FileVersion version = currentVersion(linked);
		if (version.endToEnd()) {
			// Uploaded end to end after the link was made: the link would hand out
			// ciphertext.
			throw new ConflictException(linked.fileName() + " is end-to-end encrypted now: only the Coffer client of "
					+ "someone it is shared with can open it, so this link does not serve it.");
		}
		boolean counted = counts.test(version);
		Instant now = this.clock.instant();
		if (counted ? !this.links.consumeDownload(link.id(), now) : link.status(now) != ShareLink.Status.ACTIVE) {
			// The link was usable when read: a refused count means another download took
			// the last one, unless it ran out or was revoked in between.
			ShareLink.Status status = link.status(now);
			throw new LinkGoneException((status != ShareLink.Status.ACTIVE) ? status : ShareLink.Status.EXHAUSTED);
		}
		if (counted) {
			audit("link.used", currentUser(), link, Outcome.SUCCESS, "version " + version.number());
		}
		return version;
	}

	/**
	 * The version the link serves now: the pinned one, or the file's current version.
	 * @throws LinkGoneException if it was deleted
	 */
	FileVersion currentVersion(LinkedFile linked) {
		ShareLink link = linked.link();
		if (link.pinned() && link.versionNumber() == null) {
			throw new LinkGoneException(ShareLink.Status.VERSION_DELETED);
		}
		try {
			return this.files.version(linked.ownerId(), link.fileId(), link.pinned() ? link.versionNumber() : null);
		}
		catch (NotFoundException ex) {
			throw new LinkGoneException(ShareLink.Status.VERSION_DELETED); // deleted
																			// since the
																			// link was
																			// read
		}
	}

	private LinkedFile find(String token) {
		return SecretLinks.tokenHash(token).flatMap(this.links::findByHash).orElseThrow(ShareLinkService::noSuchLink);
	}

	/**
	 * How long a new link lasts: {@code days}, or the configured default; the rules for
	 * links to files and to folders alike.
	 * @throws InvalidInputException beyond the configured maximum
	 */
	Duration expiry(Integer days) {
		Duration max = this.settings.maxExpiry();
		if (days == null) {
			Duration preset = this.settings.defaultExpiry();
			return (preset.compareTo(max) > 0) ? max : preset;
		}
		if (days < 1 || Duration.ofDays(days).compareTo(max) > 0) {
			throw new InvalidInputException("expiresInDays",
					"A link expires after 1 to " + Math.max(1, max.toDays()) + " days.");
		}
		return Duration.ofDays(days);
	}

	/**
	 * Whose links a user manages on a file: all of them (the owner) or the ones they made
	 * (an editor the owner lets make links).
	 */
	private record LinkManager(String userId, boolean owner, String fileName) {

		boolean manages(ShareLink link) {
			return this.owner || link.createdBy().equals(this.userId);
		}

	}

	/**
	 * The user as a manager of the file's links: the one access policy answers 404 to
	 * those who cannot see the file, and 403 to grantees who may not make links.
	 */
	private LinkManager manager(String userId, String fileId) {
		FileAccess access = this.files.access(userId, fileId);
		if (!mayMakeLinks(access)) {
			String why = access.inherited()
					? "Only the owner, and editors the file itself is shared with, can make public links to it."
					: access.allows(Permission.EDIT)
							? "The owner of this file has not allowed editors to make public links to it."
							: "Only the owner, and editors the owner allows, can make public links to this file.";
			throw new OperationNotAllowedException(why);
		}
		return new LinkManager(userId, access.isOwner(), access.file().name());
	}

	/**
	 * The owner, or an editor of the file itself whom the owner allows. Not an editor
	 * through a shared folder: that right ends when the file moves out of the folder,
	 * which the links package does not hear of, so a link could outlive it.
	 */
	private boolean mayMakeLinks(FileAccess access) {
		return access.isOwner() || (access.allows(Permission.EDIT) && !access.inherited()
				&& this.links.editorsMayCreateLinks(access.file().id()));
	}

	private static String describe(ShareLink link) {
		return "link " + link.id() + ((link.passwordProtected()) ? ", password" : "")
				+ ((link.maxDownloads() != null) ? ", max " + link.maxDownloads() + " downloads" : "")
				+ ((link.pinned()) ? ", version " + link.versionNumber() : ", latest version");
	}

	private void audit(String action, String actor, ShareLink link, Outcome outcome, String details) {
		this.events.publishEvent(new SecurityEvent(action, actor, null, "link:" + link.id(), outcome,
				"file " + link.fileId() + ((details != null) ? ", " + details : "")));
	}

	/** Who is signed in, for audit entries; null for a visitor without an account. */
	static String currentUser() {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		return (caller != null && !(caller instanceof AnonymousAuthenticationToken)) ? caller.getName() : null;
	}

	/** The answer to a token that is no link, of either kind. */
	static NotFoundException noSuchLink() {
		return new NotFoundException("There is no such link. Check that you copied all of it.");
	}

}
