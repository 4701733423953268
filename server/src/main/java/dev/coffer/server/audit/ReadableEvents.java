package dev.coffer.server.audit;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Audit entries as people read them (see {@link EventDescriptions}), a page at a time.
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

}
