package dev.coffer.crypto;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlobCipherSizeTest {

	private static final int MIB = 1 << 20;

	private final DataKey key = DataKey.generate();

	BlobCipherSizeTest() throws CryptoException {
	}

	@Test
	void formatConstants_matchTinksAesGcmHkdfStreaming() {
		AesGcmHkdfStreaming tink = (AesGcmHkdfStreaming) this.key.streamingAead();
		assertThat(tink.getHeaderLength()).isEqualTo(BlobCipher.HEADER_LENGTH).isEqualTo(40);
		assertThat(tink.getCiphertextSegmentSize()).isEqualTo(BlobCipher.CIPHERTEXT_SEGMENT_SIZE).isEqualTo(MIB);
		assertThat(tink.getPlaintextSegmentSize()).isEqualTo(BlobCipher.PLAINTEXT_SEGMENT_SIZE);
		assertThat(tink.getCiphertextOverhead()).isEqualTo(BlobCipher.TAG_SIZE);
		assertThat(tink.getFirstSegmentOffset()).isZero();
		assertThat(tink.getCiphertextOffset()).isEqualTo(BlobCipher.HEADER_LENGTH);
		for (long size : interestingSizes()) {
			assertThat(BlobCipher.ciphertextSize(size)).as("size %d", size)
				.isEqualTo(tink.expectedCiphertextSize(size));
		}
	}

	@Test
	void ciphertextSize_matchesRealCiphertexts_forManySizes() throws Exception {
		byte[] zeros = new byte[64 * 1024];
		for (long size : interestingSizes()) {
			Parts.CountingSink sink = new Parts.CountingSink();
			try (OutputStream out = Parts.CIPHER.newEncryptingStream(this.key, "sizes", 0, sink)) {
				for (long left = size; left > 0; left -= zeros.length) {
					out.write(zeros, 0, (int) Math.min(left, zeros.length));
				}
			}
			assertThat(sink.count).as("ciphertext of %d plaintext bytes", size)
				.isEqualTo(BlobCipher.ciphertextSize(size));
		}
	}

	@Test
	void plaintextSize_invertsCiphertextSize() {
		List<Long> sizes = new ArrayList<>(interestingSizes());
		sizes.addAll(List.of(10L * 1024 * MIB, 5L * 1024 * 1024 * MIB + 12345));
		for (long size : sizes) {
			assertThat(BlobCipher.plaintextSize(BlobCipher.ciphertextSize(size))).as("size %d", size).isEqualTo(size);
		}
	}

	@Test
	void plaintextSize_ofSizesNoPartCanHave_isRefused() {
		long[] impossible = { 0, 1, 39, 40, 55, MIB + 1, MIB + 16, 2L * MIB + 16, -1 };
		for (long size : impossible) {
			assertThatThrownBy(() -> BlobCipher.plaintextSize(size)).as("size %d", size)
				.isInstanceOf(IllegalArgumentException.class);
		}
		assertThat(BlobCipher.plaintextSize(56)).isZero();
		assertThat(BlobCipher.plaintextSize(MIB + 17)).isEqualTo(Parts.FIRST_SEGMENT_END + 1);
	}

	@Test
	void ciphertextSize_ofNegativeSize_isRefused() {
		assertThatThrownBy(() -> BlobCipher.ciphertextSize(-1)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> BlobCipher.ciphertextSize(Long.MAX_VALUE)).isInstanceOf(ArithmeticException.class);
	}

	/**
	 * 0 to 300, every segment boundary and MiB multiple up to 3 MiB (±2), and random
	 * sizes.
	 */
	private static List<Long> interestingSizes() {
		List<Long> sizes = new ArrayList<>();
		for (long size = 0; size <= 300; size++) {
			sizes.add(size);
		}
		for (int segment = 1; segment <= 3; segment++) {
			long boundary = Parts.FIRST_SEGMENT_END + (long) (segment - 1) * BlobCipher.PLAINTEXT_SEGMENT_SIZE;
			long mib = (long) segment * MIB;
			for (long delta = -2; delta <= 2; delta++) {
				sizes.add(boundary + delta);
				sizes.add(mib + delta);
			}
		}
		SplittableRandom random = new SplittableRandom(42);
		for (int i = 0; i < 20; i++) {
			sizes.add(random.nextLong(4L * MIB));
		}
		return sizes;
	}

}
