package dev.coffer.server.database;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
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
 * was told is stored would be lost. Here every committed transaction waits for an
 * {@code fdatasync} of H2's file that started after its commit, shared by all
 * transactions that committed meanwhile ({@link GroupSync}). It is done on a channel of
 * Coffer's own, not with H2's {@code CHECKPOINT SYNC}, which first makes H2 store every
 * session's pending changes and holds the database's monitor meanwhile: measured, that
 * cut small uploads to a third to two thirds of their rate; this one was within the noise
 * for uploads and costs about 0.5 CPU-ms per download. PostgreSQL and MariaDB fsync their
 * logs at commit themselves: nothing is added for them.
 */
@Configuration(proxyBeanMethods = false)
class DurableTransactions {

	private static final String H2_FILE = "jdbc:h2:file:";

	@Bean
	JdbcTransactionManager transactionManager(DataSource dataSource, @Value("${spring.datasource.url:}") String url) {
		if (url.startsWith(H2_FILE)) {
			return new SyncedCommits(dataSource);
		}
		return new JdbcTransactionManager(dataSource);
	}

	/** Commits, then waits until the commit is durable. */
	static final class SyncedCommits extends JdbcTransactionManager {

		private final transient GroupSync group = new GroupSync();

		/** H2's file, as H2 itself names it, once the first commit asked. */
		private transient volatile Path file;

		/**
		 * Open on the file as it is now; reopened if H2 replaced it (a defragmentation).
		 */
		private transient FileChannel channel;

		private transient Object channelFile;

		SyncedCommits(DataSource dataSource) {
			super(dataSource);
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
			super.doCommit(status);
			try {
				if (this.file == null) {
					this.file = databaseFile(
							((JdbcTransactionObjectSupport) status.getTransaction()).getConnectionHolder()
								.getConnection());
				}
				this.group.awaitDurable(this::sync);
			}
			catch (IOException | SQLException ex) {
				throw new TransactionSystemException("Committed, but could not force the commit to disk", ex);
			}
		}

		/**
		 * The database's file: H2's {@code DATABASE_PATH()}, which has resolved the URL's
		 * path ({@code ~}, a relative path, {@code baseDir}) already.
		 */
		private static Path databaseFile(Connection connection) throws SQLException {
			try (Statement statement = connection.createStatement();
					ResultSet path = statement.executeQuery("select database_path()")) {
				path.next();
				return Path.of(path.getString(1) + ".mv.db");
			}
		}

		/** Runs on one thread at a time ({@link GroupSync}). */
		private void sync() throws IOException {
			Object key = Files.readAttributes(this.file, BasicFileAttributes.class).fileKey();
			if (this.channel == null || key == null || !key.equals(this.channelFile)) {
				if (this.channel != null) {
					this.channel.close();
				}
				this.channel = FileChannel.open(this.file, StandardOpenOption.READ);
				this.channelFile = key;
			}
			this.channel.force(false);
		}

		/** How many file syncs covered the commits so far. */
		long syncs() {
			return this.group.syncs();
		}

	}

}
