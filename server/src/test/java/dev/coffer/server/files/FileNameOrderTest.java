package dev.coffer.server.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sort key the database orders folders by agrees with {@link FileNameOrder}, the
 * order of every list sorted in Java.
 */
class FileNameOrderTest {

	private final FileNameOrder order = new FileNameOrder();

	@Test
	void sortKeys_orderNamesAsTheComparatorDoes() {
		List<String> names = new ArrayList<>(List.of("file2.txt", "file10.txt", "File1.txt", "file01.txt", "file1.txt",
				"Résumé.pdf", "resume.pdf", "résumé 2.pdf", "a", "a b", "a-b", "ab", "a.b", "b", "10", "9", "009",
				"x9y", "x10y", "x09y", "Ångström", "angstrom", "zeta", "Zeta2", "日本語.txt", "emoji 🎉.png",
				"_underscore", "(paren)", "12 monkeys", "12monkeys", "a1b2c3", "a1b2c10", "a01b"));
		Random random = new Random(20261202);
		String alphabet = "aAbBéÉzZ019 -._(";
		for (int n = 0; n < 400; n++) {
			StringBuilder name = new StringBuilder();
			int length = 1 + random.nextInt(8);
			for (int i = 0; i < length; i++) {
				name.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			names.add(name.toString());
		}
		for (String a : names) {
			for (String b : names) {
				int byKey = Integer.signum(this.order.sortKey(a).compareTo(this.order.sortKey(b)));
				int byComparator = Integer.signum(this.order.compare(a, b));
				if (byKey != 0) {
					assertThat(byKey).as("%s vs %s", a, b).isEqualTo(byComparator);
				}
			}
		}
	}

	@Test
	void sortKeys_areEqualOnlyForNamesThatDifferInCaseOrAccents() {
		assertThat(this.order.sortKey("Résumé.PDF")).isEqualTo(this.order.sortKey("resume.pdf"));
		assertThat(this.order.sortKey("file01")).isNotEqualTo(this.order.sortKey("file1"));
		assertThat(this.order.sortKey("a")).isNotEqualTo(this.order.sortKey("b"));
	}

	@Test
	void sortKeys_areLowerCaseLettersWithinTheColumnSize() {
		String key = this.order.sortKey("x1".repeat(127));
		assertThat(key).hasSize(FileNameOrder.SORT_KEY_LENGTH).matches("[a-p]+");
		assertThat(this.order.sortKey("")).isEmpty();
	}

}
