package dev.coffer.server.files;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RestoredNamesTest {

	@Test
	void aFilesMarker_goesBeforeItsExtension_andCounts() {
		assertThat(RestoredNames.candidate("report.pdf", 1, true)).isEqualTo("report.pdf");
		assertThat(RestoredNames.candidate("report.pdf", 2, true)).isEqualTo("report (restored).pdf");
		assertThat(RestoredNames.candidate("report.pdf", 3, true)).isEqualTo("report (restored 2).pdf");
		assertThat(RestoredNames.candidate(".profile", 2, true)).isEqualTo(".profile (restored)");
	}

	@Test
	void aFoldersMarker_goesAtTheEnd() {
		assertThat(RestoredNames.candidate("release 1.2", 2, false)).isEqualTo("release 1.2 (restored)");
	}

	@Test
	void aLongName_isShortenedBeforeTheMarker_toStayValid() {
		String name = "é".repeat(120) + ".txt";
		String restored = RestoredNames.candidate(name, 12, true);
		assertThat(restored).endsWith(" (restored 11).txt").startsWith("ééé");
		assertThat(restored.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(FileNames.MAX_UTF8_BYTES);
		assertThat(FileNames.requireValid(restored)).isEqualTo(restored);
	}

}
