package dev.coffer.cli.command;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;

/**
 * Server addresses as the client keeps them: {@code https://host[:port]}, nothing else.
 */
final class Servers {

	private Servers() {
	}

	/**
	 * @throws CofferException with {@link ExitCodes#USAGE} for anything but an HTTPS URL
	 * with a host
	 */
	static URI normalize(URI given) {
		String text = given.toString();
		URI uri = given;
		if (given.getScheme() == null) {
			uri = URI.create("https://" + text);
		}
		if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
			throw new CofferException(ExitCodes.USAGE,
					"The server must be an https:// address with a host name, e.g. "
							+ "https://files.example.org:8443 (got " + text
							+ "). Coffer's client never sends a token unencrypted.");
		}
		try {
			return new URI("https", null, uri.getHost().toLowerCase(Locale.ROOT), uri.getPort(), "/", null, null);
		}
		catch (URISyntaxException ex) {
			throw new CofferException(ExitCodes.USAGE, "Not a server address: " + text);
		}
	}

}
