package dev.coffer.server.audit;

/**
 * The audit log's MAC key is in the database but cannot be unwrapped: the master key ring
 * in use is not the one the database was written with (a restore with the wrong ring, a
 * lost key file). The server cannot chain a single entry without it, so it does not
 * start; {@link AuditKeyUnavailableFailureAnalyzer} says why and what to do.
 */
class AuditKeyUnavailableException extends IllegalStateException {

	AuditKeyUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
