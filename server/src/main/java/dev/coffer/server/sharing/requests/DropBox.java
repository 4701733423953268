package dev.coffer.server.sharing.requests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.server.CofferProperties;
import dev.coffer.server.DomainException;
import dev.coffer.server.InvalidInputException;
import dev.coffer.server.PayloadTooLargeException;
import dev.coffer.server.SecurityEvent;
import dev.coffer.server.UnsupportedContentTypeException;
import dev.coffer.server.files.FileService;
import dev.coffer.server.files.ResumableUpload;
import dev.coffer.server.files.ResumableUploads;
import dev.coffer.server.files.ResumableUploads.Holder;
import dev.coffer.server.files.ResumableUploads.Progress;
import dev.coffer.server.files.StagedFiles;
import dev.coffer.server.files.StagedFiles.NewFile;
import dev.coffer.server.files.StagedFiles.StagedContent;
import dev.coffer.server.files.StoredFile;
import dev.coffer.server.files.TusProtocol.Creation;
import dev.coffer.server.storage.EncryptedBlobs.SizeLimit;

/**
 * Takes the files a sender posts through a request link into the owner's files.
 * <p>
 * The multipart body is read as a stream (Commons FileUpload), like every upload: the
 * sender's fields come first in the form, so they are validated before a byte of a file
 * is stored; each file then goes straight into encrypted storage, staged by
 * {@link StagedFiles#stage} (no file refers to it yet, so the owner sees nothing), its
 * bytes counted against what the link has left.
 * <p>
 * All or nothing: when the body has been read, one transaction
 * ({@link StagedFiles#createFiles}) creates all the files, each under the first free name
 * of {@link ReceivedFileNames} (so a received file never becomes a version of a file the
 * owner has), and raises the link's counters in one conditional update with the
 * received-file rows. If anything fails before or there, the staged content is removed;
 * if the process dies, the orphan sweeper removes it.
 */
@Service
class DropBox {

	/** The form's invisible field: people leave it empty, form-filling bots do not. */
	static final String HONEYPOT = "website";

	/** A form field longer than this is not from our form. */
	private static final int MAX_FIELD_BYTES = 16 * 1024;

	private static final int MAX_FIELDS = 20;

	private static final String TOO_LARGE = "These files are larger than this request link accepts.";

	private final FileRequestRepository requests;

	private final StagedFiles stagedFiles;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final int maxFilesPerPost;

	private final ResumableUploads resumableUploads;

	private final TransactionTemplate transactions;

	DropBox(FileRequestRepository requests, StagedFiles stagedFiles, Clock clock, ApplicationEventPublisher events,
			CofferProperties coffer, ResumableUploads resumableUploads, TransactionTemplate transactions) {
		this.requests = requests;
		this.stagedFiles = stagedFiles;
		this.resumableUploads = resumableUploads;
		this.transactions = transactions;
		this.clock = clock;
		this.events = events;
		this.maxFilesPerPost = coffer.files().maxFilesPerRequest();
	}

	/** A file received with this post. */
	record Delivered(String fileId, String name, long size) {
	}

	/** A file of this post in storage, not yet a file of the owner's. */
	private record Staged(String sentName, StagedContent content) {
	}

	/**
	 * Stores every file of the post, or none.
	 * @param typed filled with the sender's fields as read, so that a form can be shown
	 * again with them after an error
	 * @return the files stored
	 */
	List<Delivered> receive(FileRequest request, HttpServletRequest http, Map<String, String> typed)
			throws IOException {
		if (!JakartaServletFileUpload.isMultipartContent(http)) {
			throw new UnsupportedContentTypeException("Send the form as multipart/form-data.");
		}
		Post post = new Post(request, typed);
		List<Delivered> delivered;
		try {
			readAll(post, http);
			delivered = commit(request, post);
		}
		catch (FileUploadException ex) {
			this.stagedFiles.discard(post.stagedContent());
			rejected(request, post.senderIfKnown(), http, "malformed multipart body");
			throw new InvalidInputException("files", "The form data is malformed.");
		}
		catch (RuntimeException | IOException ex) {
			this.stagedFiles.discard(post.stagedContent());
			rejected(request, post.senderIfKnown(), http, reasonOf(ex));
			throw ex;
		}
		for (Delivered file : delivered) {
			received(request, post.sender(), http, file);
		}
		return delivered;
	}

	/**
	 * Starts a resumable upload of one file through the link (see
	 * {@link DropBoxUploadController}): the sender's fields come in its metadata
	 * ({@code senderName}, {@code senderEmail}, {@code senderMessage} and the honeypot
	 * {@code website}) and are checked as a post's are, with the file's name, before
	 * anything is recorded; the link's room is checked against the file and the link's
	 * other unfinished uploads.
	 */
	ResumableUpload startUpload(FileRequest request, Creation creation, HttpServletRequest http) {
		Map<String, String> metadata = creation.metadata();
		Sender sender = null;
		try {
			Map<String, String> typed = new HashMap<>();
			typed.put(HONEYPOT, metadata.get(HONEYPOT));
			typed.put("name", metadata.get("senderName"));
			typed.put("email", metadata.get("senderEmail"));
			typed.put("message", metadata.get("senderMessage"));
			Sender checked = senderOf(typed);
			sender = checked;
			if (creation.fileName() == null) {
				throw new InvalidInputException("Upload-Metadata", "Give the file's name (filename).");
			}
			requireValidName(ReceivedFileNames.candidate(creation.fileName(), checked.name(), 1));
			// Kept and echoed: what the upload is, not who sends it.
			String kept = "filename " + base64(creation.fileName())
					+ ((creation.sha256() != null) ? ",sha256 " + base64(creation.sha256()) : "");
			return this.transactions.execute((status) -> {
				ResumableUpload upload = this.resumableUploads.createForRequestLink(request.id(), request.ownerId(),
						creation.toNewUpload(request.folderId(), kept), request.filesLeft(), request.bytesLeft());
				this.requests.insertUploadSender(upload.id(), checked);
				return upload;
			});
		}
		catch (RuntimeException ex) {
			rejected(request, sender, http, reasonOf(ex));
			throw ex;
		}
	}

	/**
	 * Appends a piece to a resumable upload started through the link; the last piece
	 * makes it a received file of the owner's, counted against the link, as a post's
	 * files are.
	 */
	Progress appendToUpload(FileRequest request, String uploadId, long offset, InputStream body, long declaredLength,
			HttpServletRequest http) throws IOException {
		return this.resumableUploads.append(Holder.requestLink(request.id()), uploadId, offset, body, declaredLength,
				(upload, content, removeState) -> completeUpload(request, upload, content, removeState, http));
	}

	/** Makes a complete upload a received file, and removes its state with that. */
	private StoredFile completeUpload(FileRequest request, ResumableUpload upload, StagedContent content,
			Runnable removeState, HttpServletRequest http) {
		Sender sender;
		try {
			sender = this.requests.findUploadSender(upload.id())
				.orElseThrow(() -> new IllegalStateException("No sender recorded for upload " + upload.id()));
		}
		catch (RuntimeException ex) {
			this.stagedFiles.discard(List.of(content));
			throw ex;
		}
		Instant now = this.clock.instant();
		NewFile file = new NewFile(content,
				(attempt) -> ReceivedFileNames.candidate(upload.name(), sender.name(), attempt));
		StoredFile created = this.stagedFiles
			.createFiles(request.ownerId(), request.folderId(), List.of(file), (files) -> {
				countReceived(request, sender, files, content.size(), now);
				removeState.run();
			})
			.get(0);
		received(request, sender, http, new Delivered(created.id(), created.name(), created.size()));
		return created;
	}

	private void received(FileRequest request, Sender sender, HttpServletRequest http, Delivered file) {
		// The sender is anonymous: what they typed is a claim, kept in the details, never
		// the entry's actor (the column that names accounts), which anyone could fill
		// with
		// an administrator's address.
		this.events.publishEvent(new SecurityEvent("request.upload", null, http.getRemoteAddr(),
				"file:" + file.fileId(), SecurityEvent.Outcome.SUCCESS, "request:" + request.id() + ", " + file.size()
						+ " bytes, from " + sender.name() + " <" + sender.email() + ">"));
	}

	private static String base64(String value) {
		return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

	private void readAll(Post post, HttpServletRequest http) throws IOException {
		FileItemInputIterator parts = new JakartaServletFileUpload<>().getItemIterator(http);
		int otherParts = 0;
		while (parts.hasNext()) {
			FileItemInput part = parts.next();
			boolean file = !part.isFormField() && part.getName() != null && !part.getName().isEmpty();
			// The parser sets no limit on parts when it streams: every part counts, also
			// the ones that are skipped.
			if (!file && ++otherParts > MAX_FIELDS) {
				throw new PayloadTooLargeException("The form has too many fields.");
			}
			if (file && post.staged.size() == this.maxFilesPerPost) {
				throw new PayloadTooLargeException(
						"Send at most " + this.maxFilesPerPost + " files at a time. Send the others in another post.");
			}
			if (part.isFormField()) {
				post.field(part);
			}
			else if (part.getName() != null && !part.getName().isEmpty()) {
				accept(post, part); // (an empty name is a file input left empty)
			}
		}
		post.sender(); // checked even when no file came, so that its errors come first
		if (post.staged.isEmpty()) {
			throw new InvalidInputException("files", "Choose at least one file to send.");
		}
	}

	private void accept(Post post, FileItemInput part) throws IOException {
		Sender sender = post.sender();
		FileRequest request = post.request;
		int filesLeft = request.filesLeft();
		if (post.staged.size() >= filesLeft) {
			throw new PayloadTooLargeException("This request link accepts " + filesLeft + " more file"
					+ ((filesLeft == 1) ? "" : "s") + " at most.");
		}
		requireValidName(ReceivedFileNames.candidate(part.getName(), sender.name(), 1));
		SizeLimit linkLeft = new SizeLimit(request.bytesLeft() - post.bytes(), TOO_LARGE);
		try (InputStream content = part.getInputStream()) {
			post.staged.add(new Staged(part.getName(), this.stagedFiles.stage(request.ownerId(), content, linkLeft)));
		}
	}

	/**
	 * The sender, after the honeypot: a filled one is refused with the same words as a
	 * too-fast post, so a bot learns nothing about why.
	 */
	private static Sender senderOf(Map<String, String> typed) {
		String honeypot = typed.get(HONEYPOT);
		if (honeypot != null && !honeypot.isEmpty()) {
			throw new SuspectedBotException("honeypot filled");
		}
		return Sender.of(typed.get("name"), typed.get("email"), typed.get("message"));
	}

	/** Refuses a name that breaks the file-name rules before a byte is stored. */
	private static void requireValidName(String name) {
		try {
			FileService.requireValidName(name);
		}
		catch (InvalidInputException ex) {
			throw new InvalidInputException("files", "A file name is not accepted: " + ex.getMessage());
		}
	}

	/**
	 * Creates the post's files and counts them against the link, in one transaction. The
	 * staged content is handed over: createFiles removes it if it fails.
	 */
	private List<Delivered> commit(FileRequest request, Post post) {
		Sender sender = post.sender();
		List<NewFile> newFiles = post.staged.stream()
			.map((staged) -> new NewFile(staged.content(),
					(attempt) -> ReceivedFileNames.candidate(staged.sentName(), sender.name(), attempt)))
			.toList();
		long bytes = post.bytes();
		post.staged.clear();
		Instant now = this.clock.instant();
		List<StoredFile> created = this.stagedFiles.createFiles(request.ownerId(), request.folderId(), newFiles,
				(files) -> countReceived(request, sender, files, bytes, now));
		return created.stream().map((file) -> new Delivered(file.id(), file.name(), file.size())).toList();
	}

	private void countReceived(FileRequest request, Sender sender, List<StoredFile> received, long bytes, Instant now) {
		if (!this.requests.countReceived(request.id(), received.size(), bytes, now)) {
			FileRequest current = this.requests.findByIdAndOwner(request.id(), request.ownerId())
				.orElseThrow(() -> RequestClosedException.of(FileRequest.Status.REVOKED));
			FileRequest.Status state = current.status(now);
			if (state == FileRequest.Status.EXPIRED || state == FileRequest.Status.REVOKED) {
				throw RequestClosedException.of(state);
			}
			throw new PayloadTooLargeException("This request link no longer has room for these files.");
		}
		for (StoredFile file : received) {
			this.requests.insertReceived(file.id(), request.id(), sender, now);
		}
	}

	void rejected(FileRequest request, Sender sender, HttpServletRequest http, String reason) {
		this.events.publishEvent(new SecurityEvent("request.rejected", (sender != null) ? sender.email() : null,
				http.getRemoteAddr(), "request:" + request.id(), SecurityEvent.Outcome.DENIED, reason));
	}

	private static String reasonOf(Exception ex) {
		if (ex instanceof SuspectedBotException bot) {
			return bot.reason();
		}
		return (ex instanceof DomainException) ? ex.getMessage() : "upload failed";
	}

	private static String readField(FileItemInput part) throws IOException {
		try (InputStream in = part.getInputStream()) {
			byte[] bytes = in.readNBytes(MAX_FIELD_BYTES + 1);
			if (bytes.length > MAX_FIELD_BYTES) {
				throw new InvalidInputException(part.getFieldName(), "A form field is too long.");
			}
			return new String(bytes, StandardCharsets.UTF_8);
		}
	}

	/**
	 * One post as it is read: the sender's fields until the first file, then the files
	 * staged so far.
	 */
	private static final class Post {

		private final FileRequest request;

		private final Map<String, String> typed;

		private final List<Staged> staged = new ArrayList<>();

		private Sender sender;

		Post(FileRequest request, Map<String, String> typed) {
			this.request = request;
			this.typed = typed;
		}

		/** Keeps a field that comes before the files; ours has a handful. */
		void field(FileItemInput part) throws IOException {
			if (this.sender != null) {
				return;
			}
			this.typed.put(part.getFieldName(), readField(part));
		}

		/**
		 * The sender, checked (and the honeypot with it) the first time it is asked for.
		 */
		Sender sender() {
			if (this.sender == null) {
				this.sender = senderOf(this.typed);
			}
			return this.sender;
		}

		Sender senderIfKnown() {
			return this.sender;
		}

		long bytes() {
			return this.staged.stream().mapToLong((staged) -> staged.content().size()).sum();
		}

		List<StagedContent> stagedContent() {
			return this.staged.stream().map(Staged::content).toList();
		}

	}

	/** A post that looks like a bot's: one generic answer, whatever gave it away. */
	static final class SuspectedBotException extends InvalidInputException {

		static final String MESSAGE = "Your files could not be accepted. Please wait a moment and try again.";

		private final String reason;

		SuspectedBotException(String reason) {
			super(null, MESSAGE);
			this.reason = reason;
		}

		String reason() {
			return this.reason;
		}

	}

}
