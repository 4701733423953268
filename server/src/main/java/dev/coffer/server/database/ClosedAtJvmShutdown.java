package dev.coffer.server.database;

import java.sql.SQLException;

import org.h2.api.ErrorCode;

/**
 * Recognises the embedded H2 database refusing work because the JVM is stopping. H2
 * closes itself from a JVM shutdown hook of its own, which runs alongside Spring's: a
 * background job that touches the database while the server stops can find it closed
 * before Spring has stopped that job. That is the end of the process, not a fault to
 * report, and nothing can be written in this process any more.
 */
public final class ClosedAtJvmShutdown {

	private ClosedAtJvmShutdown() {
	}

	/** Whether the failure, or one of its causes, is H2's closed-at-shutdown refusal. */
	public static boolean causedIt(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && (sql.getErrorCode() == ErrorCode.DATABASE_CALLED_AT_SHUTDOWN
					|| sql.getErrorCode() == ErrorCode.DATABASE_IS_CLOSED)) {
				return true;
			}
		}
		return false;
	}

}
