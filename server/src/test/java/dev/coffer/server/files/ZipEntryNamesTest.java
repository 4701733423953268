package dev.coffer.server.files;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Entry names that extract inside the target folder and never overwrite each other. */
class ZipEntryNamesTest {

	@Test
	void pathsThatWouldEscapeTheTargetFolder_becomeRelativeAndHarmless() {
		ZipEntryNames names = new ZipEntryNames();
		assertThat(names.add("/etc/passwd")).isEqualTo("etc/passwd");
		assertThat(names.add("../../.bashrc")).isEqualTo("_/_/.bashrc");
		assertThat(names.add("a/./b")).isEqualTo("a/_/b");
		assertThat(names.add("C:\\Windows\\evil.dll")).isEqualTo("C:_Windows_evil.dll");
		assertThat(names.add("line\nbreak\u0000.txt")).isEqualTo("line_break_.txt");
		assertThat(names.add("//")).isEqualTo("file");
	}

	@Test
	void aNameAlreadyTaken_ignoringCase_getsTheNextNumberBeforeItsExtension() {
		ZipEntryNames names = new ZipEntryNames();
		assertThat(names.add("Report.pdf")).isEqualTo("Report.pdf");
		assertThat(names.add("report.PDF")).isEqualTo("report (2).PDF");
		assertThat(names.add("report.pdf")).isEqualTo("report (3).pdf");
		assertThat(names.add("README")).isEqualTo("README");
		assertThat(names.add("readme")).isEqualTo("readme (2)");
		assertThat(names.add(".profile")).isEqualTo(".profile");
		assertThat(names.add(".PROFILE")).isEqualTo(".PROFILE (2)");
		// The same name in another folder is another entry.
		assertThat(names.add("old/Report.pdf")).isEqualTo("old/Report.pdf");
	}

	@Test
	void decomposedAndComposedForms_areTheSameName() {
		ZipEntryNames names = new ZipEntryNames();
		assertThat(names.add("Re\u0301sume\u0301.txt")).isEqualTo("Résumé.txt");
		assertThat(names.add("Résumé.txt")).isEqualTo("Résumé (2).txt");
	}

}
