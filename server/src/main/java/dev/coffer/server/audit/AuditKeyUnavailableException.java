package dev.coffer.server.audit;

import dev.coffer.server.StartRefusedException;

/**
 * The audit log's MAC key is in the database but cannot be unwrapped: the master key ring
 * in use is not the one the database was written with (a restore with the wrong ring, a
 * lost key file). The server cannot chain a single entry without it, so it does not
 * start, and says why and what to do.
 */
class AuditKeyUnavailableException extends StartRefusedException {

	AuditKeyUnavailableException(String keyId, Throwable cause) {
		super("The audit MAC key " + keyId + " cannot be unwrapped: " + cause.getMessage()
				+ ". The master key ring in use (keys/master.json in the data directory, or COFFER_MASTER_KEYSET) "
				+ "is not the one this database was written with.",
				"Put back the key ring that goes with this database (docs/OPERATIONS.md, \"Restoring\") and run "
						+ "'keys status': no key may be 'missing'. Do not start with a new key ring: it cannot "
						+ "decrypt anything in this database.",
				cause);
	}

}
