package dev.coffer.server.database;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.coffer.server.database.EmbeddedDatabaseCheck.ForeignDatabaseException;

/**
 * Turns a start refused by {@link EmbeddedDatabaseCheck} into Spring Boot's "APPLICATION
 * FAILED TO START" report. (Registered in {@code META-INF/spring.factories}.)
 */
public class ForeignDatabaseFailureAnalyzer extends AbstractFailureAnalyzer<ForeignDatabaseException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ForeignDatabaseException cause) {
		return new FailureAnalysis(cause.description(),
				cause.action() + " Leave coffer.lock.db out of backups (docs/OPERATIONS.md, \"Backing up\").", cause);
	}

}
