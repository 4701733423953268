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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts attempts in the database and refuses those over a {@link ThrottleRule}, on every
 * node alike.
 * <p>
 * An attempt on a subject first locks a row for it (one of a fixed set, chosen by the
 * subject's hash), then reads the subject's counted attempts and, if no rule refuses it,
 * adds its own ({@link #begin}). Parallel attempts on one subject are therefore decided
 * one after another, on every node: a burst gets exactly as many attempts through as a
 * rule allows, no more and no fewer. A refused attempt counts nothing (hammering a locked
 * subject does not extend the lock); an attempt that turns out well removes its row with
 * {@link Attempt#succeeded()}; a failed one keeps it.
 * <p>
 * Called within a transaction, the attempt joins it and the subject stays locked until it
 * ends: a caller that checks a code under the throttle checks it before the next attempt
 * on the subject is counted.
 */
@Service
public class Throttle {

	private final ThrottleRepository attempts;

	private final Clock clock;

	private final TransactionTemplate transaction;

	Throttle(ThrottleRepository attempts, Clock clock, PlatformTransactionManager transactions) {
		this.attempts = attempts;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactions);
	}

	/**
	 * Counts one attempt against each subject and checks every rule.
	 * @return the attempt, to be marked succeeded if it went well
	 * @throws TooManyAttemptsException if any rule refuses it; nothing is counted then
	 */
	public Attempt begin(Subject... subjects) {
		// Refused without an exception inside the transaction: thrown there, it would
		// mark a caller's transaction, which the attempt may have joined, for rollback.
		Counted counted = this.transaction.execute((status) -> count(List.of(subjects)));
		if (!counted.refusedFor().isZero()) {
			throw new TooManyAttemptsException(counted.refusedFor());
		}
		return new Attempt(this.attempts, counted.ids(), List.of(subjects), counted.counts());
	}

	private Counted count(List<Subject> subjects) {
		List<String> hashes = subjects.stream().map((subject) -> hash(subject.value())).toList();
		// Locked in one order everywhere, so that no two attempts wait for each other.
		hashes.stream()
			.mapToInt((hash) -> Math.floorMod(hash.hashCode(), ThrottleRepository.LOCK_SLOTS))
			.distinct()
			.sorted()
			.forEach(this.attempts::lock);
		long now = this.clock.millis();
		List<Integer> counts = new ArrayList<>();
		Duration wait = Duration.ZERO;
		for (int i = 0; i < subjects.size(); i++) {
			ThrottleRule rule = subjects.get(i).rule();
			List<Long> others = this.attempts.since(rule.scope(), hashes.get(i), now - rule.longestWindow().toMillis());
			Duration ruleWait = wait(rule, others, now);
			wait = (ruleWait.compareTo(wait) > 0) ? ruleWait : wait;
			Duration first = rule.limits().get(0).window();
			counts.add(1 + (int) others.stream().filter((time) -> time > now - first.toMillis()).count());
		}
		if (!wait.isZero()) {
			return new Counted(wait, List.of(), List.of());
		}
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < subjects.size(); i++) {
			String id = UUID.randomUUID().toString();
			this.attempts.insert(id, subjects.get(i).rule().scope(), hashes.get(i), now);
			ids.add(id);
		}
		return new Counted(Duration.ZERO, List.copyOf(ids), List.copyOf(counts));
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

	/**
	 * What counting an attempt found: how long it is refused for, else the rows it added.
	 */
	private record Counted(Duration refusedFor, List<String> ids, List<Integer> counts) {
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
