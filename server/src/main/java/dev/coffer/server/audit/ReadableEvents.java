package dev.coffer.server.audit;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.coffer.server.SecurityEvent.Outcome;
import dev.coffer.server.account.User;

/**
 * Audit entries as people read them (see {@link EventDescriptions}), a page at a time:
 * everything, for administrators; for a user reading their own events, only what the
 * files' 404s tell them already.
 */
@Component
class ReadableEvents {

	private final TargetNames targetNames;

	ReadableEvents(TargetNames targetNames) {
		this.targetNames = targetNames;
	}

	List<ReadableEvent> of(List<AuditEntry> entries) {
		Map<String, String> names = this.targetNames.of(entries);
		return entries.stream().map((entry) -> EventDescriptions.describe(entry, names)).toList();
	}

	/**
	 * The user's own entries as they may read them: with the names of what they may see
	 * now ({@link TargetNames#visibleTo}), anything else told as one "you cannot see now"
	 * whether it was deleted or only unshared, and a refused file told as one that does
	 * not exist — the log knows which it was ({@link NotFoundRecorder}), the user got the
	 * same 404 for both and learns no more here.
	 */
	List<ReadableEvent> visibleTo(User viewer, List<AuditEntry> entries) {
		Map<String, String> names = this.targetNames.visibleTo(viewer, entries);
		return entries.stream()
			.map(ReadableEvents::asTheUserMet)
			.map((entry) -> EventDescriptions.describe(entry, names, EventDescriptions.Unnamed.UNSEEN))
			.toList();
	}

	private static AuditEntry asTheUserMet(AuditEntry entry) {
		if (!"access.denied".equals(entry.action()) || entry.target() == null || !entry.target().startsWith("file:")) {
			return entry;
		}
		return new AuditEntry(entry.id(), entry.seq(), entry.time(), entry.actor(), entry.clientAddress(),
				NotFoundRecorder.FILE_NOT_FOUND, entry.target(), Outcome.FAILURE.name(), entry.details(),
				entry.prevHash(), entry.hash(), entry.format(), entry.macKeyId());
	}

}
