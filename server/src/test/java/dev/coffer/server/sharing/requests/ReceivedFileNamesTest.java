package dev.coffer.server.sharing.requests;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReceivedFileNamesTest {

	@Test
	void senderGoesBeforeTheExtension_andANumberAfterIt() {
		assertThat(ReceivedFileNames.candidate("report.pdf", "Alice", 1)).isEqualTo("report (from Alice).pdf");
		assertThat(ReceivedFileNames.candidate("report.pdf", "Alice", 2)).isEqualTo("report (from Alice) 2.pdf");
		assertThat(ReceivedFileNames.candidate("README", "Alice", 1)).isEqualTo("README (from Alice)");
		assertThat(ReceivedFileNames.candidate(".bashrc", "Alice", 1)).isEqualTo(".bashrc (from Alice)");
	}

	@Test
	void pathsSentBySomeBrowsers_areCutToTheFileName() {
		assertThat(ReceivedFileNames.candidate("C:\\Users\\al\\report.pdf", "Al", 1)).isEqualTo("report (from Al).pdf");
		assertThat(ReceivedFileNames.candidate("dir/sub/report.pdf", "Al", 1)).isEqualTo("report (from Al).pdf");
	}

	@Test
	void slashesInTheSendersName_cannotMakeAPath() {
		assertThat(ReceivedFileNames.candidate("a.txt", "x/../y\\z", 1)).isEqualTo("a (from x-..-y-z).txt");
	}

	@Test
	void charactersOtherSystemsRefuseInNames_inTheSendersName_becomeDashes_andSpacesCollapse() {
		assertThat(ReceivedFileNames.candidate("report.txt", "Eve <script>x</script>", 1))
			.isEqualTo("report (from Eve -script-x--script-).txt");
		assertThat(ReceivedFileNames.candidate("a.txt", "Mal:lo?ry*  \"|  con", 1))
			.isEqualTo("a (from Mal-lo-ry- -- con).txt");
	}

	@Test
	void longNames_areShortenedToFit255Utf8Bytes_keepingTagAndExtension() {
		String name = ReceivedFileNames.candidate("ü".repeat(200) + ".pdf", "Ünïcödé ".repeat(20), 12);
		assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
		assertThat(name).endsWith(") 12.pdf").contains(" (from Ünïcödé");
	}

}
