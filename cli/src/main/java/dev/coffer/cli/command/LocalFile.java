package dev.coffer.cli.command;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.http.ServerConnection;

/**
 * A local file as a resumable upload sees it: where it is (absolute), its size and
 * last-modified time when the upload looked (together, how a later run tells that it is
 * unchanged), its SHA-256, and any piece of it as a request body.
 *
 * @param path the absolute, normalized path
 * @param size its size in bytes
 * @param modified its last-modified time, as an ISO-8601 instant
 */
record LocalFile(Path path, long size, String modified) {

	private static final int BUFFER = 256 * 1024;

	static LocalFile of(Path file) {
		Path path = file.toAbsolutePath().normalize();
		try {
			return new LocalFile(path, Files.size(path), Files.getLastModifiedTime(path).toInstant().toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + path, ex);
		}
	}

	/**
	 * The SHA-256 of its content (lower-case hex), read once from start to end on this
	 * thread and hashed on a second one.
	 * @param progress advanced as the file is read, and finished at its end
	 */
	String sha256(Progress progress) {
		String hex = HexFormat.of().formatHex(hash(BackgroundSha256.newSha256(), 0, this.size, progress).digest());
		progress.finish();
		return hex;
	}

	/**
	 * Goes on hashing with the bytes from {@code from} to {@code to}, read on this thread
	 * and hashed on a second one.
	 * @param progress advanced as the file is read
	 * @return {@code digest}, updated
	 */
	MessageDigest hash(MessageDigest digest, long from, long to, Progress progress) {
		try (FileChannel channel = FileChannel.open(this.path);
				BackgroundSha256 sha256 = new BackgroundSha256(digest, BUFFER, 3)) {
			channel.position(from);
			long left = to - from;
			while (left > 0) {
				byte[] buffer = sha256.buffer();
				int n = read(channel, buffer, (int) Math.min(buffer.length, left));
				sha256.update(buffer, n);
				progress.advance(n);
				left -= n;
			}
			return sha256.finish();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + this.path, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CofferException(ExitCodes.FAILED, "Interrupted", ex);
		}
	}

	/** Writes {@code length} bytes from {@code offset} to a request, counted. */
	ServerConnection.ContentWriter piece(long offset, long length, Progress progress) {
		return piece(offset, length, progress, null);
	}

	/**
	 * Writes {@code length} bytes from {@code offset} to a request, counted, and hands
	 * them to {@code sha256}, if given, on the way (hashed on its thread while this one
	 * writes).
	 */
	ServerConnection.ContentWriter piece(long offset, long length, Progress progress, BackgroundSha256 sha256) {
		return (out) -> {
			byte[] own = (sha256 == null) ? new byte[BUFFER] : null;
			try (FileChannel channel = FileChannel.open(this.path)) {
				channel.position(offset);
				long left = length;
				while (left > 0) {
					byte[] buffer = (sha256 != null) ? sha256.buffer() : own;
					int n = read(channel, buffer, (int) Math.min(buffer.length, left));
					if (sha256 != null) {
						sha256.update(buffer, n);
					}
					out.write(buffer, 0, n);
					progress.advance(n);
					left -= n;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new InterruptedIOException("Interrupted");
			}
		};
	}

	/** Reads up to {@code length} bytes; a local failure or early end is unchecked. */
	private int read(FileChannel channel, byte[] buffer, int length) {
		int n = readFully(channel, buffer, length);
		if (n < length) {
			throw new UncheckedIOException("Cannot read " + this.path,
					new java.io.EOFException(this.path + " became shorter during the upload"));
		}
		return n;
	}

	private int readFully(FileChannel channel, byte[] buffer, int length) {
		ByteBuffer target = ByteBuffer.wrap(buffer, 0, length);
		try {
			while (target.hasRemaining() && channel.read(target) >= 0) {
				// until full or at the end
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + this.path, ex);
		}
		return target.position();
	}

}
