package dev.coffer.server.sharing.requests;

import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.coffer.server.ConflictException;
import dev.coffer.server.InvalidInputException;
import dev.coffer.server.NotFoundException;
import dev.coffer.server.SecretTokens;
import dev.coffer.server.SecurityEvent;
import dev.coffer.server.TextRules;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.files.Folder;
import dev.coffer.server.files.FolderService;
import dev.coffer.server.files.Permission;
import dev.coffer.server.keys.SealedSecrets.Sealed;
import dev.coffer.server.sharing.secretlinks.SecretLinks;

/**
 * Request links: making, listing and revoking them (for their owner), and finding and
 * unlocking one from its token (for senders). The pages and the API go through here.
 */
@Service
class FileRequestService {

	private static final Logger logger = LoggerFactory.getLogger(FileRequestService.class);

	static final int MAX_TITLE = 200;

	static final int MAX_FILES = 1000;

	/** 1 TiB: a sanity bound; the owner's quota is enforced on every file anyway. */
	static final long MAX_BYTES = 1L << 40;

	static final int MAX_EXPIRY_DAYS = 365;

	private final FileRequestRepository requests;

	private final SecretLinks secretLinks;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final FolderService folders;

	FileRequestService(FileRequestRepository requests, SecretLinks secretLinks, Clock clock,
			ApplicationEventPublisher events, FolderService folders) {
		this.folders = folders;
		this.requests = requests;
		this.secretLinks = secretLinks;
		this.clock = clock;
		this.events = events;
	}

	/**
	 * Makes a request link for {@code username}.
	 * @param expiresInDays 1 to 365, or {@code null} for a link that never expires
	 * @param password {@code null} or empty for none
	 * @param folderId the owner's folder the files go into; {@code null}, empty or
	 * {@code root} for their top folder
	 * @throws dev.coffer.server.NotFoundException if the owner has no such folder
	 */
	@Transactional
	IssuedFileRequest create(CurrentUser owner, String title, Integer expiresInDays, String password, int maxFiles,
			long maxBytes, String folderId) {
		String validTitle = requireValidTitle(title);
		String folder = null;
		if (folderId != null && !folderId.isBlank()) {
			Folder chosen = this.folders.access(owner.id(), folderId)
				.require(Permission.OWNER, "receive files through a request link in this folder")
				.folder();
			folder = chosen.isRoot() ? null : chosen.id();
		}
		if (expiresInDays != null && (expiresInDays < 1 || expiresInDays > MAX_EXPIRY_DAYS)) {
			throw new InvalidInputException("expiresIn", "A request link expires after 1 to 365 days, or never.");
		}
		if (maxFiles < 1 || maxFiles > MAX_FILES) {
			throw new InvalidInputException("maxFiles", "A request link accepts 1 to 1,000 files.");
		}
		if (maxBytes < 1 || maxBytes > MAX_BYTES) {
			throw new InvalidInputException("maxBytes", "A request link accepts between 1 byte and 1 TiB in all.");
		}
		String passwordHash = this.secretLinks.hashPassword(password, "A request link's password");
		Instant now = this.clock.instant();
		Instant expiresAt = (expiresInDays != null) ? now.plus(Duration.ofDays(expiresInDays)) : null;
		FileRequest request = new FileRequest(UUID.randomUUID().toString(), owner.id(), validTitle, now, expiresAt,
				passwordHash != null, maxFiles, maxBytes, 0, 0, false, true, folder);
		String token = SecretTokens.newToken();
		this.requests.insert(request, SecretTokens.hash(token),
				this.secretLinks.seal(token, FileRequestRepository.BOUND_ID_PREFIX + request.id()), passwordHash);
		logger.info("Request link {} created by user {}", request.id(), owner.id());
		this.events.publishEvent(new SecurityEvent("request.created", owner.username(), null, "request:" + request.id(),
				SecurityEvent.Outcome.SUCCESS, validTitle));
		return new IssuedFileRequest(token, request);
	}

	/** The user's request links, newest first, whatever their status. */
	List<FileRequest> list(String userId) {
		return this.requests.findByOwner(userId);
	}

	/**
	 * Revokes one of the user's own request links: from now on it accepts nothing.
	 * @throws NotFoundException if the user has no such link, including when it is
	 * someone else's
	 */
	@Transactional
	FileRequest revoke(CurrentUser owner, String requestId) {
		FileRequest request = this.requests.findByIdAndOwner(requestId, owner.id())
			.orElseThrow(() -> new NotFoundException("You have no such request link."));
		if (this.requests.revoke(request.id())) {
			this.events.publishEvent(new SecurityEvent("request.revoked", owner.username(), null,
					"request:" + request.id(), SecurityEvent.Outcome.SUCCESS, request.title()));
		}
		return request;
	}

	/**
	 * One of the user's own request links.
	 * @throws NotFoundException if the user has no such link, including when it is
	 * someone else's
	 */
	FileRequest get(String userId, String requestId) {
		return this.requests.findByIdAndOwner(requestId, userId)
			.orElseThrow(() -> new NotFoundException("You have no such request link."));
	}

	/**
	 * One of the user's own request links with its token, to copy it again, if it has one
	 * (see {@link FileRequest#copyable()}); showing a token is audited, since it hands
	 * out the link.
	 * @return the link; its token {@code null} if it cannot be copied
	 * @throws NotFoundException if the user has no such link, including when it is
	 * someone else's
	 */
	IssuedFileRequest reveal(CurrentUser owner, String requestId) {
		FileRequest request = get(owner.id(), requestId);
		Optional<Sealed> sealed = this.requests.sealedToken(request.id());
		if (sealed.isEmpty()) {
			return new IssuedFileRequest(null, request);
		}
		String token = this.secretLinks.reveal(sealed.get(), FileRequestRepository.BOUND_ID_PREFIX + request.id());
		this.events.publishEvent(new SecurityEvent("request.copied", owner.username(), null, "request:" + request.id(),
				SecurityEvent.Outcome.SUCCESS, request.title()));
		return new IssuedFileRequest(token, request);
	}

	/** Why a request link cannot be copied again, for someone who asked to. */
	static ConflictException notCopyable(FileRequest request) {
		return new ConflictException(request.revoked() ? "This request link was revoked: there is nothing to copy."
				: "Copy not available: this request link was made before links could be copied again. "
						+ "Make a new one if you need to send it again.");
	}

	/** Files received through the user's request links, newest first. */
	List<ReceivedFile> received(String userId) {
		return this.requests.receivedBy(userId);
	}

	/**
	 * The request link a token opens, if it still accepts files.
	 * @throws NotFoundException for a token that opens nothing
	 * @throws RequestClosedException for an expired, revoked or full link, or one whose
	 * owner's account is disabled
	 */
	FileRequest open(String token) {
		FileRequest request = find(token);
		FileRequest.Status status = request.status(this.clock.instant());
		if (status != FileRequest.Status.OPEN) {
			throw RequestClosedException.of(status);
		}
		if (!request.ownerEnabled()) {
			throw RequestClosedException.ownerDisabled();
		}
		return request;
	}

	/** The request link a token opens, whatever its status. */
	FileRequest find(String token) {
		return SecretLinks.tokenHash(token)
			.flatMap(this.requests::findByTokenHash)
			.orElseThrow(FileRequestService::noSuchRequest);
	}

	/**
	 * Checks a sender's password, throttled per link: a locked link refuses guesses (429)
	 * before any hash is computed.
	 * @return whether it is right
	 */
	boolean checkPassword(FileRequest request, String password, String clientAddress) {
		String hash = this.requests.passwordHash(request.id()).orElse(null);
		boolean right = this.secretLinks.checkPassword(request.id(), password, hash).right();
		if (!right) {
			this.events.publishEvent(new SecurityEvent("request.password_failed", null, clientAddress,
					"request:" + request.id(), SecurityEvent.Outcome.FAILURE, null));
		}
		return right;
	}

	static String requireValidTitle(String title) {
		TextRules.requireSingleLine("title", "A title", title);
		String normalized = (title != null) ? Normalizer.normalize(title, Normalizer.Form.NFC).strip() : "";
		if (normalized.isEmpty() || normalized.length() > MAX_TITLE) {
			throw new InvalidInputException("title", "Give the request a title of 1 to 200 characters.");
		}
		return normalized;
	}

	private static NotFoundException noSuchRequest() {
		return new NotFoundException("There is no such request link. Check that you copied all of it.");
	}

}
