package dev.coffer.server.files;

import java.text.Normalizer;

import org.junit.jupiter.api.Test;

import dev.coffer.server.InvalidInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileNamesTest {

	@Test
	void ordinaryNames_passUnchanged() {
		for (String name : new String[] { "report.pdf", ".hidden", "a..b", "名前.txt", "space in name.txt",
				"emoji 🎉.png", "...", "x".repeat(255) }) {
			assertThat(FileNames.requireValid(name)).isEqualTo(name);
		}
	}

	@Test
	void names_areNormalizedToNfc() {
		String nfd = Normalizer.normalize("Ångström.txt", Normalizer.Form.NFD);
		assertThat(FileNames.requireValid(nfd)).isEqualTo("Ångström.txt");
	}

	@Test
	void forbiddenNames_areRefused() {
		for (String name : new String[] { null, "", " ", ".", "..", "a/b", "a\\b", "a\u0000b", "a\u001fb", "a\u007fb",
				"a\u0085b", "a\u202eb", "a\u2066b", "a\u200fb", "x".repeat(256), "ü".repeat(128), "report.pdf ",
				" report.pdf", " ..", "a\u00a0", "\u3000a" }) {
			assertThatThrownBy(() -> FileNames.requireValid(name)).as(String.valueOf(name))
				.isInstanceOf(InvalidInputException.class);
		}
	}

	@Test
	void spacesAtEitherEnd_areRefused_sayingSo_forFilesAndFolders() {
		assertThatThrownBy(() -> FileNames.requireValid("hello.txt "))
			.hasMessage("File names cannot start or end with a space.");
		assertThatThrownBy(() -> FileNames.requireValidFolderName(" .."))
			.hasMessage("Folder names cannot start or end with a space.");
		assertThat(FileNames.requireValid("a b")).isEqualTo("a b");
	}

	@Test
	void lengthLimit_countsUtf8Bytes() {
		assertThat(FileNames.requireValid("ü".repeat(127))).hasSize(127); // 254 bytes
		assertThatThrownBy(() -> FileNames.requireValid("ü".repeat(127) + "üx"))
			.isInstanceOf(InvalidInputException.class);
	}

}
