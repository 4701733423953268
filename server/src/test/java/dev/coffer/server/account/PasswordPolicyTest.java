package dev.coffer.server.account;

import org.junit.jupiter.api.Test;

import dev.coffer.server.InvalidInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordPolicyTest {

	static final CommonPasswords COMMON = new CommonPasswords();

	final PasswordPolicy policy = new PasswordPolicy(COMMON);

	@Test
	void bundledList_holdsAtLeastTenThousandPasswords() {
		assertThat(COMMON.size()).isGreaterThanOrEqualTo(10_000);
		assertThat(COMMON.check("123456").isCompromised()).isTrue();
		assertThat(COMMON.check("password").isCompromised()).isTrue();
	}

	@Test
	void twelveCharacters_isEnough_elevenIsNot() {
		assertThatCode(() -> this.policy.check("p", "zq8#kW2!mN4v", "alice")).doesNotThrowAnyException();
		assertThatThrownBy(() -> this.policy.check("p", "zq8#kW2!mN4", "alice"))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("at least 12");
	}

	@Test
	void length_countsCharacters_notBytesOrUtf16Units() {
		// Twelve emoji are 12 code points but 24 UTF-16 units and 48 UTF-8 bytes.
		assertThatCode(() -> this.policy.check("p", "🐱🐶🦊🐻🐼🐨🐯🦁🐮🐷🐸🐵", "alice")).doesNotThrowAnyException();
		assertThatThrownBy(() -> this.policy.check("p", "🐱🐶🦊🐻🐼🐨🐯🦁🐮🐷🐸", "alice"))
			.isInstanceOf(InvalidInputException.class);
	}

	@Test
	void moreThan128Characters_isRefused() {
		assertThatCode(() -> this.policy.check("p", "ab".repeat(64), "alice")).doesNotThrowAnyException();
		assertThatThrownBy(() -> this.policy.check("p", "ab".repeat(64) + "c", "alice"))
			.hasMessageContaining("at most 128");
	}

	@Test
	void commonPasswords_areRefused_inAnyCase() {
		for (String common : new String[] { "password1234", "PASSWORD1234", "Qwertyuiop123", "iloveyou1234" }) {
			assertThatThrownBy(() -> this.policy.check("p", common, "alice")).as(common)
				.isInstanceOf(InvalidInputException.class)
				.hasMessageContaining("common or breached");
		}
	}

	@Test
	void theUsername_isNotAPassword() {
		assertThatThrownBy(() -> this.policy.check("p", "Longusername1", "longusername1"))
			.hasMessageContaining("must not be your username");
	}

	@Test
	void noCompositionRules() {
		assertThatCode(() -> this.policy.check("p", "all lower case words here", "alice")).doesNotThrowAnyException();
	}

	@Test
	void errors_nameTheField() {
		assertThatThrownBy(() -> this.policy.check("newPassword", "short", "alice")).isInstanceOfSatisfying(
				InvalidInputException.class, (ex) -> assertThat(ex.field()).isEqualTo("newPassword"));
	}

}
