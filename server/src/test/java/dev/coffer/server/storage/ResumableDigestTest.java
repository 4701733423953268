package dev.coffer.server.storage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.CRC32;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The digest a resumable upload carries from request to request: encoded and decoded
 * between any two pieces, it gives the same length and CRC-32 as over the whole, and the
 * same SHA-256 where the running digest was handed on; where it was not, it says it does
 * not know the SHA-256 rather than give a wrong one.
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
			digest = ResumableDigest.decode(digest.encode(), digest.runningSha256().orElseThrow());
			digest.runningSha256().orElseThrow().update(content, from, length);
			CRC32 partCrc = new CRC32();
			partCrc.update(content, from, length);
			digest.appended(partCrc.getValue(), length);
		}
		CRC32 whole = new CRC32();
		whole.update(content);
		ResumableDigest withoutSha256 = ResumableDigest.decode(digest.encode(), null);
		assertThat(withoutSha256.size()).isEqualTo(content.length);
		assertThat(withoutSha256.crc32()).isEqualTo(whole.getValue());
		assertThat(withoutSha256.sha256Hex()).as("not handed on, so not known").isEmpty();
		String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		assertThat(digest.sha256Hex()).hasValue(sha256);
		assertThat(digest.sha256Hex()).as("reading the hash leaves the state as it is").hasValue(sha256);
	}

	@Test
	void nothingYet_hasTheSha256OfNothing_wherever_itIsDecoded() {
		ResumableDigest decoded = ResumableDigest.decode(ResumableDigest.start().encode(), null);
		assertThat(decoded.sha256Hex()).hasValue("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	}

	@Test
	void aStateWrittenWithBouncyCastlesSha256_stillGivesItsLengthAndCrc32() {
		// Format 1, as uploads unfinished at an upgrade have it: size, CRC-32, then the
		// Bouncy Castle SHA-256 state.
		SHA256Digest bouncyCastle = new SHA256Digest();
		bouncyCastle.update(new byte[] { 1, 2, 3 }, 0, 3);
		byte[] state = bouncyCastle.getEncodedState();
		byte[] formatOne = ByteBuffer.allocate(13 + state.length)
			.put((byte) 1)
			.putLong(3)
			.putInt(0x55bc801d)
			.put(state)
			.array();
		ResumableDigest decoded = ResumableDigest.decode(formatOne, null);
		assertThat(decoded.size()).isEqualTo(3);
		assertThat(decoded.crc32()).isEqualTo(0x55bc801dL);
		assertThat(decoded.sha256Hex()).isEmpty();
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
		assertThatThrownBy(() -> ResumableDigest.decode(new byte[] { 1, 2, 3 }, null))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> ResumableDigest.decode(new byte[] { 9 }, null))
			.isInstanceOf(IllegalArgumentException.class);
		byte[] trailing = Arrays.copyOf(ResumableDigest.start().encode(), 14);
		assertThatThrownBy(() -> ResumableDigest.decode(trailing, null)).isInstanceOf(IllegalArgumentException.class);
	}

}
