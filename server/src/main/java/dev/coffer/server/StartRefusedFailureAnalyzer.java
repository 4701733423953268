package dev.coffer.server;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link StartRefusedException} as Spring Boot's "APPLICATION FAILED TO START":
 * what is wrong, and what to do. (Registered in {@code META-INF/spring.factories}.)
 */
public class StartRefusedFailureAnalyzer extends AbstractFailureAnalyzer<StartRefusedException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, StartRefusedException cause) {
		return new FailureAnalysis(cause.description(), cause.action(), cause);
	}

}
