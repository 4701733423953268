package dev.coffer.server.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;

import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import dev.coffer.crypto.BlobIntegrityException;

/**
 * Writes file versions, and folders that hold none of them, as one ZIP into a stream, as
 * it goes: nothing is written to disk and memory does not grow with the content (a 256
 * KiB buffer, plus a central-directory record per entry). Entries are STORED, not
 * compressed: what people keep is mostly compressed already (photos, videos, office
 * documents, archives), and compressing it again would cost CPU for nothing. A stored
 * entry's header must carry its size and CRC-32 before its bytes, and the stream cannot
 * be sought back into: both come from the version's record ({@link FileService#crc32}).
 * No data descriptors. ZIP64 records are written only where a size or an offset needs
 * them (an entry of 4 GiB or more, an entry starting beyond 4 GiB, more than 65,535
 * entries). Names are UTF-8 with the language encoding flag (general purpose bit 11) set,
 * made safe and unique by {@link ZipEntryNames}. Apache Commons Compress writes the
 * format.
 * <p>
 * The ZIP is only ended (its central directory written) once every entry was sent whole:
 * if content cannot be read or fails authentication, or an entry's bytes do not match its
 * recorded size and CRC-32, the exception propagates and the stream is left without an
 * end, so no reader takes a cut-off ZIP for a complete one. An integrity failure is
 * logged and published as a {@link BlobIntegrityFailure}, as for a download.
 */
@Component
public class StreamedZip {

	private static final Logger logger = LoggerFactory.getLogger(StreamedZip.class);

	private static final int BUFFER_SIZE = 256 * 1024;

	private final FileService files;

	private final ApplicationEventPublisher events;

	StreamedZip(FileService files, ApplicationEventPublisher events) {
		this.files = files;
		this.events = events;
	}

	/**
	 * One file of a ZIP: where it goes inside the archive ({@code /} between folders) and
	 * which version's content. The caller has proven the right to read it.
	 */
	public record Entry(String path, FileVersion version) {
	}

	/**
	 * Writes {@code entries}, in order, then a folder entry for each of
	 * {@code emptyFolders}, as a ZIP into {@code out} (which stays open).
	 * @param emptyFolders paths of folders that no entry is in ({@code /} between
	 * folders), kept as folder entries so that they are not lost
	 * @param starting told each entry and the name it has in the ZIP, just before its
	 * content is sent
	 */
	public void write(List<Entry> entries, List<String> emptyFolders, OutputStream out,
			BiConsumer<Entry, String> starting) throws IOException {
		// Not closed on failure: closing would end the ZIP. Its Deflater (unused for
		// stored entries) is released by the garbage collector then.
		ZipArchiveOutputStream zip = new ZipArchiveOutputStream(new KeepOpen(out));
		zip.setMethod(ZipArchiveOutputStream.STORED);
		zip.setUseZip64(Zip64Mode.AsNeeded);
		zip.setEncoding(StandardCharsets.UTF_8.name());
		zip.setUseLanguageEncodingFlag(true);
		ZipEntryNames names = new ZipEntryNames();
		ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
		for (Entry entry : entries) {
			FileVersion version = entry.version();
			try {
				ZipArchiveEntry header = new ZipArchiveEntry(names.add(entry.path()));
				header.setMethod(ZipArchiveEntry.STORED);
				header.setSize(version.size());
				header.setCrc(this.files.crc32(version));
				header.setTime(version.createdAt().toEpochMilli());
				starting.accept(entry, header.getName());
				try (SeekableByteChannel content = this.files.open(version)) {
					zip.putArchiveEntry(header);
					copy(content, zip, buffer);
				}
				zip.closeArchiveEntry(); // checks size and CRC-32 against the header
			}
			catch (BlobIntegrityException ex) {
				logger.warn("Integrity failure while sending version {} of file {} (blob {}) in a ZIP: aborted",
						version.number(), version.fileId(), version.blobId());
				this.events
					.publishEvent(new BlobIntegrityFailure(version.fileId(), version.number(), version.blobId()));
				throw ex;
			}
		}
		for (String folder : emptyFolders) {
			ZipArchiveEntry header = new ZipArchiveEntry(names.add(folder) + "/");
			header.setMethod(ZipArchiveEntry.STORED);
			header.setSize(0);
			header.setCrc(0);
			zip.putArchiveEntry(header);
			zip.closeArchiveEntry();
		}
		zip.finish();
		zip.close();
	}

	private static void copy(SeekableByteChannel content, OutputStream target, ByteBuffer buffer) throws IOException {
		while (content.read(buffer.clear()) >= 0) {
			target.write(buffer.array(), 0, buffer.position());
		}
	}

	/** The response stream, which the ZIP's {@code close} must not close. */
	private static final class KeepOpen extends java.io.FilterOutputStream {

		KeepOpen(OutputStream out) {
			super(out);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			this.out.write(bytes, offset, length);
		}

		@Override
		public void close() throws IOException {
			flush();
		}

	}

}
