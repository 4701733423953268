package dev.coffer.cli.command;

import java.util.Base64;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.e2e.EndToEndException;
import dev.coffer.cli.e2e.FileKey;
import dev.coffer.cli.e2e.RecipientKey;
import dev.coffer.cli.e2e.UserKeyPair;
import dev.coffer.cli.http.CofferApi;

/** Shares a file or folder with another user, to read or also to edit. */
@Command(name = "share",
		description = { "Share a file or folder with a user (read-only unless --edit), or change their permission.",
				"A folder is shared with everything in it, now and later.",
				"With --e2e, also give them the keys of its end-to-end encrypted versions, wrapped to their public "
						+ "key (checked against the fingerprint seen before, or pinned with coffer keys trust)." })
public final class ShareCommand extends ServerCommand {

	@Parameters(index = "0", paramLabel = "NAME",
			description = "Your file or folder: a name, or a path such as reports/2026")
	String name;

	@Parameters(index = "1", paramLabel = "USER", description = "Their username or email address")
	String user;

	@Option(names = "--edit", description = "Let them upload new versions and restore old ones too")
	boolean edit;

	@Option(names = "--e2e",
			description = "Wrap the keys of the file's end-to-end encrypted versions for them (asks for your passphrase)")
	boolean endToEnd;

	@Mixin
	PassphraseOptions passphrase;

	@Override
	void run() {
		CofferApi api = api();
		String permission = this.edit ? "EDIT" : "READ";
		CofferApi.Entry entry = api.findEntry(this.name).orElseThrow(() -> api.noFileOrFolder(this.name));
		if (entry.isFolder()) {
			shareFolder(api, entry.id(), permission);
			return;
		}
		String fileId = entry.id();
		EndToEnd endToEnd = endToEnd(this.passphrase);
		RecipientKey recipient = null;
		String username = null;
		if (this.endToEnd) {
			// Their key is checked before anything is shared.
			JsonObject key = api.publicKeyOf(this.user);
			username = key.get("username").getAsString();
			recipient = endToEnd.trusted(username, key);
		}
		JsonObject share = api.share(fileId, this.user, permission);
		if (this.endToEnd) {
			int wrapped = wrapVersions(api, fileId, endToEnd.unlock(), username, recipient);
			share.addProperty("wrappedVersions", wrapped);
			tell("Wrapped the keys of " + wrapped + " end-to-end encrypted version" + ((wrapped == 1) ? "" : "s")
					+ " of " + this.name + " for " + username + " (key " + RecipientKey.display(recipient.fingerprint())
					+ ")");
		}
		print(share, null);
		String user = username(share);
		tell("Shared " + this.name + " with " + user + " (" + (this.edit ? "read and edit" : "read") + ")");
		if (!this.endToEnd && hasEndToEndVersions(api, fileId) && !holdsKeys(api, fileId, share)) {
			tell("Note: " + this.name + " has end-to-end encrypted versions, which " + user
					+ " cannot read until you share it with --e2e: coffer share " + this.name + " " + user
					+ (this.edit ? " --edit" : "") + " --e2e");
		}
	}

	/**
	 * Shares a folder with everything in it, now and later. Keys are wrapped file by
	 * file: {@code --e2e} does not go with a folder.
	 */
	private void shareFolder(CofferApi api, String folderId, String permission) {
		String shown = String.join("/", CofferApi.segments(this.name));
		if (this.endToEnd) {
			throw new CofferException(ExitCodes.USAGE,
					"--e2e takes a file, not a folder: share " + shown
							+ " without it, then each end-to-end encrypted file in it with: coffer share FILE "
							+ this.user + (this.edit ? " --edit" : "") + " --e2e");
		}
		JsonObject share = api.shareFolder(folderId, this.user, permission);
		print(share, null);
		tell("Shared folder " + shown + "/ and everything in it with " + username(share) + " ("
				+ (this.edit ? "read and edit" : "read") + "); they reach it with: coffer ls --owner "
				+ api.me().get("username").getAsString() + " " + CofferApi.segments(this.name).getLast());
	}

	/**
	 * The username the server answered with (the user may have been given by e-mail
	 * address, or in other letter case), else as given.
	 */
	private String username(JsonObject share) {
		return share.has("username") ? share.get("username").getAsString() : this.user;
	}

	/**
	 * Whether the user of {@code share} already holds wrapped keys of the file (shared
	 * with --e2e before, and now only their permission changed).
	 */
	private static boolean holdsKeys(CofferApi api, String fileId, JsonObject share) {
		if (!share.has("username")) {
			return false;
		}
		String username = share.get("username").getAsString();
		return api.endToEndRecipients(fileId)
			.asList()
			.stream()
			.anyMatch((recipient) -> username.equals(recipient.getAsJsonObject().get("username").getAsString()));
	}

	private static boolean hasEndToEndVersions(CofferApi api, String fileId) {
		return api.versions(fileId).asList().stream().map(JsonElement::getAsJsonObject).anyMatch(LsCommand::isEndToEnd);
	}

	/** Wraps the key of each end-to-end encrypted version for the recipient. */
	private int wrapVersions(CofferApi api, String fileId, UserKeyPair own, String username, RecipientKey recipient) {
		int wrapped = 0;
		for (JsonElement element : api.versions(fileId)) {
			JsonObject version = element.getAsJsonObject();
			if (!LsCommand.isEndToEnd(version)) {
				continue;
			}
			int number = version.get("number").getAsInt();
			byte[] mine = Base64.getDecoder().decode(api.wrappedKey(fileId, number).get("wrappedKey").getAsString());
			FileKey key;
			try {
				key = own.unwrap(mine, fileId, number);
			}
			catch (EndToEndException ex) {
				throw new CofferException(ExitCodes.CORRUPT_DOWNLOAD, "Cannot open your key of version " + number
						+ " of " + this.name + ": " + ex.getMessage() + ".");
			}
			api.putWrappedKey(fileId, number, username,
					Base64.getEncoder().encodeToString(recipient.wrap(key, fileId, number)));
			wrapped++;
		}
		if (wrapped == 0) {
			tell(this.name + " has no end-to-end encrypted version; shared as usual.");
		}
		return wrapped;
	}

}
