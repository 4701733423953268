package dev.coffer.cli.command;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.LongFunction;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.http.ResumableUploads;
import dev.coffer.cli.http.ServerConnection;

/**
 * The SHA-256 of a resumable upload's file, carried from piece to piece as the pieces go
 * out, so that the file is read once instead of once for its hash and once to send it.
 * Each piece but the last is hashed on a second thread while it is sent, from a copy of
 * the digest of everything the server confirmed; the copy is kept only if the server
 * confirms the whole piece. The last piece is hashed before it is sent, so that its
 * request can declare the whole file's SHA-256, which the server checks before the upload
 * becomes a file. Where the server kept part of a failed piece, the digest catches up by
 * reading that part from the file again.
 */
final class SentSha256 {

	private static final int BUFFER = 256 * 1024;

	private final LocalFile file;

	/** The SHA-256 of the file's first {@link #confirmedTo} bytes, not finished. */
	private MessageDigest confirmed;

	private long confirmedTo;

	private String fileSha256;

	private SentSha256(LocalFile file) {
		this.file = file;
		this.confirmed = BackgroundSha256.newSha256();
	}

	/**
	 * Starts with the file's first {@code offset} bytes, which an earlier run sent.
	 * @param checking shows that pass, given its length (not used for a new upload)
	 */
	static SentSha256 upTo(LocalFile file, long offset, LongFunction<Progress> checking) {
		SentSha256 sent = new SentSha256(file);
		if (offset > 0) {
			Progress progress = checking.apply(offset);
			sent.catchUp(offset, progress);
			progress.finish();
		}
		return sent;
	}

	/** Sends a piece: its request, with the whole file's SHA-256 or {@code null}. */
	@FunctionalInterface
	interface PieceRequest {

		ResumableUploads.Appended send(String fileSha256, ServerConnection.ContentWriter content);

	}

	/**
	 * Sends the piece of {@code length} bytes at {@code offset} through {@code request},
	 * hashing it on the way.
	 */
	ResumableUploads.Appended send(long offset, long length, Progress progress, PieceRequest request) {
		catchUp(offset, silent());
		if (offset + length == this.file.size()) {
			if (this.fileSha256 == null) {
				MessageDigest whole = this.file.hash(copy(this.confirmed), offset, this.file.size(), silent());
				this.fileSha256 = HexFormat.of().formatHex(whole.digest());
			}
			return request.send(this.fileSha256, this.file.piece(offset, length, progress));
		}
		try (BackgroundSha256 piece = new BackgroundSha256(copy(this.confirmed), BUFFER, 3)) {
			ResumableUploads.Appended appended = request.send(null, this.file.piece(offset, length, progress, piece));
			if (appended.offset() == offset + length) {
				this.confirmed = piece.finish();
				this.confirmedTo = appended.offset();
			}
			return appended;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CofferException(ExitCodes.FAILED, "Interrupted", ex);
		}
	}

	/**
	 * The whole file's SHA-256 (lower-case hex), once the last piece was sent; else
	 * {@code null}.
	 */
	String fileSha256() {
		return this.fileSha256;
	}

	/** Brings the digest to {@code offset}, where the server says the upload is. */
	private void catchUp(long offset, Progress progress) {
		if (offset < this.confirmedTo) {
			// The server never goes back; should it, start from the beginning.
			this.confirmed = BackgroundSha256.newSha256();
			this.confirmedTo = 0;
		}
		if (offset > this.confirmedTo) {
			this.confirmed = this.file.hash(this.confirmed, this.confirmedTo, offset, progress);
			this.confirmedTo = offset;
		}
	}

	private static MessageDigest copy(MessageDigest digest) {
		try {
			return (MessageDigest) digest.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("The JDK's SHA-256 can be copied", ex);
		}
	}

	private static Progress silent() {
		return Progress.of(false, null, "", -1);
	}

}
