package dev.coffer.server.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.OwnerOnlyFiles;
import dev.coffer.server.StartRefusedException;

/**
 * Before the migrations, and so before anything else reads or writes the database: on the
 * embedded H2 database, that the database opened is the one in this data directory.
 * <p>
 * H2's {@code AUTO_SERVER} mode lets an operator command use the database of the server
 * that has it open: the first process writes the port it serves it on, and an id, into
 * {@code coffer.lock.db}, and the next one that finds that file connects there. It does
 * not check that the database behind the port is the one in its own directory. A data
 * directory copied with that file while its server runs (a backup restored on the same
 * machine to test it) therefore reads and writes the <em>running</em> server's database:
 * an operator command "on the copy" would add users to, or delete versions from, the
 * original. This check refuses that, with what to do.
 */
@Configuration(proxyBeanMethods = false)
class EmbeddedDatabaseCheck {

	private static final String H2_FILE = "jdbc:h2:file:";

	@Bean
	FlywayMigrationStrategy migrateTheDatabaseOfThisDataDirectory(@Value("${spring.datasource.url:}") String url) {
		return (flyway) -> {
			if (url.startsWith(H2_FILE)) {
				requireOwnDatabase(flyway, databasePath(url));
			}
			flyway.migrate();
		};
	}

	/** The database's path as the URL gives it, {@code ~} for the home directory. */
	static Path databasePath(String url) {
		String path = url.substring(H2_FILE.length()).split(";", 2)[0];
		return path.startsWith("~") ? Path.of(System.getProperty("user.home") + path.substring(1)) : Path.of(path);
	}

	private static void requireOwnDatabase(Flyway flyway, Path configured) {
		DataSource dataSource = flyway.getConfiguration().getDataSource();
		String opened = JdbcClient.create(dataSource).sql("select database_path()").query(String.class).single();
		Path configuredFile = Path.of(configured + ".mv.db");
		Path openedFile = Path.of(opened + ".mv.db");
		// Where the URL's file cannot be found (a form of H2 URL not resolved here),
		// H2 is trusted: the copy this is about has its file.
		if (Files.exists(configuredFile) && !sameFile(configuredFile, openedFile)) {
			throw new ForeignDatabaseException(configuredFile, openedFile, Path.of(configured + ".lock.db"));
		}
		// H2 creates its files with the process's umask (often 0644): owner-only, like
		// the rest of the data directory, so that a copy (cp -p, tar) stays so too.
		OwnerOnlyFiles.restrictToOwner(configuredFile);
		OwnerOnlyFiles.restrictToOwner(Path.of(configured + ".lock.db"));
	}

	private static boolean sameFile(Path a, Path b) {
		try {
			return Files.exists(b) && Files.isSameFile(a, b);
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** The connection went to another directory's database; only its path was read. */
	static final class ForeignDatabaseException extends StartRefusedException {

		ForeignDatabaseException(Path configured, Path opened, Path lockFile) {
			super("The database of this data directory (" + configured + ") was not opened: the connection went to "
					+ "another process, which serves " + opened + ". " + lockFile + " names that process; it was most "
					+ "likely copied from the other data directory while its server ran (with a backup).",
					"Make sure no Coffer server or command uses this data directory, delete " + lockFile
							+ ", and start again. Leave coffer.lock.db out of backups (docs/OPERATIONS.md, "
							+ "\"Backing up\").",
					null);
		}

	}

}
