package dev.coffer.cli.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.coffer.cli.http.ResumableUploads;
import dev.coffer.cli.http.ServerConnection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SHA-256 a resumable upload declares with its last piece is the whole file's however
 * the pieces went: all confirmed, part of one kept after a failure, a failure that kept
 * nothing, a resumed upload. Each request here is answered the way the server answers
 * (the offset it has now); the real server is in CommandLineClientTest.
 */
class SentSha256Test {

	private static final Progress SILENT = Progress.of(false, null, "", -1);

	private Path path;

	private byte[] content;

	/** The whole-file SHA-256 each request declared, in order (null for none). */
	private final List<String> declared = new ArrayList<>();

	@BeforeEach
	void writeFile() throws IOException {
		this.content = new byte[3 * 1024 * 1024 + 777];
		new Random(7).nextBytes(this.content);
		this.path = Files.createTempFile("sent", ".bin");
		Files.write(this.path, this.content);
	}

	@AfterEach
	void deleteFile() throws IOException {
		Files.delete(this.path);
	}

	@Test
	void piecesAllConfirmed_declareTheWholeFilesSha256_onlyWithTheLast() {
		SentSha256 sent = SentSha256.upTo(LocalFile.of(this.path), 0, (length) -> SILENT);
		long offset = 0;
		while (offset < this.content.length) {
			long length = Math.min(1 << 20, this.content.length - offset);
			offset = sent.send(offset, length, SILENT, keeping(offset, length)).offset();
		}
		assertThat(this.declared).hasSize(4);
		assertThat(this.declared.subList(0, 3)).containsOnlyNulls();
		assertThat(this.declared.get(3)).isEqualTo(sha256(this.content));
		assertThat(sent.fileSha256()).isEqualTo(sha256(this.content));
	}

	@Test
	void aPieceKeptInPart_orNotAtAll_isCaughtUpFromTheFile() {
		SentSha256 sent = SentSha256.upTo(LocalFile.of(this.path), 0, (length) -> SILENT);
		// The server kept 300,001 bytes of the first piece, then nothing of the next.
		long offset = sent.send(0, 1 << 20, SILENT, keeping(0, 300_001)).offset();
		assertThat(offset).isEqualTo(300_001);
		assertThat(sent.send(offset, 1 << 20, SILENT, keeping(offset, 0)).offset()).isEqualTo(offset);
		while (offset < this.content.length) {
			long length = Math.min(1 << 20, this.content.length - offset);
			offset = sent.send(offset, length, SILENT, keeping(offset, length)).offset();
		}
		assertThat(this.declared.getLast()).isEqualTo(sha256(this.content));
	}

	@Test
	void aResumedUpload_hashesWhatArrivedBefore_andShowsThatPass() {
		List<Long> passes = new ArrayList<>();
		SentSha256 sent = SentSha256.upTo(LocalFile.of(this.path), 2_000_000, (length) -> {
			passes.add(length);
			return SILENT;
		});
		assertThat(passes).containsExactly(2_000_000L);
		sent.send(2_000_000, this.content.length - 2_000_000, SILENT,
				keeping(2_000_000, this.content.length - 2_000_000));
		assertThat(this.declared).containsExactly(sha256(this.content));
	}

	/**
	 * A request that writes the piece and is answered with the server keeping
	 * {@code kept} bytes of it; the bytes written must be the file's.
	 */
	private SentSha256.PieceRequest keeping(long offset, long kept) {
		return (fileSha256, writer) -> {
			this.declared.add(fileSha256);
			ByteArrayOutputStream written = new ByteArrayOutputStream();
			write(writer, written);
			byte[] piece = written.toByteArray();
			assertThat(piece).isEqualTo(Arrays.copyOfRange(this.content, (int) offset, (int) offset + piece.length));
			return new ResumableUploads.Appended(offset + kept, null);
		};
	}

	private static void write(ServerConnection.ContentWriter writer, OutputStream out) {
		try {
			writer.writeTo(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
