package dev.coffer.server.audit;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Client addresses in the form people read them: IPv6 compressed as RFC 5952 says
 * ({@code ::1}, not {@code 0:0:0:0:0:0:0:1}), and an IPv4-mapped IPv6 address
 * ({@code ::ffff:192.0.2.7}) as the IPv4 address it is. Anything that is not an IP
 * literal is returned unchanged; no name is ever looked up.
 */
final class ClientAddresses {

	/**
	 * Only these reach {@link InetAddress#getByName}, which then parses, never resolves.
	 */
	private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.]{2,45}");

	private ClientAddresses() {
	}

	static String readable(String address) {
		if (address == null || !IP_LITERAL.matcher(address).matches() || address.indexOf(':') < 0) {
			return address;
		}
		try {
			InetAddress parsed = InetAddress.getByName(address);
			if (parsed instanceof Inet4Address) {
				return parsed.getHostAddress();
			}
			return (parsed instanceof Inet6Address) ? compressed(parsed.getAddress()) : address;
		}
		catch (UnknownHostException ex) {
			return address;
		}
	}

	/**
	 * RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups
	 * as {@code ::}.
	 */
	private static String compressed(byte[] bytes) {
		int[] groups = new int[8];
		for (int i = 0; i < 8; i++) {
			groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
		}
		int bestStart = -1;
		int bestLength = 1;
		for (int i = 0; i < 8;) {
			int j = i;
			while (j < 8 && groups[j] == 0) {
				j++;
			}
			if (j - i > bestLength) {
				bestStart = i;
				bestLength = j - i;
			}
			i = (j > i) ? j : i + 1;
		}
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < 8; i++) {
			if (i == bestStart) {
				text.append("::");
				i += bestLength - 1;
				continue;
			}
			if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
				text.append(':');
			}
			text.append(Integer.toHexString(groups[i]));
		}
		return text.toString();
	}

}
