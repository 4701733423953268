package dev.coffer.server.storage;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.time.Instant;
import java.util.List;

/**
 * Where encrypted objects live: a local directory or an S3-compatible bucket. Objects are
 * written once, under keys Coffer generates (never user file names), become visible
 * atomically on {@link PendingObject#commit()}, and are read with random access for HTTP
 * Range requests. Implementations only ever see ciphertext.
 */
public interface BlobStore {

	/**
	 * Starts writing a new object. Nothing is visible under {@code key} until the
	 * returned object is committed; closing it uncommitted discards everything written.
	 * @throws IllegalArgumentException if {@code key} is not a valid object key
	 */
	PendingObject create(String key) throws IOException;

	/**
	 * Opens a committed object for reading at any position.
	 * @throws java.nio.file.NoSuchFileException if there is no such object
	 */
	SeekableByteChannel open(String key) throws IOException;

	/** The size in bytes of a committed object. */
	long size(String key) throws IOException;

	/** Deletes an object; deleting one that does not exist is not an error. */
	void delete(String key) throws IOException;

	/**
	 * Committed objects last modified before {@code cutoff}: candidates for the orphan
	 * sweeper.
	 */
	List<String> listKeysModifiedBefore(Instant cutoff) throws IOException;

	/**
	 * Removes writes that were started before {@code cutoff} and never committed (a crash
	 * or a killed process leaves them behind).
	 * @return how many were removed
	 */
	int deleteAbandonedWritesBefore(Instant cutoff) throws IOException;

	/** An object being written. */
	interface PendingObject extends AutoCloseable {

		/** Where to write the object's bytes. Closing this stream does not commit. */
		java.io.OutputStream stream();

		/** Makes the object durable and visible under its key, atomically. */
		void commit() throws IOException;

		/** Discards the object unless it was committed. Never throws. */
		@Override
		void close();

	}

}
