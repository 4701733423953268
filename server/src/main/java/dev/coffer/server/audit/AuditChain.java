package dev.coffer.server.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.coffer.crypto.MacKey;

/**
 * How an audit entry is linked into the chain. Two formats; the chain can change from 1
 * to 2 once (at the upgrade that introduced 2), never back.
 * <p>
 * <b>Format 1</b> (entries written before the sealer existed). The canonical form is
 * these bytes, in this order:
 * <ol>
 * <li>the ASCII bytes of {@code coffer/audit/v1} (the format version);</li>
 * <li>{@code seq}: 8 bytes, big-endian two's complement;</li>
 * <li>{@code time}: epoch milliseconds, 8 bytes, big-endian;</li>
 * <li>then {@code actor}, {@code client_address}, {@code action}, {@code target},
 * {@code outcome}, {@code details}, each as: one byte {@code 0x00} if the field is null;
 * else one byte {@code 0x01}, its length in UTF-8 bytes as 4 bytes big-endian, then those
 * UTF-8 bytes.</li>
 * </ol>
 * {@code hash = SHA-256(prev_hash ‖ canonical)}, where {@code prev_hash} is the previous
 * entry's hash as 32 raw bytes (32 zero bytes before the first entry); both are stored as
 * 64 lower-case hex digits.
 * <p>
 * <b>Format 2</b> (keyed). The canonical form is the ASCII bytes of
 * {@code coffer/audit/v2}, then {@code seq}, the order {@code id} and {@code time}, 8
 * bytes big-endian each, then the six text fields as in format 1.
 * {@code hash = HMAC-SHA256(K, prev_hash ‖ canonical)} under the MAC key {@code K} named
 * by {@code mac_key_id} ({@link MacKey}); {@code prev_hash} is the previous entry's hash
 * whatever its format, so the first format-2 entry chains on from the last format-1 one.
 * Whoever can only write to the database cannot compute a format-2 link.
 * <p>
 * Every field has a fixed size or a length prefix, so no two different entries have the
 * same canonical form (null differs from empty, and no separator can be smuggled into a
 * field).
 */
final class AuditChain {

	static final String GENESIS = "0".repeat(64);

	/** The format of SHA-256 links. */
	static final int HASHED = 1;

	/** The format of HMAC-SHA256 links. */
	static final int KEYED = 2;

	private static final byte[] VERSION_1 = "coffer/audit/v1".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] VERSION_2 = "coffer/audit/v2".getBytes(StandardCharsets.US_ASCII);

	private static final HexFormat HEX = HexFormat.of();

	private AuditChain() {
	}

	/** The format-1 hash of {@code entry} (its own {@code hash} field is ignored). */
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

	/** The format-2 link of {@code entry} with its {@code seq}, under {@code key}. */
	static String mac(MacKey key, String prevHash, AuditEntry entry) {
		return HEX.formatHex(key.tag(keyedInput(prevHash, entry)));
	}

	/** Whether {@code entry.hash()} is its format-2 link under {@code key}. */
	static boolean macMatches(MacKey key, String prevHash, AuditEntry entry) {
		if (entry.hash() == null || entry.hash().length() != 64) {
			return false;
		}
		try {
			return key.verify(HEX.parseHex(entry.hash()), keyedInput(prevHash, entry));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	static byte[] canonical(AuditEntry entry) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		out.writeBytes(VERSION_1);
		out.writeBytes(ByteBuffer.allocate(16).putLong(entry.seq()).putLong(entry.time().toEpochMilli()).array());
		writeFields(out, entry);
		return out.toByteArray();
	}

	static byte[] canonicalKeyed(AuditEntry entry) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		out.writeBytes(VERSION_2);
		out.writeBytes(ByteBuffer.allocate(24)
			.putLong(entry.seq())
			.putLong(entry.id())
			.putLong(entry.time().toEpochMilli())
			.array());
		writeFields(out, entry);
		return out.toByteArray();
	}

	private static byte[] keyedInput(String prevHash, AuditEntry entry) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(288);
		out.writeBytes(HEX.parseHex(prevHash));
		out.writeBytes(canonicalKeyed(entry));
		return out.toByteArray();
	}

	private static void writeFields(ByteArrayOutputStream out, AuditEntry entry) {
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
	}

}
