package dev.coffer.server.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code audit_events} table and its head row in {@code audit_chain}. */
@Repository
class AuditRepository {

	private static final String COLUMNS = "seq, occurred_at, actor, client_address, action, target, outcome, details, "
			+ "prev_hash, hash";

	private final JdbcClient jdbc;

	AuditRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The head of the chain, locked until the transaction ends: appends queue here. */
	Head lockHead() {
		return this.jdbc.sql("select last_seq, last_hash from audit_chain where slot = 1 for update")
			.query((rs, row) -> new Head(rs.getLong("last_seq"), rs.getString("last_hash")))
			.single();
	}

	void insert(AuditEntry entry) {
		this.jdbc.sql("insert into audit_events (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(entry.seq(), entry.time().toEpochMilli(), entry.actor(), entry.clientAddress(), entry.action(),
					entry.target(), entry.outcome(), entry.details(), entry.prevHash(), entry.hash())
			.update();
		this.jdbc.sql("update audit_chain set last_seq = ?, last_hash = ? where slot = 1")
			.params(entry.seq(), entry.hash())
			.update();
	}

	Head head() {
		return this.jdbc.sql("select last_seq, last_hash from audit_chain where slot = 1")
			.query((rs, row) -> new Head(rs.getLong("last_seq"), rs.getString("last_hash")))
			.single();
	}

	/** Entries with {@code seq > after}, in chain order, at most {@code limit}. */
	List<AuditEntry> batchAfter(long after, int limit) {
		return this.jdbc.sql("select " + COLUMNS + " from audit_events where seq > ? order by seq limit ?")
			.params(after, limit)
			.query(AuditRepository::map)
			.list();
	}

	/**
	 * One page of entries that match, by keyset: those with {@code seq} below
	 * {@code below} (if not null) and above {@code above} (if not null), the newest
	 * first, or the oldest first if {@code oldestFirst}.
	 */
	List<AuditEntry> page(AuditFilter filter, Long below, Long above, boolean oldestFirst, int limit) {
		List<Object> params = new ArrayList<>();
		String where = where(filter, below, above, params);
		params.add(limit);
		return this.jdbc
			.sql("select " + COLUMNS + " from audit_events" + where + " order by seq " + (oldestFirst ? "asc" : "desc")
					+ " limit ?")
			.params(params)
			.query(AuditRepository::map)
			.list();
	}

	/** Whether any entry that matches has a {@code seq} in these bounds. */
	boolean exists(AuditFilter filter, Long below, Long above) {
		return !page(filter, below, above, false, 1).isEmpty();
	}

	/** Newest first, row by row, for exports of any size. */
	void stream(AuditFilter filter, Consumer<AuditEntry> each) {
		List<Object> params = new ArrayList<>();
		String where = where(filter, null, null, params);
		try (var rows = this.jdbc.sql("select " + COLUMNS + " from audit_events" + where + " order by seq desc")
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

	boolean existsSince(String action, String target, Instant since) {
		return this.jdbc.sql("select count(*) from audit_events where action = ? and target = ? and occurred_at >= ?")
			.params(action, target, since.toEpochMilli())
			.query(Long.class)
			.single() > 0;
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
			conditions.add("seq < ?");
			params.add(below);
		}
		if (above != null) {
			conditions.add("seq > ?");
			params.add(above);
		}
		return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
	}

	private static AuditEntry map(ResultSet rs, int row) throws SQLException {
		return new AuditEntry(rs.getLong("seq"), Instant.ofEpochMilli(rs.getLong("occurred_at")), rs.getString("actor"),
				rs.getString("client_address"), rs.getString("action"), rs.getString("target"), rs.getString("outcome"),
				rs.getString("details"), rs.getString("prev_hash"), rs.getString("hash"));
	}

	record Head(long seq, String hash) {
	}

}
