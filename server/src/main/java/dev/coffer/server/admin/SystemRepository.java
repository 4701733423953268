package dev.coffer.server.admin;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Counts over the whole installation, for the admin system page. */
@Repository
class SystemRepository {

	private final JdbcClient jdbc;

	SystemRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	SystemFacts facts() {
		return new SystemFacts(count("select count(*) from users"), count("select count(*) from files"),
				count("select count(*) from file_versions"), count("select coalesce(sum(size), 0) from file_versions"),
				count("select coalesce(sum(ciphertext_size), 0) from blob_parts"));
	}

	private long count(String sql) {
		return this.jdbc.sql(sql).query(Long.class).single();
	}

}
