package dev.coffer.server.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import picocli.CommandLine;

import dev.coffer.cli.ClientContext;
import dev.coffer.cli.CofferCli;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code coffer} client run in this JVM, as a user would run it: its own
 * configuration directory (its "home"), standard input, and a terminal only when a test
 * gives one (then it answers every question with {@code terminalAnswer}).
 */
public final class Coffer {

	private final Path configDir;

	private byte[] stdin = new byte[0];

	private String terminalAnswer;

	private final StringWriter err = new StringWriter();

	/** The command running, or run last. */
	private volatile CommandLine cli;

	public Coffer(Path configDir) {
		this.configDir = configDir;
	}

	/**
	 * A token {@code user} makes on the account page, as a user would for
	 * {@code coffer login --token-stdin}.
	 */
	public static String accountPageToken(TestServer server, String user, String password, String tokenName) {
		WebClient browser = server.client();
		browser.login(user, password);
		HttpResponse<String> created = browser.submit("/account", "/account/tokens",
				Map.of("name", tokenName, "expiresIn", "30"));
		assertThat(created.statusCode()).isEqualTo(302);
		return WebClient.html(browser.get("/account")).selectFirst("input[aria-label=New API token]").attr("value");
	}

	public Path configDir() {
		return this.configDir;
	}

	/** Standard input for the next commands. */
	public Coffer stdin(byte[] bytes) {
		this.stdin = bytes;
		return this;
	}

	public Coffer stdin(String text) {
		return stdin(text.getBytes(StandardCharsets.UTF_8));
	}

	/** Runs with a terminal that answers every question so. */
	public Coffer atTerminal(String answer) {
		this.terminalAnswer = answer;
		return this;
	}

	/** What the running or last command wrote to standard error so far. */
	public String errSoFar() {
		return this.err.toString();
	}

	/**
	 * Ctrl-C, as far as this JVM can take it: what the client's shutdown hook does (the
	 * command itself goes on until the caller stops it, where a real process would end).
	 * @return what standard error shows then
	 */
	public String ctrlC() {
		((CofferCli) this.cli.getCommand()).interruption().interrupted();
		return errSoFar();
	}

	public Result run(String... args) {
		this.err.getBuffer().setLength(0);
		StringWriter out = new StringWriter();
		ByteArrayOutputStream stdout = new ByteArrayOutputStream();
		Optional<ClientContext.Terminal> terminal = (this.terminalAnswer != null)
				? Optional.of((question) -> this.terminalAnswer) : Optional.empty();
		CommandLine cli = CofferCli
			.commandLine(new ClientContext(this.configDir, new ByteArrayInputStream(this.stdin), stdout, terminal));
		cli.setOut(new PrintWriter(out, true));
		cli.setErr(new PrintWriter(this.err, true));
		this.cli = cli;
		int exit = cli.execute(args);
		return new Result(exit, out.toString(), this.err.toString(), stdout.toByteArray());
	}

	/**
	 * What a command did.
	 *
	 * @param exitCode its exit code
	 * @param out what it printed on standard output (text)
	 * @param err what it printed on standard error
	 * @param stdout the bytes it wrote to standard output ({@code get -o -})
	 */
	public record Result(int exitCode, String out, String err, byte[] stdout) {

		@Override
		public String toString() {
			return "exit " + this.exitCode + "\nout: " + this.out + "\nerr: " + this.err;
		}

	}

}
