package dev.coffer.server.throttle;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;

/**
 * Counts attempts in the database and refuses those over a {@link ThrottleRule}, on every
 * node alike.
 * <p>
 * An attempt is counted <em>before</em> it is checked ({@link #begin}): its row is
 * inserted first, then the other rows are read. Concurrent attempts therefore see each
 * other, and no burst of parallel requests gets more than a rule allows. A refused
 * attempt removes its row (hammering a locked subject does not extend the lock); an
 * attempt that turns out well removes its row with {@link Attempt#succeeded()}; a failed
 * one keeps it.
 */
@Service
public class Throttle {

	private final ThrottleRepository attempts;

	private final Clock clock;

	Throttle(ThrottleRepository attempts, Clock clock) {
		this.attempts = attempts;
		this.clock = clock;
	}

	/**
	 * Counts one attempt against each subject and checks every rule.
	 * @return the attempt, to be marked succeeded if it went well
	 * @throws TooManyAttemptsException if any rule refuses it; nothing is counted then
	 */
	public Attempt begin(Subject... subjects) {
		long now = this.clock.millis();
		List<String> ids = new ArrayList<>();
		List<Integer> counts = new ArrayList<>();
		Duration wait = Duration.ZERO;
		for (Subject subject : subjects) {
			String id = UUID.randomUUID().toString();
			String hash = hash(subject.value());
			this.attempts.insert(id, subject.rule().scope(), hash, now);
			ids.add(id);
			List<Long> others = this.attempts.othersSince(subject.rule().scope(), hash,
					now - subject.rule().longestWindow().toMillis(), id);
			Duration ruleWait = wait(subject.rule(), others, now);
			wait = (ruleWait.compareTo(wait) > 0) ? ruleWait : wait;
			Duration first = subject.rule().limits().get(0).window();
			counts.add(1 + (int) others.stream().filter((time) -> time > now - first.toMillis()).count());
		}
		if (!wait.isZero()) {
			ids.forEach(this.attempts::delete);
			throw new TooManyAttemptsException(wait);
		}
		return new Attempt(this.attempts, List.copyOf(ids), List.of(subjects), List.copyOf(counts));
	}

	/**
	 * Forgets every counted attempt on {@code subject}, e.g. after a successful login.
	 */
	public void reset(Subject subject) {
		this.attempts.deleteAll(subject.rule().scope(), hash(subject.value()));
	}

	/** How long the latest of {@code others} keeps the subject locked; zero if not. */
	private static Duration wait(ThrottleRule rule, List<Long> others, long now) {
		long until = now;
		for (ThrottleRule.Limit limit : rule.limits()) {
			long since = now - limit.window().toMillis();
			long inWindow = others.stream().filter((time) -> time > since).count();
			if (inWindow >= limit.max()) {
				until = Math.max(until, others.get(0) + limit.lockDuration().toMillis());
			}
		}
		return Duration.ofMillis(until - now);
	}

	/**
	 * The subject for per-address limits: an IPv4 address as is, an IPv6 address by its
	 * /64 prefix (one customer network usually gets a whole /64, so single addresses
	 * would cost an attacker nothing).
	 */
	public static String clientNetwork(String address) {
		if (address == null || !address.contains(":")) {
			return String.valueOf(address);
		}
		try {
			// A string with a colon is parsed as an IPv6 literal, never looked up by
			// name.
			byte[] bytes = InetAddress.getByName(address).getAddress();
			return (bytes.length == 16) ? HexFormat.of().formatHex(Arrays.copyOf(bytes, 8)) + "::/64" : address;
		}
		catch (UnknownHostException ex) {
			return address;
		}
	}

	static String hash(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One value counted under one rule.
	 *
	 * @param rule the rule
	 * @param value e.g. the attempted username or the client network
	 */
	public record Subject(ThrottleRule rule, String value) {
	}

	/** An attempt that was allowed to go ahead and is counted until it succeeds. */
	public static final class Attempt {

		private final ThrottleRepository attempts;

		private final List<String> ids;

		private final List<Subject> subjects;

		private final List<Integer> counts;

		private Attempt(ThrottleRepository attempts, List<String> ids, List<Subject> subjects, List<Integer> counts) {
			this.attempts = attempts;
			this.ids = ids;
			this.subjects = subjects;
			this.counts = counts;
		}

		/**
		 * How many attempts on {@code subject} are counted in its rule's first window,
		 * this one included.
		 */
		public int count(Subject subject) {
			return this.counts.get(this.subjects.indexOf(subject));
		}

		/** It went well: it no longer counts. */
		public void succeeded() {
			this.ids.forEach(this.attempts::delete);
		}

	}

}
