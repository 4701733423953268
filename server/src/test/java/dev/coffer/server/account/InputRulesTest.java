package dev.coffer.server.account;

import org.junit.jupiter.api.Test;

import dev.coffer.server.InvalidInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputRulesTest {

	@Test
	void usernames_areLowerCased_andLimitedToASafeAlphabet() {
		assertThat(Usernames.requireValid("u", "  Alice.Smith_1-x ")).isEqualTo("alice.smith_1-x");
		for (String bad : new String[] { "ab", "a".repeat(33), "has space", "ünïcode", "semi;colon", "a/b", "",
				null }) {
			assertThatThrownBy(() -> Usernames.requireValid("u", bad)).as(String.valueOf(bad))
				.isInstanceOf(InvalidInputException.class);
		}
	}

	@Test
	void emails_areOptional_checked_andLowerCased() {
		assertThat(Emails.normalizeOptional("e", "  ")).isNull();
		assertThat(Emails.normalizeOptional("e", "Alice@Example.ORG")).isEqualTo("alice@example.org");
		for (String bad : new String[] { "no-at-sign", "a@b", "a@@b.org", "a b@c.org", "a@b.org\r\nBcc: x@y.org",
				"x".repeat(65) + "@example.org", "a@" + "b".repeat(250) + ".org" }) {
			assertThatThrownBy(() -> Emails.normalizeOptional("e", bad)).as(bad)
				.isInstanceOf(InvalidInputException.class);
		}
	}

}
