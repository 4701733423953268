package dev.coffer.server.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import org.springframework.security.authentication.password.CompromisedPasswordChecker;
import org.springframework.security.authentication.password.CompromisedPasswordDecision;
import org.springframework.stereotype.Component;

/**
 * Spring Security's {@link CompromisedPasswordChecker} over a list bundled with Coffer
 * (about 54,000 common and breached passwords, see
 * {@code account/common-passwords.txt.gz}), so the check works offline and sends nothing
 * anywhere. Matching ignores case: "Password123456" is as guessable as "password123456".
 */
@Component
class CommonPasswords implements CompromisedPasswordChecker {

	static final String RESOURCE = "/account/common-passwords.txt.gz";

	private final Set<String> passwords;

	CommonPasswords() {
		this.passwords = load();
	}

	@Override
	public CompromisedPasswordDecision check(String password) {
		return new CompromisedPasswordDecision(password != null && this.passwords.contains(normalize(password)));
	}

	int size() {
		return this.passwords.size();
	}

	private static String normalize(String password) {
		return password.toLowerCase(Locale.ROOT);
	}

	private static Set<String> load() {
		try (InputStream raw = CommonPasswords.class.getResourceAsStream(RESOURCE)) {
			if (raw == null) {
				throw new IllegalStateException("Missing bundled password list " + RESOURCE);
			}
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8));
			Set<String> passwords = new HashSet<>(80_000);
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				if (!line.isEmpty() && !line.startsWith("# ")) {
					passwords.add(normalize(line));
				}
			}
			return Set.copyOf(passwords);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read bundled password list " + RESOURCE, ex);
		}
	}

}
