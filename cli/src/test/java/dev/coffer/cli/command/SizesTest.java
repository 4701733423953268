package dev.coffer.cli.command;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SizesTest {

	@Test
	void parse_takesBytesOrBinaryUnits() {
		assertThat(Sizes.parse("1000")).isEqualTo(1000);
		assertThat(Sizes.parse("512KiB")).isEqualTo(512 * 1024);
		assertThat(Sizes.parse("64M")).isEqualTo(64L << 20);
		assertThat(Sizes.parse("64mib")).isEqualTo(64L << 20);
		assertThat(Sizes.parse("2 GB")).isEqualTo(2L << 30);
	}

	@Test
	void parse_refusesWhatIsNoSize() {
		assertThatIllegalArgumentException().isThrownBy(() -> Sizes.parse("a lot"));
		assertThatIllegalArgumentException().isThrownBy(() -> Sizes.parse("-1"));
		assertThatIllegalArgumentException().isThrownBy(() -> Sizes.parse("999999999999999T"));
	}

}
