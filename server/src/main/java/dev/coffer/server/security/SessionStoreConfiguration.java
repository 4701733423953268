package dev.coffer.server.security;

import java.sql.DatabaseMetaData;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.MySqlJdbcIndexedSessionRepositoryCustomizer;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;

/**
 * Spring Session JDBC for requests that share one session at the same time (the web UI's
 * parallel uploads, several tabs, an API client with a session cookie).
 * <p>
 * Each request loads the session, and at its end writes only the attributes it changed:
 * one it set that was absent when it loaded the session is {@code INSERT}ed. When
 * parallel requests of one session set the same new attribute (the flash messages of form
 * posts, the second-factor gate's pass, a new CSRF token), every insert after the first
 * violated the primary key, the request's session write was rolled back and it was
 * answered 500 (PostgreSQL and MariaDB; {@code ConcurrentSessionRequestsTest}). Spring
 * Session ships the fix per database as a customizer that makes that insert an upsert;
 * H2, for which it has none, gets the same with {@code MERGE ... KEY}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class SessionStoreConfiguration {

	static final String H2_UPSERT_ATTRIBUTE = """
			MERGE INTO %TABLE_NAME%_ATTRIBUTES (SESSION_PRIMARY_ID, ATTRIBUTE_NAME, ATTRIBUTE_BYTES)
			KEY (SESSION_PRIMARY_ID, ATTRIBUTE_NAME)
			VALUES (?, ?, ?)
			""";

	@Bean
	SessionRepositoryCustomizer<JdbcIndexedSessionRepository> sessionAttributeUpserts(DataSource dataSource)
			throws MetaDataAccessException {
		String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
		return switch (DatabaseDriver.fromProductName(product)) {
			case POSTGRESQL -> new PostgreSqlJdbcIndexedSessionRepositoryCustomizer();
			case MARIADB, MYSQL -> new MySqlJdbcIndexedSessionRepositoryCustomizer();
			case H2 -> (repository) -> repository.setCreateSessionAttributeQuery(H2_UPSERT_ATTRIBUTE);
			// No other engine has Coffer's migrations, so none gets this far.
			default -> (repository) -> {
			};
		};
	}

}
