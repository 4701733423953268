package dev.coffer.server.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Gives the embedded H2 database file back its unused space when the server stops.
 * <p>
 * H2 never overwrites data in place: every commit appends a chunk, and old chunks are
 * kept for a while (45 s) before their space may be reused, so upload/delete churn makes
 * the file grow far past what its live rows need, and an ordinary close compacts for 200
 * ms only. {@code SHUTDOWN COMPACT} rewrites the file with only the live data; it runs
 * after the web server has stopped (this bean is destroyed before the connection pool it
 * uses). Only the server does it, never an operator command, which may share the database
 * with a running server. PostgreSQL and MariaDB manage their own files: nothing is done
 * for them.
 */
@ConditionalOnWebApplication
@Component
class EmbeddedDatabaseCompaction implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedDatabaseCompaction.class);

	private static final String H2_FILE = "jdbc:h2:file:";

	private final JdbcTemplate jdbc;

	private final String url;

	EmbeddedDatabaseCompaction(JdbcTemplate jdbc, @Value("${spring.datasource.url:}") String url) {
		this.jdbc = jdbc;
		this.url = url;
	}

	@Override
	public void destroy() {
		if (!this.url.startsWith(H2_FILE)) {
			return;
		}
		Path file = Path.of(this.url.substring(H2_FILE.length()).split(";", 2)[0] + ".mv.db");
		long before = sizeOf(file);
		try {
			this.jdbc.execute("SHUTDOWN COMPACT");
			logger.info("Compacted the database file {} from {} to {} bytes", file, before, sizeOf(file));
		}
		catch (DataAccessException ex) {
			// A database that cannot be written (a full disk) is closed without it.
			logger.warn("Could not compact the database file {} at shutdown: {}", file, ex.getMessage());
		}
	}

	private static long sizeOf(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			return -1;
		}
	}

}
