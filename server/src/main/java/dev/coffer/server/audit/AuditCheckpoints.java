package dev.coffer.server.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.coffer.server.audit.AuditRepository.Head;

/**
 * Checkpoints of the chain head (its {@code seq}, link and the time) outside the
 * database, so that cutting entries from the end of the chain, or replacing the whole
 * table with a chain recomputed from scratch, is detected: always a line in the server
 * log, and if {@code coffer.audit.checkpoint-file} is set, the same line appended to that
 * file (and forced to disk), and if {@code coffer.audit.checkpoint-s3.bucket} is set, an
 * object under Object Lock ({@link CheckpointObjects}). Each node writes them every
 * {@code coffer.audit.checkpoint-interval} if the head moved, and at shutdown.
 * <p>
 * A checkpoint line, in the file and in the log, contains
 * {@code <ISO-8601 time> seq=<n> hash=<64 hex digits>}; {@code audit verify} reads every
 * such line of the files it is given (a server log works as well), whatever else the line
 * holds.
 */
@Component
class AuditCheckpoints {

	private static final Logger logger = LoggerFactory.getLogger(AuditCheckpoints.class);

	private static final Pattern LINE = Pattern
		.compile("(\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z) seq=(\\d{1,18}) hash=([0-9a-f]{64})");

	private final AuditRepository entries;

	private final AuditProperties properties;

	private final CheckpointObjects objects;

	private final Clock clock;

	private Head lastWritten;

	private long nextAt;

	AuditCheckpoints(AuditRepository entries, AuditProperties properties, CheckpointObjects objects, Clock clock) {
		this.entries = entries;
		this.properties = properties;
		this.objects = objects;
		this.clock = clock;
	}

	/** One checkpoint: the head of the chain at a time. */
	record Checkpoint(Instant time, long seq, String hash) {

		String line() {
			return this.time + " seq=" + this.seq + " hash=" + this.hash;
		}

	}

	/** Writes a checkpoint if the interval has passed since the last one. */
	synchronized void writeIfDue() {
		if (this.clock.millis() >= this.nextAt) {
			write(false);
		}
	}

	/**
	 * Writes a checkpoint of the head now, if the chain has entries and, unless
	 * {@code always}, the head moved since this node's last one.
	 */
	synchronized void write(boolean always) {
		this.nextAt = this.clock.millis() + this.properties.checkpointInterval().toMillis();
		Head head = this.entries.head();
		if (head.seq() == 0 || (!always && head.equals(this.lastWritten))) {
			return;
		}
		Checkpoint checkpoint = new Checkpoint(this.clock.instant(), head.seq(), head.hash());
		logger.info("Audit checkpoint {}", checkpoint.line());
		if (this.properties.checkpointFile() != null) {
			append(this.properties.checkpointFile(), checkpoint);
		}
		if (this.objects.enabled()) {
			try {
				this.objects.write(checkpoint);
			}
			catch (RuntimeException ex) {
				// Written again at the next interval, as the head moves on.
				logger.error("Cannot write the audit checkpoint to {}: {}", this.objects.location(), ex.toString());
			}
		}
		this.lastWritten = head;
	}

	private static void append(Path file, Checkpoint checkpoint) {
		try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.APPEND)) {
			out.write(ByteBuffer.wrap((checkpoint.line() + "\n").getBytes(StandardCharsets.UTF_8)));
			out.force(true);
		}
		catch (IOException ex) {
			logger.error("Cannot append the audit checkpoint to {}: {}", file, ex.toString());
		}
	}

	/** Every checkpoint line of {@code file}, in file order. */
	static List<Checkpoint> read(Path file) {
		try {
			return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Every checkpoint line of a text, in order. */
	static List<Checkpoint> parse(String text) {
		List<Checkpoint> checkpoints = new ArrayList<>();
		for (String line : text.lines().toList()) {
			Matcher matcher = LINE.matcher(line);
			if (matcher.find()) {
				try {
					checkpoints.add(new Checkpoint(Instant.parse(matcher.group(1)), Long.parseLong(matcher.group(2)),
							matcher.group(3)));
				}
				catch (DateTimeParseException ex) {
					// Not a checkpoint after all.
				}
			}
		}
		return checkpoints;
	}

}
