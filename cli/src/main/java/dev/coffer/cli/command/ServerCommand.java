package dev.coffer.cli.command;

import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import dev.coffer.cli.ClientContext;
import dev.coffer.cli.CofferCli;
import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.config.ClientConfig;
import dev.coffer.cli.http.CofferApi;
import dev.coffer.cli.http.ServerConnection;
import dev.coffer.crypto.CipherWarmUp;

/**
 * What every command that talks to a server has: the shared options, the configuration, a
 * signed-in connection, and output through picocli's writers (so that tests can run
 * commands in the same process and read what they print).
 */
abstract class ServerCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	/** {@link CofferCli}, or a command that groups subcommands ({@link KeysCommand}). */
	@ParentCommand
	Object parent;

	@Mixin
	ClientOptions options;

	@Override
	public final Integer call() throws Exception {
		run();
		return exitCode();
	}

	abstract void run() throws Exception;

	/**
	 * What a command that ran to its end exits with: 0, unless it went on after failures
	 * it told of (a put of several files).
	 */
	int exitCode() {
		return ExitCodes.OK;
	}

	/**
	 * Starts getting AES-GCM compiled on a background thread ({@link CipherWarmUp}), for
	 * end-to-end encryption: Tink calls it once per 1 MiB segment, which a fresh JVM runs
	 * at a twentieth of its speed for the first few hundred MiB. Plain transfers do not
	 * start it: TLS's own 16 KiB records get the code compiled within the first MiBs, and
	 * with or without it a plain get took the same time (docs/PERFORMANCE.md).
	 */
	static void warmUpCiphers() {
		Thread.ofPlatform().daemon().name("cipher-warm-up").start(() -> {
			try {
				CipherWarmUp.run();
			}
			catch (RuntimeException ex) {
				// Only slower without it.
			}
		});
	}

	ClientContext context() {
		return root().context();
	}

	private CofferCli root() {
		Object command = this.parent;
		while (command instanceof KeysCommand group) {
			command = group.root;
		}
		return (CofferCli) command;
	}

	/**
	 * Marks a transfer under way until the result is closed: what Ctrl-C meanwhile tidies
	 * up and says ({@link Interruption#during}).
	 */
	Interruption.Transfer transfer(Supplier<String> tidyUp) {
		return root().interruption().during(err(), tidyUp);
	}

	/** Your keys and other users' public keys, for end-to-end encrypted files. */
	EndToEnd endToEnd(PassphraseOptions passphrase) {
		return new EndToEnd(config(), server(), context(), passphrase, this::tell);
	}

	ClientConfig config() {
		return new ClientConfig(context().configDir());
	}

	/** The server named by {@code --server}, or the one signed in to last. */
	URI server() {
		if (this.options.server != null) {
			return Servers.normalize(this.options.server);
		}
		return config().defaultServer()
			.orElseThrow(() -> new CofferException(ExitCodes.NOT_SIGNED_IN,
					"Not signed in. Sign in first with: coffer login https://your-server:8443"));
	}

	/** The API of {@link #server()}, with its token. */
	CofferApi api() {
		URI server = server();
		ClientConfig config = config();
		String token = config.token(server)
			.orElseThrow(() -> new CofferException(ExitCodes.NOT_SIGNED_IN,
					"Not signed in to " + server + ". Sign in first with: coffer login " + server));
		String pinned = config.pinnedFingerprint(ServerConnection.hostAndPort(server)).orElse(null);
		return new CofferApi(new ServerConnection(server, pinned, token));
	}

	PrintWriter out() {
		return this.spec.commandLine().getOut();
	}

	PrintWriter err() {
		return this.spec.commandLine().getErr();
	}

	boolean json() {
		return this.options.json;
	}

	/**
	 * A message for people: on standard error, unless {@code --quiet} or {@code --json}.
	 */
	void tell(String message) {
		if (!this.options.quiet && !this.options.json) {
			err().println(message);
			err().flush();
		}
	}

	/** The result, for people ({@code text}) or as JSON ({@code --json}). */
	void print(JsonElement json, String text) {
		if (this.options.json) {
			out().println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json));
		}
		else if (!this.options.quiet && text != null) {
			out().println(text);
		}
		out().flush();
	}

	/**
	 * A listing: for people, one {@code line} per element of {@code rows} (nothing if
	 * there are none); with {@code --json}, the server's array as it came.
	 */
	void printRows(JsonArray rows, Function<JsonObject, String> line) {
		printRows(rows, line, null);
	}

	/**
	 * As {@link #printRows(JsonArray, Function)}, with what to tell people if there are
	 * none: on standard error, as every message for people, so that standard output holds
	 * only rows (none).
	 */
	void printRows(JsonArray rows, Function<JsonObject, String> line, String none) {
		String text = rows.asList()
			.stream()
			.map((row) -> line.apply(row.getAsJsonObject()))
			.collect(Collectors.joining(System.lineSeparator()));
		print(rows, text.isEmpty() ? null : text);
		if (text.isEmpty() && none != null) {
			tell(none);
		}
	}

	/**
	 * A progress bar for {@code label}, drawn if {@link #showProgress()}; Ctrl-C ends its
	 * line.
	 * @param total the size in bytes, or -1 if unknown
	 */
	Progress progress(String label, long total) {
		Progress progress = Progress.of(showProgress(), err(), label, total);
		root().interruption().showing(progress);
		return progress;
	}

	/** Whether a progress bar may be drawn: on a terminal, and not asked to be quiet. */
	boolean showProgress() {
		return context().terminal().isPresent() && !this.options.quiet && !this.options.json;
	}

}
