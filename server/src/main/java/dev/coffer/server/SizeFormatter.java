package dev.coffer.server;

/**
 * Lets templates format sizes the same way as messages do: {@code ${sizes.format(n)}}, in
 * the binary units of {@link Sizes}.
 */
public final class SizeFormatter {

	public String format(long bytes) {
		return Sizes.format(bytes);
	}

	/** A limit, rounded down: {@code 97 KiB} for 100,000 bytes. */
	public String atMost(long bytes) {
		return Sizes.formatAtMost(bytes);
	}

	/** {@code 1.5 MiB (1,572,864 bytes)}, or just {@code 49 bytes}. */
	public String withBytes(long bytes) {
		return Sizes.formatWithBytes(bytes);
	}

}
