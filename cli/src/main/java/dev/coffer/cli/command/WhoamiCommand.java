package dev.coffer.cli.command;

import com.google.gson.JsonObject;

import picocli.CommandLine.Command;

/** Who the stored token belongs to, on which server. */
@Command(name = "whoami", description = "Show who you are signed in as, and where.")
public final class WhoamiCommand extends ServerCommand {

	@Override
	void run() {
		JsonObject me = api().me();
		print(me, me.get("username").getAsString() + " (" + me.get("role").getAsString() + ") on " + server());
	}

}
