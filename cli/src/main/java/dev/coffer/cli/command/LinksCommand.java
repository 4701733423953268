package dev.coffer.cli.command;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.http.CofferApi;

/** A file's public links. */
@Command(name = "links", description = "List a file's public links (their URLs are shown only when made).")
public final class LinksCommand extends ServerCommand {

	@Parameters(paramLabel = "NAME", description = "The file")
	String name;

	@Override
	void run() {
		CofferApi api = api();
		JsonArray links = api.links(api.file(this.name).get("id").getAsString());
		StringBuilder text = new StringBuilder();
		for (JsonElement element : links) {
			JsonObject link = element.getAsJsonObject();
			String limit = link.has("maxDownloads") ? "/" + link.get("maxDownloads").getAsInt() : "";
			text.append(String.format("%s  %-15s  %s downloads  expires %s%s%n", link.get("id").getAsString(),
					link.get("status").getAsString(), link.get("downloads").getAsInt() + limit,
					link.has("expiresAt") ? LsCommand.when(link.get("expiresAt").getAsString()) : "never",
					link.get("passwordProtected").getAsBoolean() ? "  password" : ""));
		}
		print(links, text.isEmpty() ? null : text.toString().stripTrailing());
	}

}
