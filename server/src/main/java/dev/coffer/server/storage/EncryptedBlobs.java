package dev.coffer.server.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.CRC32;

import org.springframework.stereotype.Component;

import dev.coffer.crypto.BlobCipher;
import dev.coffer.crypto.BlobIntegrityException;
import dev.coffer.crypto.CryptoException;
import dev.coffer.crypto.DataKey;
import dev.coffer.crypto.WrappedDataKey;
import dev.coffer.server.PayloadTooLargeException;
import dev.coffer.server.keys.MasterKeys;

/**
 * Encryption as a layer over the {@link BlobStore}: plaintext goes in as a stream, is
 * hashed (SHA-256 and CRC-32), counted against a limit and encrypted on the way through,
 * and only ciphertext reaches storage. Reading gives back a seekable plaintext channel
 * that decrypts only the segments it touches.
 */
@Component
public class EncryptedBlobs {

	/** Bytes read, hashed and encrypted per step. */
	static final int BUFFER_SIZE = 256 * 1024;

	/** How many first bytes of plaintext a stored blob reports (to tell its type). */
	public static final int HEAD_SIZE = 8192;

	private final BlobStore store;

	private final MasterKeys masterKeys;

	private final BlobCipher cipher = new BlobCipher();

	EncryptedBlobs(BlobStore store, MasterKeys masterKeys) {
		this.store = store;
		this.masterKeys = masterKeys;
	}

	/**
	 * Encrypts {@code plaintext} into a new blob of one part (an empty file makes a part
	 * that holds only the header and the tag of an empty segment). The part is committed
	 * to storage before this returns; the caller records it in the database, and a blob
	 * whose record never commits is removed by the orphan sweeper.
	 * @param limit the most plaintext bytes allowed, and what to say when they are
	 * exceeded
	 * @throws PayloadTooLargeException as soon as the stream crosses the limit; nothing
	 * is kept
	 * @throws IOException if reading the request or writing storage fails; nothing is
	 * kept
	 */
	public StoredBlob store(InputStream plaintext, SizeLimit limit) throws IOException {
		String blobId = UUID.randomUUID().toString();
		try {
			DataKey key = DataKey.generate();
			WrappedDataKey wrapped = this.masterKeys.wrap(key, blobId);
			String objectKey = ObjectKeys.of(blobId, 0);
			try (BlobStore.PendingObject object = this.store.create(objectKey);
					ParallelSha256 sha256 = new ParallelSha256(BUFFER_SIZE, 3)) {
				long size = 0;
				// Cheap next to SHA-256 (an intrinsic): a ZIP of this version can then be
				// written with the entry's CRC-32 known before its bytes.
				CRC32 crc32 = new CRC32();
				byte[] head = null;
				try (OutputStream encrypting = this.cipher.newEncryptingStream(key, blobId, 0, object.stream())) {
					while (true) {
						byte[] buffer = sha256.buffer();
						int read;
						try {
							read = readFully(plaintext, buffer);
						}
						catch (ReadFailure failure) {
							// A plain upload keeps nothing of a body it could not read.
							throw failure.source();
						}
						if (read == 0) {
							break;
						}
						size += read;
						if (size > limit.bytes()) {
							throw new PayloadTooLargeException(limit.message());
						}
						if (head == null) {
							head = Arrays.copyOf(buffer, Math.min(read, HEAD_SIZE));
						}
						sha256.update(buffer, read);
						crc32.update(buffer, 0, read);
						encrypting.write(buffer, 0, read);
					}
				}
				object.commit();
				// Derived, not asked of the store: on S3 that would be one more request
				// per upload.
				BlobPart part = new BlobPart(0, size, BlobCipher.ciphertextSize(size));
				return new StoredBlob(blobId, size, HexFormat.of().formatHex(sha256.digest()), crc32.getValue(),
						(head != null) ? head : new byte[0], wrapped, List.of(part));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new java.io.InterruptedIOException("Upload interrupted");
		}
		catch (CryptoException ex) {
			throw new IllegalStateException("Cannot encrypt: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Starts a blob that is written in parts by several requests ({@link #appendPart}): a
	 * new id and data key, nothing stored yet.
	 */
	public ResumableBlob startResumable() {
		String blobId = UUID.randomUUID().toString();
		try {
			return new ResumableBlob(blobId, this.masterKeys.wrap(DataKey.generate(), blobId));
		}
		catch (CryptoException ex) {
			throw new IllegalStateException("Cannot make a data key: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Encrypts what {@code plaintext} delivers into part {@code partNumber} of a
	 * resumable blob and commits it, adding its bytes to {@code digest}. If reading
	 * {@code plaintext} fails (the client went away), the part is closed at the last byte
	 * received and committed all the same: nothing that arrived is lost. Nothing is
	 * stored if no byte arrived.
	 * @param maxBytes the most bytes this part may hold
	 * @throws PayloadTooLargeException as soon as the stream crosses {@code maxBytes};
	 * nothing is kept, and {@code digest} is spoilt: read it again from where it is kept
	 * @throws IOException if writing storage fails; nothing is kept, and {@code digest}
	 * is spoilt
	 */
	public AppendedPart appendPart(ResumableBlob blob, int partNumber, InputStream plaintext, long maxBytes,
			String tooLargeMessage, ResumableDigest digest) throws IOException {
		String blobId = blob.blobId();
		try {
			DataKey key = this.masterKeys.unwrap(blob.wrappedKey(), blobId);
			try (BlobStore.PendingObject object = this.store.create(ObjectKeys.of(blobId, partNumber));
					ParallelSha256 sha256 = new ParallelSha256(BUFFER_SIZE, 3, digest.runningSha256().orElse(null))) {
				long size = 0;
				boolean bodyEnded = true;
				CRC32 crc32 = new CRC32();
				try (OutputStream encrypting = this.cipher.newEncryptingStream(key, blobId, partNumber,
						object.stream())) {
					while (true) {
						byte[] buffer = sha256.buffer();
						int read;
						try {
							read = readFully(plaintext, buffer);
						}
						catch (ReadFailure failure) {
							read = failure.bytesRead;
							bodyEnded = false;
						}
						size += read;
						if (size > maxBytes) {
							throw new PayloadTooLargeException(tooLargeMessage);
						}
						sha256.update(buffer, read);
						crc32.update(buffer, 0, read);
						encrypting.write(buffer, 0, read);
						if (!bodyEnded || read < buffer.length) {
							break;
						}
					}
					sha256.awaitHashed();
					if (size == 0) {
						return new AppendedPart(null, bodyEnded);
					}
				}
				object.commit();
				digest.appended(crc32.getValue(), size);
				return new AppendedPart(new BlobPart(partNumber, size, BlobCipher.ciphertextSize(size)), bodyEnded);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new java.io.InterruptedIOException("Upload interrupted");
		}
		catch (CryptoException ex) {
			throw new IllegalStateException("Cannot encrypt: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The blob a resumable upload wrote, as {@link #store} returns one, once all its
	 * parts are in: its size and CRC-32 from {@code digest}, its first bytes read back
	 * from its first part, and its SHA-256 from {@code digest} if that has it, else
	 * computed from the stored parts (decrypted as for a download, so a tampered part
	 * fails here).
	 */
	public StoredBlob finishResumable(ResumableBlob blob, List<BlobPart> parts, ResumableDigest digest)
			throws IOException {
		byte[] head = new byte[(int) Math.min(HEAD_SIZE, digest.size())];
		String sha256;
		try (SeekableByteChannel channel = open(blob.blobId(), blob.wrappedKey(), parts)) {
			ByteBuffer buffer = ByteBuffer.wrap(head);
			while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
				// until the head is full
			}
			Optional<String> known = digest.sha256Hex();
			sha256 = known.isPresent() ? known.get() : sha256Of(channel.position(0), digest.size());
		}
		return new StoredBlob(blob.blobId(), digest.size(), sha256, digest.crc32(), head, blob.wrappedKey(), parts);
	}

	/**
	 * The SHA-256 of the {@code size} bytes {@code plaintext} holds, hashed on a second
	 * thread while this one decrypts.
	 */
	private static String sha256Of(SeekableByteChannel plaintext, long size) throws IOException {
		try (ParallelSha256 sha256 = new ParallelSha256(BUFFER_SIZE, 3)) {
			long read = 0;
			while (true) {
				ByteBuffer buffer = ByteBuffer.wrap(sha256.buffer());
				while (buffer.hasRemaining() && plaintext.read(buffer) >= 0) {
					// until the buffer is full or the blob ends
				}
				if (buffer.position() == 0) {
					break;
				}
				read += buffer.position();
				sha256.update(buffer.array(), buffer.position());
			}
			if (read != size) {
				throw new BlobIntegrityException("The parts hold " + read + " bytes, not " + size, null);
			}
			return HexFormat.of().formatHex(sha256.digest());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new java.io.InterruptedIOException("Hashing interrupted");
		}
	}

	/** Reads until {@code buffer} is full or the stream ends; 0 only at the end. */
	private static int readFully(InputStream in, byte[] buffer) throws IOException {
		int filled = 0;
		while (filled < buffer.length) {
			int read;
			try {
				read = in.read(buffer, filled, buffer.length - filled);
			}
			catch (IOException ex) {
				throw new ReadFailure(filled, ex);
			}
			if (read < 0) {
				break;
			}
			filled += read;
		}
		return filled;
	}

	/**
	 * Reading the plaintext failed (the client went away) after {@code bytesRead} bytes
	 * of the buffer had been filled.
	 */
	private static final class ReadFailure extends IOException {

		private final int bytesRead;

		ReadFailure(int bytesRead, IOException cause) {
			super("Reading the upload failed after " + bytesRead + " bytes", cause);
			this.bytesRead = bytesRead;
		}

		IOException source() {
			return (IOException) getCause();
		}

	}

	/**
	 * Opens the plaintext of a blob for reading at any offset. Reading a tampered segment
	 * throws {@link dev.coffer.crypto.BlobIntegrityException}.
	 */
	public SeekableByteChannel open(String blobId, WrappedDataKey wrappedKey, List<BlobPart> parts) throws IOException {
		DataKey key;
		try {
			key = this.masterKeys.unwrap(wrappedKey, blobId);
		}
		catch (CryptoException ex) {
			throw new BlobIntegrityException("Cannot open blob " + blobId, ex);
		}
		if (parts.size() == 1 && parts.get(0).number() == 0) {
			return openPart(key, blobId, 0);
		}
		return new PartsChannel(parts, (part) -> openPart(key, blobId, part.number()));
	}

	private SeekableByteChannel openPart(DataKey key, String blobId, int partNumber) throws IOException {
		SeekableByteChannel ciphertext = this.store.open(ObjectKeys.of(blobId, partNumber));
		try {
			return this.cipher.newSeekableDecryptingChannel(key, blobId, partNumber, ciphertext);
		}
		catch (CryptoException ex) {
			ciphertext.close();
			throw new BlobIntegrityException("Cannot open part " + partNumber + " of blob " + blobId, ex);
		}
		catch (IOException | RuntimeException ex) {
			ciphertext.close();
			throw ex;
		}
	}

	/**
	 * Whether every part of a blob is still in storage (the orphan sweeper removes a blob
	 * that no version references once it is older than the grace period).
	 */
	public boolean isStored(String blobId, int partCount) throws IOException {
		for (int part = 0; part < partCount; part++) {
			try {
				this.store.size(ObjectKeys.of(blobId, part));
			}
			catch (java.nio.file.NoSuchFileException ex) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Deletes the stored parts of a blob whose record is gone (crypto-shredded already).
	 */
	public void delete(String blobId, int partCount) throws IOException {
		for (int part = 0; part < partCount; part++) {
			this.store.delete(ObjectKeys.of(blobId, part));
		}
	}

	/** A blob written in parts over several requests: its id and wrapped data key. */
	public record ResumableBlob(String blobId, WrappedDataKey wrappedKey) {
	}

	/**
	 * What one request added to a resumable blob.
	 *
	 * @param part the part stored, or {@code null} if no byte arrived
	 * @param bodyEnded whether the request's body was read to its end; if not, the client
	 * went away and the part holds what arrived before
	 */
	public record AppendedPart(BlobPart part, boolean bodyEnded) {
	}

	/**
	 * How many plaintext bytes an upload may have, and the message for the one that has
	 * more.
	 */
	public record SizeLimit(long bytes, String message) {
	}

}
