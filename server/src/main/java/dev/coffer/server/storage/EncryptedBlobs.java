package dev.coffer.server.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;

import org.springframework.stereotype.Component;

import dev.coffer.crypto.BlobCipher;
import dev.coffer.crypto.CryptoException;
import dev.coffer.crypto.DataKey;
import dev.coffer.crypto.WrappedDataKey;
import dev.coffer.server.InvalidInputException;
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
	 * Encrypts {@code plaintext} into a new blob of one part. The part is committed to
	 * storage before this returns; the caller records it in the database, and a blob
	 * whose record never commits is removed by the orphan sweeper.
	 * @param limit the most plaintext bytes allowed, and what to say when they are
	 * exceeded
	 * @throws PayloadTooLargeException as soon as the stream crosses the limit; nothing
	 * is kept
	 * @throws InvalidInputException if the stream is empty; nothing is kept
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
						int read = readFully(plaintext, buffer);
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
					if (size == 0) {
						throw new InvalidInputException("file", "The file is empty. Choose a file with content.");
					}
				}
				object.commit();
				// Derived, not asked of the store: on S3 that would be one more request
				// per upload.
				BlobPart part = new BlobPart(0, size, BlobCipher.ciphertextSize(size));
				return new StoredBlob(blobId, size, HexFormat.of().formatHex(sha256.digest()), crc32.getValue(), head,
						wrapped, List.of(part));
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

	/** Reads until {@code buffer} is full or the stream ends; 0 only at the end. */
	private static int readFully(InputStream in, byte[] buffer) throws IOException {
		int filled = 0;
		while (filled < buffer.length) {
			int read = in.read(buffer, filled, buffer.length - filled);
			if (read < 0) {
				break;
			}
			filled += read;
		}
		return filled;
	}

	/**
	 * Opens the plaintext of a blob for reading at any offset. Reading a tampered segment
	 * throws {@link dev.coffer.crypto.BlobIntegrityException}.
	 */
	public SeekableByteChannel open(String blobId, WrappedDataKey wrappedKey, List<BlobPart> parts) throws IOException {
		if (parts.size() != 1) {
			throw new IllegalStateException("Blobs of " + parts.size() + " parts are not readable yet");
		}
		try {
			DataKey key = this.masterKeys.unwrap(wrappedKey, blobId);
			SeekableByteChannel ciphertext = this.store.open(ObjectKeys.of(blobId, 0));
			try {
				return this.cipher.newSeekableDecryptingChannel(key, blobId, 0, ciphertext);
			}
			catch (CryptoException | IOException | RuntimeException ex) {
				ciphertext.close();
				throw ex;
			}
		}
		catch (CryptoException ex) {
			throw new dev.coffer.crypto.BlobIntegrityException("Cannot open blob " + blobId, ex);
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

	/**
	 * How many plaintext bytes an upload may have, and the message for the one that has
	 * more.
	 */
	public record SizeLimit(long bytes, String message) {
	}

}
