package dev.coffer.server.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.dao.IncorrectUpdateSemanticsDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The {@code audit_events} table and the sealer's head row in {@code audit_chain}. Pages
 * and exports order by the order id ({@code id}), so entries not yet sealed are listed
 * too; the chain is walked by {@code seq}.
 */
@Repository
class AuditRepository {

	private static final String COLUMNS = "id, seq, occurred_at, actor, client_address, action, target, outcome, "
			+ "details, prev_hash, hash, format, mac_key_id";

	private final JdbcClient jdbc;

	private final JdbcTemplate batches;

	AuditRepository(JdbcClient jdbc, JdbcTemplate batches) {
		this.jdbc = jdbc;
		this.batches = batches;
	}

	/**
	 * Records an event, unsealed: one insert that takes no lock but its own row's.
	 * @return the order id the database gave it
	 */
	long insert(Instant time, String actor, String clientAddress, String action, String target, String outcome,
			String details) {
		KeyHolder id = new GeneratedKeyHolder();
		this.jdbc
			.sql("insert into audit_events (occurred_at, actor, client_address, action, target, outcome, details) "
					+ "values (?, ?, ?, ?, ?, ?, ?)")
			.params(time.toEpochMilli(), actor, clientAddress, action, target, outcome, details)
			.update(id, "id");
		return id.getKeyAs(Number.class).longValue();
	}

	/**
	 * Records that a signal was raised for this source in this window.
	 * @throws org.springframework.dao.DuplicateKeyException if it already was
	 */
	void insertSignal(String action, String source, long windowStart) {
		this.jdbc.sql("insert into audit_signals (action, source, window_start) values (?, ?, ?)")
			.params(action, source, windowStart)
			.update();
	}

	void deleteSignalsBefore(long windowStart) {
		this.jdbc.sql("delete from audit_signals where window_start < ?").param(windowStart).update();
	}

	/**
	 * The head of the chain, locked until the transaction ends: only the sealer takes it.
	 */
	Head lockHead() {
		return this.jdbc.sql("select last_seq, last_hash, last_id from audit_chain where slot = 1 for update")
			.query(AuditRepository::mapHead)
			.single();
	}

	Head head() {
		return this.jdbc.sql("select last_seq, last_hash, last_id from audit_chain where slot = 1")
			.query(AuditRepository::mapHead)
			.single();
	}

	/**
	 * Committed entries above the sealer's place ({@code lastId}: all of them unsealed),
	 * in order id order: a range of the primary key.
	 */
	List<AuditEntry> unsealedAfter(long lastId, int limit) {
		return this.jdbc.sql("select " + COLUMNS + " from audit_events where id > ? order by id limit ?")
			.params(lastId, limit)
			.query(AuditRepository::map)
			.list();
	}

	/**
	 * Unsealed entries at or below the sealer's place: those that committed after the
	 * sealer had given up waiting for them.
	 */
	List<AuditEntry> lateEntries(long lastId, int limit) {
		return this.jdbc
			.sql("select " + COLUMNS + " from audit_events where seq is null and id <= ? order by id limit ?")
			.params(lastId, limit)
			.query(AuditRepository::map)
			.list();
	}

	long countUnsealed() {
		return this.jdbc.sql("select count(*) from audit_events where seq is null").query(Long.class).single();
	}

	/**
	 * Writes the links of sealed entries and the new head, in the caller's transaction.
	 * @throws IncorrectUpdateSemanticsDataAccessException if an entry was sealed by
	 * someone else meanwhile (the transaction must roll back)
	 */
	void seal(List<AuditEntry> sealed, Head head) {
		int[] counts = this.batches.batchUpdate(
				"update audit_events set seq = ?, prev_hash = ?, hash = ?, format = ?, mac_key_id = ? "
						+ "where id = ? and seq is null",
				sealed.stream()
					.map((entry) -> new Object[] { entry.seq(), entry.prevHash(), entry.hash(), entry.format(),
							entry.macKeyId(), entry.id() })
					.toList());
		for (int count : counts) {
			// Some drivers report a batched statement's count as SUCCESS_NO_INFO (-2).
			if (count == 0) {
				throw new IncorrectUpdateSemanticsDataAccessException("an audit entry was sealed twice");
			}
		}
		this.jdbc.sql("update audit_chain set last_seq = ?, last_hash = ?, last_id = ? where slot = 1")
			.params(head.seq(), head.hash(), head.lastId())
			.update();
	}

	/** Sealed entries with {@code seq > after}, in chain order, at most {@code limit}. */
	List<AuditEntry> batchAfter(long after, int limit) {
		return this.jdbc.sql("select " + COLUMNS + " from audit_events where seq > ? order by seq limit ?")
			.params(after, limit)
			.query(AuditRepository::map)
			.list();
	}

	/** The sealed entry with this {@code seq}, if any. */
	List<AuditEntry> bySeq(long seq) {
		return this.jdbc.sql("select " + COLUMNS + " from audit_events where seq = ?")
			.param(seq)
			.query(AuditRepository::map)
			.list();
	}

	/**
	 * One page of entries that match, by keyset on the order id: those with {@code id}
	 * below {@code below} (if not null) and above {@code above} (if not null), the newest
	 * first, or the oldest first if {@code oldestFirst}.
	 */
	List<AuditEntry> page(AuditFilter filter, Long below, Long above, boolean oldestFirst, int limit) {
		List<Object> params = new ArrayList<>();
		String where = where(filter, below, above, params);
		params.add(limit);
		return this.jdbc
			.sql("select " + COLUMNS + " from audit_events" + where + " order by id " + (oldestFirst ? "asc" : "desc")
					+ " limit ?")
			.params(params)
			.query(AuditRepository::map)
			.list();
	}

	/**
	 * The newest {@code limit} entries of these actions about the account
	 * {@code username} (target {@code user:<username>}) since {@code from}, newest first.
	 * Found through the action index: the actions are ones that happen rarely.
	 */
	List<AuditEntry> about(String username, List<String> actions, Instant from, int limit) {
		List<Object> params = new ArrayList<>(actions);
		params.add(from.toEpochMilli());
		params.add("user:" + username);
		params.add(limit);
		String marks = String.join(", ", Collections.nCopies(actions.size(), "?"));
		return this.jdbc
			.sql("select " + COLUMNS + " from audit_events where action in (" + marks + ") and occurred_at >= ? "
					+ "and target = ? order by id desc limit ?")
			.params(params)
			.query(AuditRepository::map)
			.list();
	}

	/** Whether any entry that matches has an {@code id} in these bounds. */
	boolean exists(AuditFilter filter, Long below, Long above) {
		return !page(filter, below, above, false, 1).isEmpty();
	}

	/** Newest first, row by row, for exports of any size. */
	void stream(AuditFilter filter, Consumer<AuditEntry> each) {
		List<Object> params = new ArrayList<>();
		String where = where(filter, null, null, params);
		try (var rows = this.jdbc.sql("select " + COLUMNS + " from audit_events" + where + " order by id desc")
			.params(params)
			.query(AuditRepository::map)
			.stream()) {
			rows.forEach(each);
		}
	}

	long count(AuditFilter filter) {
		List<Object> params = new ArrayList<>();
		String where = where(filter, null, null, params);
		return this.jdbc.sql("select count(*) from audit_events" + where).params(params).query(Long.class).single();
	}

	/** Events of these actions by this actor (or from this address) since a moment. */
	long countRecent(String column, String value, List<String> actions, Instant since) {
		String placeholders = String.join(", ", actions.stream().map((action) -> "?").toList());
		List<Object> params = new ArrayList<>();
		params.add(value);
		params.add(since.toEpochMilli());
		params.addAll(actions);
		return this.jdbc
			.sql("select count(*) from audit_events where " + column + " = ? and occurred_at >= ? and action in ("
					+ placeholders + ")")
			.params(params)
			.query(Long.class)
			.single();
	}

	private static String where(AuditFilter filter, Long below, Long above, List<Object> params) {
		List<String> conditions = new ArrayList<>();
		if (filter.actor() != null) {
			conditions.add("actor = ?");
			params.add(filter.actor());
		}
		if (filter.action() != null) {
			// Any part of the action: "key" finds keys.rotated. '!' escapes, because a
			// backslash in a literal means different things to different databases.
			conditions.add("action like ? escape '!'");
			params.add("%" + filter.action().replaceAll("([!%_])", "!$1") + "%");
		}
		if (filter.from() != null) {
			conditions.add("occurred_at >= ?");
			params.add(filter.from().toEpochMilli());
		}
		if (filter.to() != null) {
			conditions.add("occurred_at < ?");
			params.add(filter.to().toEpochMilli());
		}
		if (below != null) {
			conditions.add("id < ?");
			params.add(below);
		}
		if (above != null) {
			conditions.add("id > ?");
			params.add(above);
		}
		return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
	}

	private static AuditEntry map(ResultSet rs, int row) throws SQLException {
		long seq = rs.getLong("seq");
		Long sealedSeq = rs.wasNull() ? null : seq;
		int format = rs.getInt("format");
		Integer sealedFormat = rs.wasNull() ? null : format;
		return new AuditEntry(rs.getLong("id"), sealedSeq, Instant.ofEpochMilli(rs.getLong("occurred_at")),
				rs.getString("actor"), rs.getString("client_address"), rs.getString("action"), rs.getString("target"),
				rs.getString("outcome"), rs.getString("details"), rs.getString("prev_hash"), rs.getString("hash"),
				sealedFormat, rs.getString("mac_key_id"));
	}

	private static Head mapHead(ResultSet rs, int row) throws SQLException {
		return new Head(rs.getLong("last_seq"), rs.getString("last_hash"), rs.getLong("last_id"));
	}

	/**
	 * The head of the chain.
	 *
	 * @param seq the last sealed entry's {@code seq} (0 before the first)
	 * @param hash its link
	 * @param lastId the highest order id sealed or given up waiting for: below it, only
	 * entries whose transactions committed late are left to seal
	 */
	record Head(long seq, String hash, long lastId) {
	}

}
