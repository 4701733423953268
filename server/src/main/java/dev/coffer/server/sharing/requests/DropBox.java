package dev.coffer.server.sharing.requests;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.server.ConflictException;
import dev.coffer.server.DomainException;
import dev.coffer.server.InvalidInputException;
import dev.coffer.server.NotFoundException;
import dev.coffer.server.PayloadTooLargeException;
import dev.coffer.server.SecurityEvent;
import dev.coffer.server.UnsupportedContentTypeException;
import dev.coffer.server.files.FileService;
import dev.coffer.server.files.StoredFile;

/**
 * Takes the files a sender posts through a request link into the owner's files.
 * <p>
 * The multipart body is read as a stream (Commons FileUpload), like every upload: the
 * sender's fields come first in the form, so they are validated before a byte of a file
 * is stored; each file then goes straight into encrypted storage through
 * {@link FileService#upload}, its bytes counted against what the link has left. A file is
 * first stored under a random name that cannot exist yet, then renamed to the first free
 * name of {@link ReceivedFileNames}: the database's unique (owner, name) constraint, not
 * a check made earlier, decides, so a received file can never become a version of a file
 * the owner already has.
 * <p>
 * All or nothing: the link's counters and the received-file rows are written in one
 * conditional update and transaction at the end; if anything fails before or there, the
 * files already stored are deleted again.
 */
@Service
class DropBox {

	private static final Logger logger = LoggerFactory.getLogger(DropBox.class);

	/** The form's invisible field: people leave it empty, form-filling bots do not. */
	static final String HONEYPOT = "website";

	/** A form field longer than this is not from our form. */
	private static final int MAX_FIELD_BYTES = 16 * 1024;

	private static final int MAX_FIELDS = 20;

	private static final int MAX_NAME_ATTEMPTS = 50;

	private final FileRequestRepository requests;

	private final FileService files;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	DropBox(FileRequestRepository requests, FileService files, TransactionTemplate transactions, Clock clock,
			ApplicationEventPublisher events) {
		this.requests = requests;
		this.files = files;
		this.transactions = transactions;
		this.clock = clock;
		this.events = events;
	}

	/** A file stored for this post, not yet counted against the link. */
	record Delivered(String fileId, String name, long size) {
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
		try {
			readAll(post, http);
			commit(request, post.sender(), post.delivered);
		}
		catch (FileUploadException ex) {
			discard(request, post.delivered);
			rejected(request, post.senderIfKnown(), http, "malformed multipart body");
			throw new InvalidInputException("files", "The form data is malformed.");
		}
		catch (RuntimeException | IOException ex) {
			discard(request, post.delivered);
			rejected(request, post.senderIfKnown(), http, reasonOf(ex));
			throw ex;
		}
		Sender sender = post.sender();
		for (Delivered file : post.delivered) {
			this.events.publishEvent(new SecurityEvent("request.upload", sender.email(), http.getRemoteAddr(),
					"file:" + file.fileId(), SecurityEvent.Outcome.SUCCESS,
					"request:" + request.id() + ", " + file.size() + " bytes, from " + sender.name()));
		}
		return post.delivered;
	}

	private void readAll(Post post, HttpServletRequest http) throws IOException {
		FileItemInputIterator parts = new JakartaServletFileUpload<>().getItemIterator(http);
		while (parts.hasNext()) {
			FileItemInput part = parts.next();
			if (part.isFormField()) {
				post.field(part);
			}
			else if (part.getName() != null && !part.getName().isEmpty()) {
				accept(post, part); // (an empty name is a file input left empty)
			}
		}
		post.sender(); // checked even when no file came, so that its errors come first
		if (post.delivered.isEmpty()) {
			throw new InvalidInputException("files", "Choose at least one file to send.");
		}
	}

	private void accept(Post post, FileItemInput part) throws IOException {
		Sender sender = post.sender();
		FileRequest request = post.request;
		int filesLeft = request.filesLeft();
		if (post.delivered.size() >= filesLeft) {
			throw new PayloadTooLargeException("This request link accepts " + filesLeft + " more file"
					+ ((filesLeft == 1) ? "" : "s") + " at most.");
		}
		try (InputStream content = new Capped(part.getInputStream(), request.bytesLeft() - post.bytes())) {
			post.delivered.add(store(request.ownerId(), part.getName(), sender, content));
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

	private Delivered store(String ownerId, String sentName, Sender sender, InputStream content) throws IOException {
		requireValidName(ownerId, ReceivedFileNames.candidate(sentName, sender.name(), 1));
		StoredFile staged = this.files.upload(ownerId, "receiving " + UUID.randomUUID(), content).file();
		try {
			StoredFile named = nameFreely(ownerId, staged.id(), sentName, sender.name());
			return new Delivered(named.id(), named.name(), named.size());
		}
		catch (RuntimeException ex) {
			this.files.delete(ownerId, staged.id());
			throw ex;
		}
	}

	/** Refuses a name that breaks the file-name rules before a byte is stored. */
	private void requireValidName(String ownerId, String name) {
		try {
			this.files.getByName(ownerId, name);
		}
		catch (NotFoundException ex) {
			// valid, and free for now (whether it still is is settled by the rename)
		}
		catch (InvalidInputException ex) {
			throw new InvalidInputException("files", "A file name is not accepted: " + ex.getMessage());
		}
	}

	private StoredFile nameFreely(String ownerId, String fileId, String sentName, String senderName) {
		for (int attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
			try {
				return this.files.rename(ownerId, fileId, ReceivedFileNames.candidate(sentName, senderName, attempt));
			}
			catch (ConflictException ex) {
				// taken: try the next number
			}
		}
		throw new ConflictException(
				"The owner already has too many files of this name. Rename the file and try again.");
	}

	private void commit(FileRequest request, Sender sender, List<Delivered> delivered) {
		long bytes = delivered.stream().mapToLong(Delivered::size).sum();
		Instant now = this.clock.instant();
		this.transactions.executeWithoutResult((status) -> {
			if (!this.requests.countReceived(request.id(), delivered.size(), bytes, now)) {
				FileRequest current = this.requests.findByIdAndOwner(request.id(), request.ownerId())
					.orElseThrow(() -> RequestClosedException.of(FileRequest.Status.REVOKED));
				FileRequest.Status state = current.status(now);
				if (state == FileRequest.Status.EXPIRED || state == FileRequest.Status.REVOKED) {
					throw RequestClosedException.of(state);
				}
				throw new PayloadTooLargeException("This request link no longer has room for these files.");
			}
			for (Delivered file : delivered) {
				this.requests.insertReceived(file.fileId(), request.id(), sender, now);
			}
		});
	}

	private void discard(FileRequest request, List<Delivered> delivered) {
		for (Delivered file : delivered) {
			try {
				this.files.delete(request.ownerId(), file.fileId());
			}
			catch (RuntimeException ex) {
				logger.warn("Could not delete file {} of a rejected request post", file.fileId(), ex);
			}
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
	 * stored so far.
	 */
	private static final class Post {

		private final FileRequest request;

		private final Map<String, String> typed;

		private final List<Delivered> delivered = new ArrayList<>();

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
			if (this.typed.size() >= MAX_FIELDS) {
				throw new InvalidInputException(null, "The form has too many fields.");
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
			return this.delivered.stream().mapToLong(Delivered::size).sum();
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

	/** Refuses to read past what the link has room for. */
	private static final class Capped extends FilterInputStream {

		private long left;

		Capped(InputStream in, long limit) {
			super(in);
			this.left = limit;
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(long n) {
			this.left -= n;
			if (this.left < 0) {
				throw new PayloadTooLargeException("These files are larger than this request link accepts.");
			}
		}

	}

}
