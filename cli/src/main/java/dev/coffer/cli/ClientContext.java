package dev.coffer.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a command may use of the world outside: where the configuration lives, standard
 * input and (binary) standard output, and the terminal, if there is one, to ask the user
 * something. Tests give their own; {@link #system()} is the real one.
 *
 * @param configDir the directory for configuration and tokens
 * @param stdin standard input, for {@code put -} and {@code --token-stdin}
 * @param stdout standard output as bytes, for {@code get -}
 * @param terminal the user at a terminal, or empty when run by a script
 */
public record ClientContext(Path configDir, InputStream stdin, OutputStream stdout, Optional<Terminal> terminal) {

	/** The configuration directory, standard streams and console of this process. */
	public static ClientContext system() {
		Console console = System.console();
		Optional<Terminal> terminal = (console != null) ? Optional.of(new Terminal() {

			@Override
			public String ask(String question) {
				String answer = console.readLine("%s", question);
				return (answer != null) ? answer : "";
			}

			@Override
			public char[] askSecret(String question) {
				char[] answer = console.readPassword("%s", question);
				return (answer != null) ? answer : new char[0];
			}

		}) : Optional.empty();
		// Not System.out, a PrintStream, which keeps write errors to itself: a download
		// or a listing to a full disk must fail as a write to a file does.
		return new ClientContext(configDir(System.getenv()), System.in,
				new TextOutput(new FileOutputStream(FileDescriptor.out)), terminal);
	}

	/**
	 * {@code $XDG_CONFIG_HOME/coffer} if that is set to an absolute path (as the XDG Base
	 * Directory specification requires), else {@code ~/.config/coffer}; on Windows
	 * {@code %APPDATA%\coffer}.
	 */
	static Path configDir(Map<String, String> env) {
		String xdg = env.get("XDG_CONFIG_HOME");
		if (xdg != null && Path.of(xdg).isAbsolute()) {
			return Path.of(xdg, "coffer");
		}
		String appData = env.get("APPDATA");
		if (System.getProperty("os.name", "").startsWith("Windows") && appData != null) {
			return Path.of(appData, "coffer");
		}
		return Path.of(System.getProperty("user.home"), ".config", "coffer");
	}

	/** The user at a terminal. */
	public interface Terminal {

		/**
		 * Shows {@code question} and reads one line of answer.
		 * @return the answer, empty if none
		 */
		String ask(String question);

		/**
		 * Shows {@code question} and reads one line without echoing it (a passphrase).
		 * @return the answer, empty if none; the caller overwrites it after use
		 */
		default char[] askSecret(String question) {
			return ask(question).toCharArray();
		}

	}

	/** A reader of standard input, for callers that read it as text. */
	public BufferedReader stdinReader() {
		return new BufferedReader(new InputStreamReader(this.stdin, StandardCharsets.UTF_8));
	}

}
