package dev.coffer.server.throttle;

import java.time.Duration;
import java.util.List;

/**
 * What is counted and how much of it is allowed. Attempts are counted per scope and
 * subject (e.g. scope {@code login.account}, subject the attempted username); every limit
 * of a rule applies to the same attempts.
 *
 * @param scope names the counter, at most 32 characters, stable (it is stored)
 * @param limits all must hold for an attempt to go ahead
 */
public record ThrottleRule(String scope, List<Limit> limits) {

	public ThrottleRule {
		if (scope.isEmpty() || scope.length() > 32 || limits.isEmpty()) {
			throw new IllegalArgumentException("A rule needs a scope of 1-32 characters and at least one limit");
		}
		limits = List.copyOf(limits);
	}

	public ThrottleRule(String scope, Limit... limits) {
		this(scope, List.of(limits));
	}

	/** The longest window of any limit: how far back attempts must be read. */
	Duration longestWindow() {
		return this.limits.stream().map(Limit::window).max(Duration::compareTo).orElseThrow();
	}

	/**
	 * At most {@code max} counted attempts within {@code window}; once that many are
	 * there, further attempts are refused for {@code lockDuration} after the latest one.
	 *
	 * @param max how many attempts the window holds
	 * @param window how far back attempts are counted
	 * @param lockDuration how long the subject stays locked after the attempt that filled
	 * the window
	 */
	public record Limit(int max, Duration window, Duration lockDuration) {

		public Limit {
			if (max < 1 || window.isNegative() || window.isZero() || lockDuration.isNegative()) {
				throw new IllegalArgumentException("A limit needs max >= 1, a positive window and a lock >= 0");
			}
		}

	}

}
