package dev.coffer.server.storage;

/**
 * The CRC-32 of two byte sequences one after the other, from the CRC-32 of each and the
 * length of the second: zlib's {@code crc32_combine} (Mark Adler's GF(2) matrix method),
 * which the JDK does not expose. A resumable upload keeps its file's CRC-32 this way:
 * each part is checksummed with the JDK's {@link java.util.zip.CRC32} (an intrinsic), and
 * the result is combined into the running value.
 */
final class Crc32Combine {

	/** The reversed CRC-32 polynomial, as zlib and {@link java.util.zip.CRC32} use it. */
	private static final int POLYNOMIAL = 0xedb88320;

	private Crc32Combine() {
	}

	/**
	 * @param crc1 the CRC-32 of the first sequence
	 * @param crc2 the CRC-32 of the second sequence
	 * @param length2 the length in bytes of the second sequence
	 * @return the CRC-32 of the first sequence followed by the second
	 */
	static long combine(long crc1, long crc2, long length2) {
		if (length2 <= 0) {
			return crc1;
		}
		int[] even = new int[32];
		int[] odd = new int[32];
		// The operator for one zero bit, then for two and four.
		odd[0] = POLYNOMIAL;
		int row = 1;
		for (int n = 1; n < 32; n++) {
			odd[n] = row;
			row <<= 1;
		}
		square(even, odd);
		square(odd, even);
		int crc = (int) crc1;
		long length = length2;
		// Applies length2 zero bytes to crc1, squaring the operator for each bit of the
		// length: the first squaring gives the operator for one zero byte.
		do {
			square(even, odd);
			if ((length & 1) != 0) {
				crc = times(even, crc);
			}
			length >>>= 1;
			if (length == 0) {
				break;
			}
			square(odd, even);
			if ((length & 1) != 0) {
				crc = times(odd, crc);
			}
			length >>>= 1;
		}
		while (length != 0);
		return Integer.toUnsignedLong(crc ^ (int) crc2);
	}

	private static int times(int[] matrix, int vector) {
		int sum = 0;
		int i = 0;
		int rest = vector;
		while (rest != 0) {
			if ((rest & 1) != 0) {
				sum ^= matrix[i];
			}
			rest >>>= 1;
			i++;
		}
		return sum;
	}

	private static void square(int[] square, int[] matrix) {
		for (int n = 0; n < 32; n++) {
			square[n] = times(matrix, matrix[n]);
		}
	}

}
