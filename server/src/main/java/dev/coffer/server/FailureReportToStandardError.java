package dev.coffer.server;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;
import org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Prints Spring Boot's "APPLICATION FAILED TO START" report (what is wrong, what to do)
 * to standard error with its line breaks. Spring Boot logs it, and the log pattern turns
 * control characters into '_' against log injection, which made the report one line of
 * underscores. This reporter runs first and switches that logger off (at that moment: a
 * failure before logging is configured, such as a refused database password file, is
 * logged with logback's defaults, which know nothing of {@code application.yml}).
 * Operator commands print the reason as their own one line instead and switch this report
 * off ({@value #QUIET}). (Registered in {@code META-INF/spring.factories}.)
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class FailureReportToStandardError implements FailureAnalysisReporter {

	/** A system property that, set to {@code true}, silences this report. */
	public static final String QUIET = "coffer.failure-report.quiet";

	@Override
	public void report(FailureAnalysis analysis) {
		LoggingSystem.get(getClass().getClassLoader())
			.setLogLevel(LoggingFailureAnalysisReporter.class.getName(), LogLevel.OFF);
		if (Boolean.getBoolean(QUIET)) {
			return;
		}
		StringBuilder report = new StringBuilder();
		report.append(System.lineSeparator()).append(System.lineSeparator());
		report.append("***************************").append(System.lineSeparator());
		report.append("APPLICATION FAILED TO START").append(System.lineSeparator());
		report.append("***************************").append(System.lineSeparator()).append(System.lineSeparator());
		report.append("Description:").append(System.lineSeparator()).append(System.lineSeparator());
		report.append(analysis.getDescription()).append(System.lineSeparator());
		if (analysis.getAction() != null) {
			report.append(System.lineSeparator()).append("Action:").append(System.lineSeparator());
			report.append(System.lineSeparator()).append(analysis.getAction()).append(System.lineSeparator());
		}
		System.err.print(report);
		System.err.flush();
	}

}
