package dev.coffer.server.audit;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start that failed for want of the master key that wraps the audit log's MAC key
 * into Spring Boot's "APPLICATION FAILED TO START" report, with what to do, instead of a
 * stack trace an operator has to read to the bottom. (Registered in
 * {@code META-INF/spring.factories}.)
 */
public class AuditKeyUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<AuditKeyUnavailableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, AuditKeyUnavailableException cause) {
		return new FailureAnalysis(
				cause.getMessage() + ". The master key ring in use (keys/master.json in the data "
						+ "directory, or COFFER_MASTER_KEYSET) is not the one this database was written with.",
				"Put back the key ring that goes with this database (docs/OPERATIONS.md, \"Restoring\") and run "
						+ "'keys status': no key may be 'missing'. Do not start with a new key ring: it cannot "
						+ "decrypt anything in this database.",
				cause);
	}

}
