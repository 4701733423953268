package dev.coffer.cli.command;

import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Makes a request link: a public drop box that puts what people send into your files. */
@Command(name = "request", description = { "Make a request link: anyone with its URL can send you files.",
		"Prints the URL (the web page can show it again); see what arrived with: coffer received" })
public final class RequestCommand extends ServerCommand {

	@Parameters(paramLabel = "TITLE", description = "What you ask for, shown to senders")
	String title;

	@Option(names = "--max-files", paramLabel = "N", defaultValue = "10",
			description = "The most files it accepts (default: ${DEFAULT-VALUE})")
	int maxFiles;

	@Option(names = "--max-bytes", paramLabel = "SIZE", defaultValue = "1GiB", converter = Sizes.Converter.class,
			description = "The most it accepts in all: bytes, or with KiB, MiB, GiB (default: 1 GiB)")
	long maxBytes;

	@Option(names = "--expires", paramLabel = "DAYS",
			description = "How long it stays open: 7d, 2w, 30 (default: never)")
	String expires;

	@Option(names = "--password-stdin", description = "Senders must enter a password, read from standard input")
	boolean passwordStdin;

	@Override
	void run() {
		JsonObject request = new JsonObject();
		request.addProperty("title", this.title);
		request.addProperty("maxFiles", this.maxFiles);
		request.addProperty("maxBytes", this.maxBytes);
		if (this.expires != null) {
			request.addProperty("expiresInDays", Durations.days(this.expires));
		}
		if (this.passwordStdin) {
			request.addProperty("password", Passwords.fromStdin(context()));
		}
		JsonObject created = api().createRequest(request);
		print(created, created.get("url").getAsString());
	}

}
