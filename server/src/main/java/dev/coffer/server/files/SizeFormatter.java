package dev.coffer.server.files;

/**
 * Lets templates format sizes the same way as messages do: {@code ${sizes.format(n)}}.
 */
public final class SizeFormatter {

	public String format(long bytes) {
		return Sizes.format(bytes);
	}

}
