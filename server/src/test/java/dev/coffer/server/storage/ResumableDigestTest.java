package dev.coffer.server.storage;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The digest a resumable upload carries from request to request: encoded and decoded
 * between any two pieces, it gives the same SHA-256 and CRC-32 as the JDK over the whole.
 */
class ResumableDigestTest {

	@Test
	void encodedBetweenPieces_givesTheHashesOfTheWhole() throws Exception {
		byte[] content = new byte[1_000_003];
		new Random(7).nextBytes(content);
		int[] cuts = { 0, 1, 63, 64, 65, 100_000, 999_999, content.length };
		ResumableDigest digest = ResumableDigest.start();
		for (int i = 0; i + 1 < cuts.length; i++) {
			int from = cuts[i];
			int length = cuts[i + 1] - cuts[i];
			digest = ResumableDigest.decode(digest.encode());
			digest.sha256().update(content, from, length);
			CRC32 partCrc = new CRC32();
			partCrc.update(content, from, length);
			digest.appended(partCrc.getValue(), length);
		}
		digest = ResumableDigest.decode(digest.encode());
		CRC32 whole = new CRC32();
		whole.update(content);
		assertThat(digest.size()).isEqualTo(content.length);
		assertThat(digest.crc32()).isEqualTo(whole.getValue());
		assertThat(digest.sha256Hex())
			.isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
		assertThat(digest.sha256Hex()).as("reading the hash leaves the state as it is").isEqualTo(digest.sha256Hex());
	}

	@Test
	void crc32Combine_isZlibs() {
		byte[] a = "The quick brown fox ".getBytes();
		byte[] b = "jumps over the lazy dog".getBytes();
		CRC32 crcA = new CRC32();
		crcA.update(a);
		CRC32 crcB = new CRC32();
		crcB.update(b);
		CRC32 both = new CRC32();
		both.update(a);
		both.update(b);
		assertThat(Crc32Combine.combine(crcA.getValue(), crcB.getValue(), b.length)).isEqualTo(both.getValue());
		assertThat(Crc32Combine.combine(crcA.getValue(), 0, 0)).isEqualTo(crcA.getValue());
	}

	@Test
	void garbage_isNotAState() {
		assertThatThrownBy(() -> ResumableDigest.decode(new byte[] { 1, 2, 3 }))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> ResumableDigest.decode(new byte[] { 9 })).isInstanceOf(IllegalArgumentException.class);
	}

}
