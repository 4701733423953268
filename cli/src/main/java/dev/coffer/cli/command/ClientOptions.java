package dev.coffer.cli.command;

import java.net.URI;

import picocli.CommandLine.Option;

/** The options every command that talks to a server shares. */
public final class ClientOptions {

	@Option(names = "--server", paramLabel = "URL",
			description = "The Coffer server, e.g. https://files.example.org:8443 (default: the one you last signed in to)")
	URI server;

	@Option(names = { "-q", "--quiet" },
			description = "Print nothing but errors (a download to standard output, get -o -, is still written)")
	boolean quiet;

	@Option(names = "--json", description = "Print the server's answer as JSON, for scripts")
	boolean json;

	@Option(names = "--debug", description = "Show the stack trace of an error")
	boolean debug;

	@Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help")
	boolean help;

}
