package dev.coffer.server.audit;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.coffer.server.SecurityEvent;
import dev.coffer.server.SecurityEvent.Outcome;

/**
 * Raises {@code intrusion.suspected} (an audit entry and a WARN log event) when the audit
 * log shows a pattern worth an admin's attention: more than {@value #PROBE_THRESHOLD}
 * requests for file ids that do not exist or are not the caller's, or access denials,
 * from one account or one address within {@link #WINDOW} (someone enumerating ids or
 * probing pages); and any integrity failure of stored content. Counted from the audit
 * table itself, and at most one signal per source and window (a minute from a whole
 * minute), claimed by a unique key: so it holds across the nodes of a cluster.
 */
@Component
class IntrusionSignals {

	private static final Logger logger = LoggerFactory.getLogger(IntrusionSignals.class);

	static final Duration WINDOW = Duration.ofMinutes(1);

	static final int PROBE_THRESHOLD = 20;

	static final List<String> PROBES = List.of(NotFoundRecorder.FILE_NOT_FOUND, "access.denied");

	private final AuditLog log;

	IntrusionSignals(AuditLog log) {
		this.log = log;
	}

	void check(AuditEntry entry) {
		if (PROBES.contains(entry.action())) {
			if (entry.actor() != null) {
				checkProbes("actor", entry.actor(), "user:" + entry.actor());
			}
			if (entry.clientAddress() != null) {
				checkProbes("client_address", entry.clientAddress(), "address:" + entry.clientAddress());
			}
		}
		else if ("blob.integrity_failure".equals(entry.action())) {
			raise(new SecurityEvent(AuditLog.INTRUSION_SUSPECTED, null, entry.clientAddress(), entry.target(),
					Outcome.FAILURE, "stored content failed authentication (audit entry " + entry.id()
							+ "): it was altered, truncated or moved in storage"));
		}
	}

	private void checkProbes(String column, String value, String source) {
		long count = this.log.countRecent(column, value, PROBES, WINDOW);
		if (count > PROBE_THRESHOLD) {
			raise(new SecurityEvent(AuditLog.INTRUSION_SUSPECTED, null, null, source, Outcome.DENIED,
					"possible enumeration: " + count + " requests for missing or forbidden objects within "
							+ WINDOW.toSeconds() + " s"));
		}
	}

	private void raise(SecurityEvent signal) {
		if (this.log.appendOncePerWindow(signal, WINDOW)) {
			logger.warn("Intrusion suspected, {}: {}", signal.target(), signal.details());
		}
	}

}
