package dev.coffer.server.files;

import java.util.List;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

/**
 * Migration 24: writes the sort keys of files from before folders (migration V20 moved
 * them into their owners' root folders with an empty key). The key is
 * {@link FileNameOrder}, which is Java, so SQL cannot. A Flyway migration rather than
 * work at every start: it runs once, on the one node that migrates, in Flyway's
 * transaction, before the server takes requests; every file made since gets its key when
 * its name is written. Databases that already had their keys written at start (before
 * this was a migration) find nothing to do.
 */
@Component
class SortKeyBackfill implements JavaMigration {

	private static final Logger logger = LoggerFactory.getLogger(SortKeyBackfill.class);

	private static final int BATCH = 500;

	@Override
	public MigrationVersion getVersion() {
		return MigrationVersion.fromVersion("24");
	}

	@Override
	public String getDescription() {
		return "file sort keys";
	}

	@Override
	public Integer getChecksum() {
		return null;
	}

	@Override
	public boolean canExecuteInTransaction() {
		return true;
	}

	@Override
	public void migrate(Context context) {
		// Flyway's own connection, in its transaction: not the application's pool.
		JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(context.getConnection(), true));
		FileNameOrder order = new FileNameOrder();
		int written = 0;
		String after = "";
		List<String[]> batch = batchAfter(jdbc, after);
		while (!batch.isEmpty()) {
			for (String[] file : batch) {
				jdbc.sql("update files set sort_key = ? where id = ?").params(order.sortKey(file[1]), file[0]).update();
			}
			written += batch.size();
			after = batch.getLast()[0];
			batch = batchAfter(jdbc, after);
		}
		if (written > 0) {
			logger.info("Wrote the folder sort keys of {} files from before folders", written);
		}
	}

	/**
	 * Files without a key whose ids follow {@code after}: each batch walks on from the
	 * last, so the whole table is read once.
	 */
	private static List<String[]> batchAfter(JdbcClient jdbc, String after) {
		return jdbc.sql("select id, name from files where id > ? and sort_key = '' order by id limit ?")
			.params(after, BATCH)
			.query((rs, row) -> new String[] { rs.getString(1), rs.getString(2) })
			.list();
	}

}
