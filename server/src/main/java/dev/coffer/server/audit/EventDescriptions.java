package dev.coffer.server.audit;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.coffer.server.SizeFormatter;

/**
 * Turns stored audit entries into {@link ReadableEvent}s: one sentence per action, with
 * the names of its targets (see {@link TargetNames}); an action without a sentence of its
 * own is described from its code. What the sentence does not say stays in the note, with
 * ids replaced by names and exception class names by plain reasons.
 */
final class EventDescriptions {

	/** Spring Security's name for a visitor who is not signed in; not a username. */
	private static final String ANONYMOUS_PRINCIPAL = "anonymousUser";

	private static final String OPERATOR = "operator command";

	private static final Pattern BYTES = Pattern.compile("(\\d+) bytes");

	/**
	 * Ids inside details that the sentence names already, or that mean nothing to people.
	 */
	private static final Pattern IDS_IN_DETAILS = Pattern
		.compile("(?:^file |\\blink |\\bcomment |\\bblob )[0-9a-fA-F-]{36}(?:, )?");

	/** A deleted folder's details: its name, then what it held. */
	private static final Pattern FOLDER_DELETED = Pattern.compile("^(.*), (\\d+ folder\\(s\\), .*)$");

	private static final Pattern REQUEST_IN_DETAILS = Pattern.compile("request:([0-9a-fA-F-]{36})");

	private static final SizeFormatter SIZES = new SizeFormatter();

	private EventDescriptions() {
	}

	/**
	 * How a file or folder without a name in {@code names} is told: to an administrator,
	 * who is given every name there is, it no longer exists; to a user reading their own
	 * events, it may also be one they can no longer see (a share revoked), and which of
	 * the two must not show.
	 */
	enum Unnamed {

		GONE("a file that no longer exists", "a folder that no longer exists", "that no longer exists"),
		UNSEEN("a file you cannot see now", "a folder you cannot see now", "you cannot see now");

		final String file;

		final String folder;

		final String linkedFolder;

		Unnamed(String file, String folder, String linkedFolder) {
			this.file = file;
			this.folder = folder;
			this.linkedFolder = linkedFolder;
		}

	}

	static ReadableEvent describe(AuditEntry entry, Map<String, String> names) {
		return describe(entry, names, Unnamed.GONE);
	}

	static ReadableEvent describe(AuditEntry entry, Map<String, String> names, Unnamed unnamed) {
		Subject subject = Subject.of(entry);
		String[] described = sentence(entry, subject.who(), names, unnamed);
		String note = (described.length > 1) ? described[1] : withoutName(note(entry.details(), names), entry, names);
		return new ReadableEvent(entry.id(), entry.seq(), entry.time(), described[0], blankToNull(note),
				subject.actor(), ClientAddresses.readable(entry.clientAddress()), outcome(entry.outcome()),
				entry.action(), entry.alarming());
	}

	/** The sentence, and (if it has taken over the details) the note to show instead. */
	private static String[] sentence(AuditEntry entry, String who, Map<String, String> names, Unnamed unnamed) {
		String target = entry.target();
		String details = entry.details();
		String file = fileName(entry, names, unnamed);
		String shared = (target != null && target.startsWith("folder:")) ? folder(entry, names, unnamed) : file;
		Grant grant = Grant.of(details);
		String user = (target != null && target.startsWith("user:")) ? target.substring(5) : "an account";
		return switch (entry.action()) {
			case "login.succeeded" -> one(who + " signed in");
			case "login.password_accepted" -> one(who + " entered the right password; the second step is awaited");
			case "login.failed" -> two("Sign-in refused: " + FailureReasons.readable(orElse(details, "refused")), null);
			case "login.locked" -> one("Sign-in locked after too many failed attempts");
			case "logout" -> one(who + " signed out");
			case "authentication.failed" ->
				two("API request refused: " + FailureReasons.readable(orElse(details, "refused")), null);
			case "passkey.login" -> one(who + " signed in with a passkey");
			case "passkey.failed" ->
				two("Passkey sign-in refused: " + FailureReasons.readable(orElse(details, "refused")), null);
			case "passkey.registered" -> one(who + " added a passkey");
			case "passkey.deleted" -> one(who + " removed a passkey");
			case "mfa.enrolled" -> one(who + " turned on two-step verification");
			case "mfa.disabled" -> one(who + " turned off two-step verification");
			case "mfa.failed" -> two(
					"Two-step verification refused: "
							+ ("code already used".equals(details) ? "a code that was already used" : "wrong code"),
					null);
			case "mfa.recovery_code_used" -> one(who + " used a recovery code");
			case "admin.mfa_reset" -> one(who + " reset the second factor of " + user);
			case "password.changed" -> one(who + " changed their password");
			case "password.change_failed" -> one("Password change refused: wrong current password");
			case "account.created" -> one("Account " + user + " created");
			case "account.deleted" -> one("Account " + user + " deleted");
			case "account.enabled", "admin.user_enabled" -> one(who + " enabled the account " + user);
			case "account.disabled", "admin.user_disabled" -> one(who + " disabled the account " + user);
			case "quota.set", "admin.quota_set" ->
				two(who + " set the quota of " + user + " to " + quota(details), null);
			case "invite.created" -> one(who + " created an invite link");
			case "throttle.limited" -> one("Too many sign-ups from this address: refused for a while");
			case "token.created" -> two(who + " created the API token " + named(target, names, "(deleted)"), null);
			case "token.revoked" -> two(who + " revoked the API token " + named(target, names, "(deleted)"), null);
			case "file.uploaded" -> one(who + " uploaded " + file);
			case "file.version_uploaded" -> one(who + " uploaded a new version of " + file);
			case "file.downloaded" -> one(who + " downloaded " + file);
			case "file.restored" -> one(who + " restored an earlier version of " + file);
			case "file.e2e_key_wrapped" -> one(who + " wrapped the end-to-end file key of " + file + " for a reader");
			case "file.renamed" -> two(who + " renamed a file to " + quoted(details), null);
			case "file.version_deleted" -> one(who + " deleted a version of " + file);
			case "file.deleted" -> two(who + " deleted " + file, null);
			case "file.not_found" -> one(who + " asked for a file that does not exist");
			case "access.denied" -> one(who + " was refused "
					+ ((target != null && target.startsWith("path:")) ? "the page " + target.substring(5) : file));
			case "blob.integrity_failure" -> one("The stored content of " + file + " failed its integrity check");
			case AuditLog.INTRUSION_SUSPECTED -> one("Intrusion suspected from " + source(target, file));
			case "share.granted" -> two(who + " shared " + shared + grant.with() + grant.permission(), null);
			case "share.changed" ->
				two(who + " changed the share of " + shared + grant.with() + grant.permission(), null);
			case "share.revoked" -> two(who + " stopped sharing " + shared + grant.with(), null);
			case "file.trashed", "folder.trashed" -> two(who + " moved " + shared + " to the trash", null);
			case "file.untrashed", "folder.untrashed" -> two(who + " restored " + shared + " from the trash", null);
			case "folder.created" -> two(who + " made " + shared, null);
			case "folder.moved" -> two(who + " moved or renamed " + shared, null);
			case "folder.deleted" -> two(who + " deleted " + shared + " for good", folderDeletedNote(details));
			case "link.created" -> one(who + " created a public link to " + file);
			case "link.revoked" -> one(who + " revoked a public link to " + file);
			case "link.copied" -> one(who + " showed a public link to " + file + " again, to copy it");
			case "link.used" -> one(who + " downloaded " + file + " through a public link");
			case "link.password_failed" -> one("Wrong password for a public link to " + file);
			case "link.policy_changed" -> one(who + " changed who may make public links to " + file);
			case "folderlink.created" ->
				one(who + " created a public link to the folder " + folderName(target, names, unnamed));
			case "folderlink.revoked" ->
				one(who + " revoked a public link to the folder " + folderName(target, names, unnamed));
			case "folderlink.copied" -> one(who + " showed a public link to the folder "
					+ folderName(target, names, unnamed) + " again, to copy it");
			case "folderlink.used" -> one(who + " downloaded from the folder " + folderName(target, names, unnamed)
					+ " through a public link");
			case "folderlink.password_failed" ->
				one("Wrong password for a public link to the folder " + folderName(target, names, unnamed));
			case "comment.added" -> one(who + " commented on " + file);
			case "comment.deleted" -> one(who + " deleted a comment on " + file);
			case "request.created" -> two(who + " created the request link " + quoted(details), null);
			case "request.revoked" -> two(who + " revoked the request link " + quoted(details), null);
			case "request.copied" ->
				two(who + " showed the request link " + quoted(details) + " again, to copy it", null);
			case "request.upload" -> one(who + " sent " + file + " through a request link" + senderSaid(details));
			case "request.rejected" -> one("A post to the request link " + named(target, names, "") + " was refused");
			case "request.password_failed" -> one("Wrong password for the request link " + named(target, names, ""));
			case "device.requested" -> one("A device asked to sign in as " + quoted(details));
			case "device.approved" -> one(who + " let the device " + quoted(details) + " sign in");
			case "device.denied" -> one(who + " refused the device " + quoted(details));
			case "device.code_rejected" -> one(who + " entered a device code that is not valid");
			case "device.signed_in" -> one("The device " + quoted(details) + " received its API token");
			case "keys.rotated" -> one(who + " rotated the master key (new " + keyName(target) + ")");
			case "keys.retired" -> one(who + " retired " + keyName(target));
			case "keys.rewrap_completed" -> one("Every data key is now wrapped by " + keyName(target));
			default -> one(who + ": " + entry.action().replace('.', ' ').replace('_', ' ')
					+ ((target != null) ? " " + named(target, names, target) : ""));
		};
	}

	private static String[] one(String sentence) {
		return new String[] { sentence };
	}

	private static String[] two(String sentence, String note) {
		return new String[] { sentence, note };
	}

	/**
	 * The entry's file: by its name today, the name recorded when it was deleted, or
	 * neither.
	 */
	private static String fileName(AuditEntry entry, Map<String, String> names, Unnamed unnamed) {
		String target = entry.target();
		if (target == null) {
			return "a file";
		}
		String name = names.get(target);
		if (name == null && target.startsWith("link:") && entry.details() != null) {
			Matcher file = TargetNames.LINKED_FILE.matcher(entry.details());
			name = file.find() ? names.get("file:" + file.group(1)) : null;
		}
		if (name == null && "file.deleted".equals(entry.action()) && entry.details() != null) {
			name = entry.details();
		}
		return (name != null) ? quoted(name) : unnamed.file;
	}

	/**
	 * The entry's folder, by its name today, the name an earlier entry recorded, or the
	 * one this entry records (a deleted folder's details start with it).
	 */
	private static String folder(AuditEntry entry, Map<String, String> names, Unnamed unnamed) {
		String name = names.get(entry.target());
		if (name == null && "folder.deleted".equals(entry.action()) && entry.details() != null) {
			name = FOLDER_DELETED.matcher(entry.details()).replaceFirst("$1");
		}
		return (name != null) ? "the folder " + quoted(name) : unnamed.folder;
	}

	/** What a deleted folder held: "2 folder(s), 5 file version(s)". */
	private static String folderDeletedNote(String details) {
		return (details != null) ? FOLDER_DELETED.matcher(details).replaceFirst("$2") : null;
	}

	/**
	 * The folder a folder link's entry is about, by its name today if it is still there.
	 */
	private static String folderName(String target, Map<String, String> names, Unnamed unnamed) {
		return named(target, names, unnamed.linkedFolder);
	}

	private static String named(String target, Map<String, String> names, String otherwise) {
		String name = names.get(target);
		return (name != null) ? quoted(name) : otherwise;
	}

	private static String source(String target, String file) {
		if (target == null) {
			return "an unknown source";
		}
		if (target.startsWith("user:")) {
			return "the account " + target.substring(5);
		}
		if (target.startsWith("address:")) {
			return "the address " + ClientAddresses.readable(target.substring(8));
		}
		return target.startsWith("file:") ? "the storage of " + file : target;
	}

	private static String keyName(String target) {
		return (target != null && target.startsWith("master-key:")) ? "master key " + target.substring(11)
				: "a master key";
	}

	private static String quota(String details) {
		String value = orElse(details, "default");
		if (value.startsWith(OPERATOR)) {
			value = value.substring(OPERATOR.length()).replaceFirst("^, ", "");
		}
		Matcher bytes = BYTES.matcher(value);
		return bytes.matches() ? SIZES.format(Long.parseLong(bytes.group(1))) : "the default";
	}

	private static String note(String details, Map<String, String> names) {
		if (details == null) {
			return null;
		}
		String note = IDS_IN_DETAILS.matcher(details).replaceAll("");
		Matcher request = REQUEST_IN_DETAILS.matcher(note);
		StringBuilder replaced = new StringBuilder();
		while (request.find()) {
			String title = names.get("request:" + request.group(1));
			request.appendReplacement(replaced,
					Matcher.quoteReplacement((title != null) ? "request link " + quoted(title) : "a request link"));
		}
		request.appendTail(replaced);
		return FailureReasons.readable(replaced.toString()).replaceAll("^[,; ]+|[,; ]+$", "");
	}

	/** The note without the file name the sentence already gives ("a.txt, 5 bytes"). */
	private static String withoutName(String note, AuditEntry entry, Map<String, String> names) {
		String name = (entry.target() != null) ? names.get(entry.target()) : null;
		if (note == null || name == null) {
			return note;
		}
		if (note.equals(name)) {
			return null;
		}
		return note.startsWith(name + ", ") ? note.substring(name.length() + 2) : note;
	}

	private static String outcome(String outcome) {
		return switch (outcome) {
			case "SUCCESS" -> "Succeeded";
			case "FAILURE" -> "Failed";
			case "DENIED" -> "Denied";
			default -> outcome;
		};
	}

	private static String quoted(String name) {
		return "“" + orElse(name, "") + "”";
	}

	private static String orElse(String value, String otherwise) {
		return (value != null) ? value : otherwise;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	/**
	 * Who a share is with and with what permission, from its details ("grantee bob,
	 * permission EDIT (was READ)"), as words to add to the sentence.
	 */
	private record Grant(String with, String permission) {

		private static final Pattern DETAILS = Pattern
			.compile("^grantee (\\S+?),?(?: permission (\\w+))?(?: \\(was (\\w+)\\))?$");

		static Grant of(String details) {
			Matcher grant = DETAILS.matcher((details != null) ? details : "");
			if (!grant.matches()) {
				return new Grant("", "");
			}
			String permission = (grant.group(2) != null)
					? " (" + grant.group(2).toLowerCase(Locale.ROOT)
							+ ((grant.group(3) != null) ? ", was " + grant.group(3).toLowerCase(Locale.ROOT) : "") + ")"
					: "";
			return new Grant(" with " + grant.group(1), permission);
		}

	}

	/**
	 * Who a request link's sender said they are ("from NAME &lt;EMAIL&gt;" at the end of
	 * the details), marked as their word: nobody checked it.
	 */
	private static String senderSaid(String details) {
		int from = (details != null) ? details.indexOf(", from ") : -1;
		return (from < 0) ? "" : " (who said they are " + details.substring(from + ", from ".length()) + ")";
	}

	/** Who did it, for the sentence ("Someone") and for the user column ("anonymous"). */
	private record Subject(String who, String actor) {

		static Subject of(AuditEntry entry) {
			String actor = entry.actor();
			if (actor != null && !ANONYMOUS_PRINCIPAL.equals(actor)) {
				return new Subject(actor, actor);
			}
			if (entry.details() != null && entry.details().startsWith(OPERATOR)) {
				return new Subject("An operator command", ReadableEvent.SERVER);
			}
			return (entry.clientAddress() != null) ? new Subject("Someone", ReadableEvent.ANONYMOUS)
					: new Subject("The server", ReadableEvent.SERVER);
		}

	}

}
