package dev.coffer.server.dav;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * WebDAV write locks (table {@code dav_locks}, V31) on paths of their owner's tree:
 * granted, refreshed and removed by LOCK and UNLOCK, and checked before every request
 * that changes something (RFC 4918 §7: a locked resource changes only for a request that
 * submits the lock's token in its {@code If} header, else 423). Every query is by owner,
 * so a user's locks never touch another user's tree, and a token works only for the user
 * who took the lock. A lock is granted in a transaction that holds the owner's row (as
 * the files feature does for names), so two nodes of a cluster cannot grant conflicting
 * locks at once. Expired locks count for nothing and are deleted when their owner next
 * takes a lock.
 */
@Component
class DavLocks {

	/**
	 * Locks one user can hold at once: a client holds a few, a runaway one is stopped.
	 */
	static final int MAX_PER_USER = 1000;

	/** Characters of a lock's {@code DAV:owner} and of its path, as stored. */
	static final int MAX_STORED = 4000;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final Duration maxTimeout;

	DavLocks(JdbcClient jdbc, TransactionTemplate transactions, Clock clock, DavProperties properties) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
		this.maxTimeout = properties.maxLockTimeout();
	}

	/** A path the request changes; with its members if it takes them away or over. */
	record Change(DavPath path, boolean withMembers) {

		boolean isAffectedBy(DavLock lock) {
			return lock.covers(this.path) || (this.withMembers && lock.path().isWithin(this.path));
		}

	}

	Instant now() {
		return this.clock.instant();
	}

	/** The user's locks that have not expired. */
	List<DavLock> active(String userId) {
		return this.jdbc
			.sql("select token, lock_path, depth_infinity, exclusive, owner_xml, expires_at from dav_locks "
					+ "where user_id = ? and expires_at > ?")
			.params(userId, now().toEpochMilli())
			.query((rs, row) -> new DavLock(rs.getString("token"), pathOf(rs.getString("lock_path")),
					rs.getBoolean("depth_infinity"), rs.getBoolean("exclusive"), rs.getString("owner_xml"),
					Instant.ofEpochMilli(rs.getLong("expires_at"))))
			.list();
	}

	/**
	 * The timeout a {@code Timeout} header asks for (RFC 4918 §10.7: its first
	 * {@code Second-N} or {@code Infinite}), at most the server's maximum, which is also
	 * what a missing or unreadable header gets.
	 */
	Duration timeout(String header) {
		if (header != null) {
			for (String asked : header.split(",")) {
				String value = asked.strip();
				if (value.regionMatches(true, 0, "Second-", 0, 7)) {
					try {
						long seconds = Long.parseLong(value.substring(7));
						if (seconds > 0) {
							return (seconds < this.maxTimeout.toSeconds()) ? Duration.ofSeconds(seconds)
									: this.maxTimeout;
						}
					}
					catch (NumberFormatException ex) {
						// a number too large: the maximum, as for Infinite
						return this.maxTimeout;
					}
				}
				else if (value.equalsIgnoreCase("Infinite")) {
					return this.maxTimeout;
				}
			}
		}
		return this.maxTimeout;
	}

	/**
	 * Grants a new lock on a path.
	 * @throws DavStatusException 423 with {@code no-conflicting-lock} if a lock in the
	 * way is exclusive or the new one is (RFC 4918 §9.10.5), 507 over
	 * {@link #MAX_PER_USER} locks or {@link #MAX_STORED} characters
	 */
	DavLock lock(String userId, DavPath path, boolean infinite, LockRequest request, Duration timeout) {
		String stored = format(path);
		if (stored.length() > MAX_STORED || (request.ownerXml() != null && request.ownerXml().length() > MAX_STORED)) {
			throw new DavStatusException(507);
		}
		return this.transactions.execute((tx) -> {
			this.jdbc.sql("select id from users where id = ? for update").param(userId).query(String.class).optional();
			this.jdbc.sql("delete from dav_locks where user_id = ? and expires_at <= ?")
				.params(userId, now().toEpochMilli())
				.update();
			List<DavLock> active = active(userId);
			List<DavPath> conflicts = active.stream()
				.filter((lock) -> lock.covers(path) || (infinite && lock.path().isWithin(path)))
				.filter((lock) -> lock.exclusive() || request.exclusive())
				.map(DavLock::path)
				.toList();
			if (!conflicts.isEmpty()) {
				throw new DavStatusException(423, "no-conflicting-lock", conflicts);
			}
			if (active.size() >= MAX_PER_USER) {
				throw new DavStatusException(507);
			}
			DavLock lock = new DavLock("urn:uuid:" + UUID.randomUUID(), path, infinite, request.exclusive(),
					request.ownerXml(), now().plus(timeout));
			this.jdbc
				.sql("insert into dav_locks (token, user_id, lock_path, depth_infinity, exclusive, owner_xml, "
						+ "expires_at) values (?, ?, ?, ?, ?, ?, ?)")
				.params(lock.token(), userId, stored, lock.infinite(), lock.exclusive(), lock.ownerXml(),
						lock.expiresAt().toEpochMilli())
				.update();
			return lock;
		});
	}

	/**
	 * Gives the lock submitted for a path a new timeout (a LOCK without a body, RFC 4918
	 * §9.10.2).
	 * @throws DavStatusException 412 with {@code lock-token-matches-request-uri} if none
	 * of the tokens is a lock of the user's that covers the path
	 */
	DavLock refresh(String userId, DavPath path, Set<String> tokens, Duration timeout) {
		DavLock lock = active(userId).stream()
			.filter((each) -> tokens.contains(each.token()) && each.covers(path))
			.findFirst()
			.orElseThrow(() -> new DavStatusException(412, "lock-token-matches-request-uri", List.of()));
		Instant expiresAt = now().plus(timeout);
		this.jdbc.sql("update dav_locks set expires_at = ? where token = ? and user_id = ?")
			.params(expiresAt.toEpochMilli(), lock.token(), userId)
			.update();
		return new DavLock(lock.token(), lock.path(), lock.infinite(), lock.exclusive(), lock.ownerXml(), expiresAt);
	}

	/**
	 * Removes the user's lock with that token if it covers the path.
	 * @return whether there was one
	 */
	boolean unlock(String userId, DavPath path, String token) {
		boolean covers = active(userId).stream().anyMatch((lock) -> lock.token().equals(token) && lock.covers(path));
		return covers && this.jdbc.sql("delete from dav_locks where token = ? and user_id = ?")
			.params(token, userId)
			.update() == 1;
	}

	/** Removes the locks at and under a path whose resource DELETE or MOVE took away. */
	void release(String userId, DavPath path) {
		for (DavLock lock : active(userId)) {
			if (lock.path().isWithin(path)) {
				this.jdbc.sql("delete from dav_locks where token = ? and user_id = ?")
					.params(lock.token(), userId)
					.update();
			}
		}
	}

	/**
	 * Checks a request that changes something (RFC 4918 §7, §10.4): its {@code If}
	 * header, if it has one, must hold, and the token of every lock on what it changes
	 * must be submitted.
	 * @param etags a path's ETag, for the header's entity tags
	 * @throws DavStatusException 412 if the header does not hold, 423 with
	 * {@code lock-token-submitted} and the locks' roots if a token is missing
	 */
	void checkWrite(String userId, DavPath requestPath, IfHeader ifHeader, Function<DavPath, Optional<String>> etags,
			List<Change> changes) {
		List<DavLock> active = active(userId);
		if (ifHeader != null && !ifHeader.holds(requestPath, etags, (token, resource) -> active.stream()
			.anyMatch((lock) -> lock.token().equals(token) && lock.covers(resource)))) {
			throw new DavStatusException(412);
		}
		Set<String> submitted = (ifHeader != null) ? ifHeader.tokens() : Set.of();
		List<DavPath> missing = new ArrayList<>();
		for (DavLock lock : active) {
			if (!submitted.contains(lock.token()) && changes.stream().anyMatch((change) -> change.isAffectedBy(lock))) {
				missing.add(lock.path());
			}
		}
		if (!missing.isEmpty()) {
			throw new DavStatusException(423, "lock-token-submitted", missing);
		}
	}

	private static String format(DavPath path) {
		return "/" + String.join("/", path.segments());
	}

	private static DavPath pathOf(String stored) {
		return new DavPath(List.of(stored.split("/")).stream().filter((name) -> !name.isEmpty()).toList());
	}

}
