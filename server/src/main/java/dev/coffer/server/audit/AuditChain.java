package dev.coffer.server.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How an audit entry is hashed into the chain. The canonical form of an entry is these
 * bytes, in this order:
 * <ol>
 * <li>the ASCII bytes of {@code coffer/audit/v1} (the format version);</li>
 * <li>{@code seq}: 8 bytes, big-endian two's complement;</li>
 * <li>{@code time}: epoch milliseconds, 8 bytes, big-endian;</li>
 * <li>then {@code actor}, {@code client_address}, {@code action}, {@code target},
 * {@code outcome}, {@code details}, each as: one byte {@code 0x00} if the field is null;
 * else one byte {@code 0x01}, its length in UTF-8 bytes as 4 bytes big-endian, then those
 * UTF-8 bytes.</li>
 * </ol>
 * Every field has a fixed size or a length prefix, so no two different entries have the
 * same canonical form (null differs from empty, and no separator can be smuggled into a
 * field). {@code hash = SHA-256(prev_hash ‖ canonical)}, where {@code prev_hash} is the
 * previous entry's hash as 32 raw bytes (32 zero bytes before the first entry); both are
 * stored as 64 lower-case hex digits.
 */
final class AuditChain {

	static final String GENESIS = "0".repeat(64);

	private static final byte[] VERSION = "coffer/audit/v1".getBytes(StandardCharsets.US_ASCII);

	private static final HexFormat HEX = HexFormat.of();

	private AuditChain() {
	}

	/** The hash of {@code entry} (its own {@code hash} field is ignored). */
	static String hash(String prevHash, AuditEntry entry) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(HEX.parseHex(prevHash));
			sha256.update(canonical(entry));
			return HEX.formatHex(sha256.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	static byte[] canonical(AuditEntry entry) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		out.writeBytes(VERSION);
		out.writeBytes(ByteBuffer.allocate(16).putLong(entry.seq()).putLong(entry.time().toEpochMilli()).array());
		for (String field : new String[] { entry.actor(), entry.clientAddress(), entry.action(), entry.target(),
				entry.outcome(), entry.details() }) {
			if (field == null) {
				out.write(0);
			}
			else {
				byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
				out.write(1);
				out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
				out.writeBytes(bytes);
			}
		}
		return out.toByteArray();
	}

}
