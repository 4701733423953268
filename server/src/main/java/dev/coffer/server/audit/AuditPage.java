package dev.coffer.server.audit;

import java.util.List;

/**
 * One page of the audit log, newest first, paged by keyset on the order id {@code id}
 * (stable while entries are appended, and as fast on the last page as on the first).
 *
 * @param entries newest first
 * @param newerAfter the {@code after} of the link to newer entries, or null if there are
 * none
 * @param olderBefore the {@code before} of the link to older entries, or null if there
 * are none
 */
record AuditPage(List<AuditEntry> entries, Long newerAfter, Long olderBefore) {

	static AuditPage of(AuditRepository entries, AuditFilter filter, Long before, Long after, int size) {
		List<AuditEntry> page;
		if (after != null && before == null) {
			page = entries.page(filter, null, after, true, size).reversed();
		}
		else {
			page = entries.page(filter, before, null, false, size);
		}
		if (page.isEmpty()) {
			return new AuditPage(page, null, null);
		}
		long newest = page.get(0).id();
		long oldest = page.get(page.size() - 1).id();
		return new AuditPage(page, entries.exists(filter, null, newest) ? newest : null,
				entries.exists(filter, oldest, null) ? oldest : null);
	}

}
