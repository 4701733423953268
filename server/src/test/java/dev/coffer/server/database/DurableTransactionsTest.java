package dev.coffer.server.database;

import java.net.http.HttpRequest.BodyPublishers;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the embedded H2 database an upload is answered only after H2 has forced its commit
 * to disk; on PostgreSQL and MariaDB, which fsync at commit themselves, nothing is added.
 */
class DurableTransactionsTest {

	@Test
	void onEmbeddedH2_anUploadIsAnsweredAfterASyncOfTheDatabaseFile() throws Exception {
		try (TestServer server = TestServer.start()) {
			PlatformTransactionManager manager = server.bean(PlatformTransactionManager.class);
			assertThat(manager).isInstanceOf(DurableTransactions.SyncedCommits.class);
			DurableTransactions.SyncedCommits synced = (DurableTransactions.SyncedCommits) manager;
			WebClient alice = server.signedUp("alice", "correct horse battery staple");
			long before = synced.syncs();
			assertThat(alice
				.send(alice.apiRequest("/api/v1/files?name=durable.txt")
					.header("Content-Type", "application/octet-stream")
					.PUT(BodyPublishers.ofString("stored"))
					.build())
				.statusCode()).isEqualTo(201);
			assertThat(synced.syncs()).as("the upload's commit (and its audit entry's) waited for a sync")
				.isGreaterThan(before);
		}
	}

	@Test
	void onOtherDatabases_commitsAreLeftToTheDatabase() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:postgresql://localhost/none");
		JdbcTransactionManager manager = new DurableTransactions().transactionManager(dataSource,
				"jdbc:postgresql://localhost/none");
		assertThat(manager).isNotInstanceOf(DurableTransactions.SyncedCommits.class);
		assertThat(new DurableTransactions().transactionManager(dataSource, "jdbc:mariadb://localhost/none"))
			.isNotInstanceOf(DurableTransactions.SyncedCommits.class);
	}

}
