package dev.coffer.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.account.AccountService;
import dev.coffer.server.files.FileService;
import dev.coffer.server.files.FileUploads;
import dev.coffer.server.support.Databases;
import dev.coffer.server.support.Databases.Database;
import dev.coffer.server.support.Databases.Engine;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code jdbc:mysql:} URL alone is enough: MariaDB Connector/J serves it (see
 * {@link ServerEnvironment}) and Flyway runs the {@code mysql} migrations. Run against
 * the test MariaDB server, which speaks the same protocol as MySQL 8.
 */
class MysqlUrlTest {

	@Test
	void mysqlUrl_withNoOtherSetting_migratesAndServes() throws IOException {
		Database mariadb = Databases.fresh(Engine.MARIADB);
		String mysqlUrl = mariadb.url().replaceFirst("^jdbc:mariadb:", "jdbc:mysql:");
		try (TestServer server = TestServer.start("spring.datasource.url=" + mysqlUrl,
				"spring.datasource.username=" + mariadb.username(),
				"spring.datasource.password=" + mariadb.password())) {
			WebClient browser = server.client();
			browser.signUp("mysql-user", "correct horse battery staple");
			browser.login("mysql-user", "correct horse battery staple");
			assertThat(browser.get("/account").statusCode()).isEqualTo(200);

			String owner = server.bean(AccountService.class).get("mysql-user").id();
			FileService files = server.bean(FileService.class);
			FileUploads uploads = server.bean(FileUploads.class);
			uploads.upload(owner, "a.txt", new ByteArrayInputStream("lower".getBytes()));
			uploads.upload(owner, "A.txt", new ByteArrayInputStream("upper".getBytes()));
			assertThat(files.list(owner, "", "name", false)).hasSize(2);
			assertThat(server.bean(JdbcClient.class)
				.sql("select table_collation from information_schema.tables where table_schema = database() "
						+ "and table_name = 'files'")
				.query(String.class)
				.single()).isEqualTo("utf8mb4_bin");
		}
	}

}
