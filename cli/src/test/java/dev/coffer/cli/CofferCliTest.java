package dev.coffer.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import dev.coffer.cli.config.ClientConfig;

import static org.assertj.core.api.Assertions.assertThat;

/** The client without a server: usage, exit codes, where it keeps things. */
class CofferCliTest {

	@TempDir
	Path home;

	private final StringWriter out = new StringWriter();

	private final StringWriter err = new StringWriter();

	private int run(String... args) {
		CommandLine cli = CofferCli.commandLine(new ClientContext(this.home.resolve("config"),
				new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), Optional.empty()));
		cli.setOut(new PrintWriter(this.out, true));
		cli.setErr(new PrintWriter(this.err, true));
		return cli.execute(args);
	}

	@Test
	void help_describesTheClient_andExitsZero() {
		assertThat(run("--help")).isZero();
		assertThat(this.out.toString()).contains("Usage: coffer")
			.contains("--version")
			.contains("login")
			.contains("put");
	}

	@Test
	void commandHelp_describesItsOptions() {
		assertThat(run("get", "--help")).isZero();
		assertThat(this.out.toString()).contains("Usage: coffer get").contains("--output").contains("--json");
	}

	@Test
	void aLocalFailure_saysWhatHappened_withoutTheNameOfAJavaClass() {
		assertThat(CofferCli
			.message(new UncheckedIOException("Cannot write the download", new IOException("No space left on device"))))
			.isEqualTo("Cannot write the download: No space left on device");
		assertThat(CofferCli.message(new UncheckedIOException("Cannot read a.txt", new NoSuchFileException("a.txt"))))
			.isEqualTo("Cannot read a.txt: a.txt (no such file)");
		assertThat(CofferCli.message(new IllegalStateException())).doesNotContain("Exception").contains("--debug");
	}

	@Test
	void version_printsAVersion_andExitsZero() {
		assertThat(run("--version")).isZero();
		assertThat(this.out.toString()).startsWith("coffer ");
	}

	@Test
	void noArguments_isAUsageError() {
		assertThat(run()).isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).contains("Usage: coffer");
	}

	@Test
	void unknownOption_isAUsageError_withAOneLineReason() {
		assertThat(run("--frobnicate")).isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).contains("Unknown option: '--frobnicate'");
	}

	@Test
	void aWrongCommandLine_isExit2_withPicocliReasonOnOneLine_andWhereToReadMore_notTheUsageText() {
		assertThat(run("get", "--frobnicate", "a.txt")).isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).isEqualTo(String.join(System.lineSeparator(),
				"coffer: Unknown option: '--frobnicate'", "Try 'coffer get --help' for more information.", ""));
		this.err.getBuffer().setLength(0);
		assertThat(run("restore", "a.txt")).isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString())
			.isEqualTo(String.join(System.lineSeparator(), "coffer: Missing required parameter: 'VERSION'",
					"Try 'coffer restore --help' for more information.", ""));
		this.err.getBuffer().setLength(0);
		assertThat(run("keys", "init", "--passphrase-file")).isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).startsWith("coffer: Missing required parameter for option '--passphrase-file'")
			.endsWith("Try 'coffer keys init --help' for more information." + System.lineSeparator())
			.doesNotContain("Usage:");
	}

	@Test
	void helpFooter_fitsIn80Columns_soItIsPrintedAsWritten() {
		assertThat(run("--help")).isZero();
		String[] footer = CofferCli
			.commandLine(new ClientContext(this.home, new ByteArrayInputStream(new byte[0]),
					new ByteArrayOutputStream(), Optional.empty()))
			.getCommandSpec()
			.usageMessage()
			.footer();
		assertThat(footer).contains("Exit codes:")
			.allSatisfy((line) -> assertThat(line.length()).isLessThanOrEqualTo(80));
		assertThat(this.out.toString().lines()).containsSubsequence(footer);
		assertThat(this.out.toString()).contains(" 3 not signed in").contains("11 local file");
	}

	@Test
	void putE2e_beforeKeysInit_isExit4_sayingToRunKeysInit_beforeAnyConnection() throws Exception {
		// Nothing listens there: a connection would end in exit 8.
		signedInTo(URI.create("https://127.0.0.1:1/"));
		Path file = Files.writeString(this.home.resolve("secret.txt"), "secret");
		assertThat(run("put", "--e2e", file.toString())).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(this.err.toString()).startsWith("coffer: You have no key pair for end-to-end encryption")
			.contains("Run coffer keys init first")
			.contains("coffer keys import FILE");
		this.err.getBuffer().setLength(0);
		assertThat(run("keys", "show")).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(this.err.toString()).contains("Run coffer keys init first");
	}

	@Test
	void helpOfASubcommand_ofACommandGroup_isThatSubcommandsHelp() {
		assertThat(run("help", "keys", "init")).isZero();
		assertThat(this.out.toString()).startsWith("Usage: coffer keys init").contains("--passphrase-file");
		this.out.getBuffer().setLength(0);
		assertThat(run("keys", "help", "init")).isZero();
		assertThat(this.out.toString()).startsWith("Usage: coffer keys init");
		this.out.getBuffer().setLength(0);
		assertThat(run("help", "get")).isZero();
		assertThat(this.out.toString()).startsWith("Usage: coffer get");
		assertThat(run("help", "keys", "frob")).isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString())
			.isEqualTo("coffer: Unknown command 'keys frob'. See 'coffer keys --help'." + System.lineSeparator());
	}

	@Test
	void anUnknownCommand_isOneLine_andExit2() {
		assertThat(run("frobnicate")).isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString())
			.isEqualTo("coffer: Unknown command 'frobnicate'. See 'coffer --help'." + System.lineSeparator());
		this.err.getBuffer().setLength(0);
		assertThat(run("help", "frobnicate")).isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString())
			.isEqualTo("coffer: Unknown command 'frobnicate'. See 'coffer --help'." + System.lineSeparator());
		this.err.getBuffer().setLength(0);
		assertThat(run("lgout")).isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).startsWith("coffer: Unknown command 'lgout'. Did you mean 'coffer logout'")
			.endsWith("See 'coffer --help'." + System.lineSeparator())
			.hasLineCount(1);
		this.err.getBuffer().setLength(0);
		assertThat(run("keys", "shw")).isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString())
			.isEqualTo("coffer: Unknown command 'keys shw'. Did you mean 'coffer keys show'? "
					+ "See 'coffer keys --help'." + System.lineSeparator());
	}

	@Test
	void mv_toADotDotPath_isAUsageError_quotingAsTheRestOfTheClient() {
		signedInTo(URI.create("https://127.0.0.1:1/"));
		assertThat(run("mv", "a.txt", "../b.txt")).isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).isEqualTo(
				"coffer: \u201c.\u201d and \u201c..\u201d cannot be the names of files or folders: \u201c../b.txt\u201d"
						+ System.lineSeparator());
	}

	@Test
	void anyCommand_beforeLogin_isExit3_sayingHowToSignIn() {
		assertThat(run("ls")).isEqualTo(ExitCodes.NOT_SIGNED_IN);
		assertThat(this.err.toString()).startsWith("coffer: Not signed in")
			.contains("coffer login")
			.doesNotContain("\tat ");
	}

	@Test
	void login_toAPlainHttpServer_isRefused_beforeAnyConnection() {
		assertThat(run("login", "http://localhost:8080")).isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).contains("https://");
		assertThat(this.home.resolve("config")).doesNotExist();
	}

	@Test
	void login_toNothingListening_isExit8_andStoresNothing() {
		assertThat(run("login", "https://127.0.0.1:1", "--token-stdin")).isEqualTo(ExitCodes.UNREACHABLE);
		assertThat(this.err.toString()).contains("Cannot connect to 127.0.0.1:1");
		assertThat(this.home.resolve("config")).doesNotExist();
	}

	@Test
	void debug_addsTheStackTrace() {
		assertThat(run("login", "https://127.0.0.1:1", "--token-stdin", "--debug")).isEqualTo(ExitCodes.UNREACHABLE);
		assertThat(this.err.toString()).contains("\tat ");
	}

	@Test
	void configDir_followsXdgConfigHome_whenAbsolute() {
		assertThat(ClientContext.configDir(Map.of("XDG_CONFIG_HOME", "/tmp/xdg")))
			.isEqualTo(Path.of("/tmp/xdg/coffer"));
		assertThat(ClientContext.configDir(Map.of("XDG_CONFIG_HOME", "relative")))
			.isEqualTo(Path.of(System.getProperty("user.home"), ".config", "coffer"));
	}

	@Test
	void put_ofADirectoryWithoutAName_isAUsageError_beforeAnyConnection() {
		// Nothing listens there: a connection would end in exit 8, not a usage error.
		signedInTo(URI.create("https://127.0.0.1:1/"));
		// "/" has no name of its own to become the folder's.
		assertThat(run("put", "/")).isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).contains("--name");
	}

	@Test
	void severalNames_toStandardOutput_orWithOneName_areUsageErrors_beforeAnyConnection() {
		signedInTo(URI.create("https://127.0.0.1:1/"));
		assertThat(run("get", "a.txt", "b.txt", "-o", "-")).isEqualTo(ExitCodes.USAGE);
		assertThat(run("put", "a.txt", "b.txt", "--name", "c.txt")).isEqualTo(ExitCodes.USAGE);
		assertThat(run("put", "-")).isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).contains("give one NAME")
			.contains("--name goes with a single FILE")
			.contains("needs a --name");
	}

	@Test
	void putE2e_withOwner_isAUsageError_beforeAnyConnection_asTheGuideSays() {
		signedInTo(URI.create("https://127.0.0.1:1/"));
		assertThat(run("put", "a.txt", "--owner", "alice", "--e2e")).isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).contains("--e2e cannot go with --owner: only alice can add");
	}

	@Test
	void savedToken_isInAnOwnerOnlyFile_inAnOwnerOnlyDirectory() throws Exception {
		Path dir = this.home.resolve("config");
		ClientConfig config = new ClientConfig(dir);
		config.saveToken(URI.create("https://h:1/"), "coffer_pat_secret");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("credentials.properties"))))
			.isEqualTo("rw-------");
		assertThat(config.token(URI.create("https://h:1/"))).hasValue("coffer_pat_secret");
		config.forgetToken(URI.create("https://h:1/"));
		assertThat(config.token(URI.create("https://h:1/"))).isEmpty();
		try (var files = Files.list(dir)) {
			assertThat(files.map(Path::getFileName).map(Path::toString)).containsExactly("credentials.properties");
		}
	}

	private void signedInTo(URI server) {
		ClientConfig config = new ClientConfig(this.home.resolve("config"));
		config.saveToken(server, "coffer_pat_unused");
		config.setDefaultServer(server);
	}

}
