package dev.coffer.server.account;

import java.text.Normalizer;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.coffer.server.TextRules;

/**
 * How passwords are hashed: Argon2id with explicit parameters at OWASP's recommended
 * minimum (m = 19 MiB, t = 2, p = 1; Spring's built-in defaults are weaker) behind a
 * {@link DelegatingPasswordEncoder}, so stored hashes name their algorithm and can be
 * upgraded on the next login. Passwords are NFKC-normalized first (NIST SP 800-63B
 * §5.1.1.2) so that the same password typed on different keyboards or systems always
 * matches.
 */
@Configuration(proxyBeanMethods = false)
class PasswordHashing {

	static final String ARGON2 = "argon2";

	static final int SALT_BYTES = 16;

	static final int HASH_BYTES = 32;

	static final int PARALLELISM = 1;

	static final int MEMORY_KIB = 19 * 1024;

	static final int ITERATIONS = 2;

	@Bean
	PasswordEncoder passwordEncoder() {
		PasswordEncoder argon2 = new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, PARALLELISM, MEMORY_KIB, ITERATIONS);
		return new NfkcPasswordEncoder(new DelegatingPasswordEncoder(ARGON2, Map.of(ARGON2, argon2)));
	}

	/**
	 * Whether two typed passwords are one password as it is hashed (after NFKC): what
	 * matches the one matches the other.
	 */
	static boolean sameAfterNormalizing(String one, String other) {
		return (one != null) && (other != null)
				&& NfkcPasswordEncoder.normalize(one).equals(NfkcPasswordEncoder.normalize(other));
	}

	/** Normalizes the raw password before every encode and match. */
	static final class NfkcPasswordEncoder implements PasswordEncoder {

		private final PasswordEncoder delegate;

		NfkcPasswordEncoder(PasswordEncoder delegate) {
			this.delegate = delegate;
		}

		@Override
		public String encode(CharSequence rawPassword) {
			// Every form checks its own field first; this keeps a missed one from a 500.
			TextRules.requireWellFormed("password", "The password", rawPassword);
			return this.delegate.encode(normalize(rawPassword));
		}

		@Override
		public boolean matches(CharSequence rawPassword, String encodedPassword) {
			if (rawPassword != null && !TextRules.isWellFormed(rawPassword)) {
				return false; // cannot be hashed, so it matches no stored password
			}
			return this.delegate.matches(normalize(rawPassword), encodedPassword);
		}

		@Override
		public boolean upgradeEncoding(String encodedPassword) {
			return this.delegate.upgradeEncoding(encodedPassword);
		}

		private static String normalize(CharSequence rawPassword) {
			return (rawPassword != null) ? Normalizer.normalize(rawPassword, Normalizer.Form.NFKC) : null;
		}

	}

}
