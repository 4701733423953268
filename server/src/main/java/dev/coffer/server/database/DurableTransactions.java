package dev.coffer.server.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.JdbcTransactionObjectSupport;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * The transaction manager, which on the embedded H2 database answers a commit only once
 * it is on stable storage.
 * <p>
 * H2 writes every commit to its file before it returns ({@code WRITE_DELAY=0}), so a
 * killed process loses nothing, but it never fsyncs a commit: after a power loss or a
 * kernel crash the last seconds of metadata could be gone (the blob files are fsynced,
 * but a blob without its row is an orphan the sweeper removes), so an upload the client
 * was told is stored would be lost. Here every committed transaction waits for a
 * {@code CHECKPOINT SYNC} (H2's fsync of its file) that started after its commit, shared
 * by all transactions that committed meanwhile ({@link GroupSync}). PostgreSQL and
 * MariaDB fsync their logs at commit themselves: nothing is added for them.
 */
@Configuration(proxyBeanMethods = false)
class DurableTransactions {

	@Bean
	JdbcTransactionManager transactionManager(DataSource dataSource, @Value("${spring.datasource.url:}") String url) {
		if (url.startsWith("jdbc:h2:file:")) {
			return new SyncedCommits(dataSource);
		}
		return new JdbcTransactionManager(dataSource);
	}

	/** Commits, then waits until the commit is durable. */
	static final class SyncedCommits extends JdbcTransactionManager {

		private final transient GroupSync group = new GroupSync();

		SyncedCommits(DataSource dataSource) {
			super(dataSource);
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
			super.doCommit(status);
			Connection connection = ((JdbcTransactionObjectSupport) status.getTransaction()).getConnectionHolder()
				.getConnection();
			try {
				this.group.awaitDurable(() -> {
					try (Statement statement = connection.createStatement()) {
						statement.execute("CHECKPOINT SYNC");
					}
				});
			}
			catch (SQLException ex) {
				throw new TransactionSystemException("Committed, but could not force the commit to disk", ex);
			}
		}

		/** How many file syncs covered the commits so far. */
		long syncs() {
			return this.group.syncs();
		}

	}

}
