package dev.coffer.cli.command;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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

	static LocalFile of(Path file) {
		Path path = file.toAbsolutePath().normalize();
		try {
			return new LocalFile(path, Files.size(path), Files.getLastModifiedTime(path).toInstant().toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + path, ex);
		}
	}

	/** The SHA-256 of its content (lower-case hex), read once from start to end. */
	String sha256() {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			try (InputStream in = new DigestInputStream(Files.newInputStream(this.path), digest)) {
				in.transferTo(OutputStream.nullOutputStream());
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + this.path, ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** {@code length} bytes from {@code offset}, read as they are sent and counted. */
	HttpRequest.BodyPublisher piece(long offset, long length, Progress progress) {
		if (length == 0) {
			// All arrived, but the server did not finish: an empty piece has it finish.
			return HttpRequest.BodyPublishers.noBody();
		}
		return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
			try {
				FileChannel channel = FileChannel.open(this.path).position(offset);
				return progress.counting(limited(Channels.newInputStream(channel), length));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read " + this.path, ex);
			}
		}), length);
	}

	private static InputStream limited(InputStream in, long length) {
		return new FilterInputStream(in) {

			private long left = length;

			@Override
			public int read() throws IOException {
				if (this.left <= 0) {
					return -1;
				}
				int b = super.read();
				if (b >= 0) {
					this.left--;
				}
				return b;
			}

			@Override
			public int read(byte[] buffer, int offset, int count) throws IOException {
				if (this.left <= 0) {
					return -1;
				}
				int n = super.read(buffer, offset, (int) Math.min(count, this.left));
				if (n > 0) {
					this.left -= n;
				}
				return n;
			}

		};
	}

}
