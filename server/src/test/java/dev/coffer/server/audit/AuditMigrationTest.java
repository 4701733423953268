package dev.coffer.server.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.coffer.server.SecurityEvent;
import dev.coffer.server.SecurityEvent.Outcome;
import dev.coffer.server.support.Databases;
import dev.coffer.server.support.Databases.Database;
import dev.coffer.server.support.Databases.Engine;
import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An audit log written before the sealer existed (schema version 18, SHA-256 links under
 * the head lock) is migrated by V19 and goes on: its entries keep their order and verify
 * as format 1, new entries are sealed with HMAC links that chain on from the last old
 * one.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(Engine.class)
class AuditMigrationTest {

	static final int OLD_ENTRIES = 25;

	@Parameter
	Engine engine;

	@Test
	@Timeout(300)
	void aVersion1Chain_isMigrated_andNewKeyedEntriesChainOnFromIt() throws Exception {
		Path dataDir = Files.createTempDirectory("coffer-migration-").resolve("data");
		Database database = (this.engine == Engine.H2) ? new Database(Engine.H2,
				"jdbc:h2:file:" + dataDir.getParent().resolve("old-db") + ";AUTO_SERVER=TRUE", "sa", "sa")
				: Databases.fresh(this.engine);
		DriverManagerDataSource dataSource = new DriverManagerDataSource(database.url(), database.username(),
				database.password());
		String vendor = this.engine.name().toLowerCase(java.util.Locale.ROOT);
		Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
			.callbackLocations("classpath:db/migration/" + vendor)
			.target("18")
			.load()
			.migrate();
		JdbcClient old = JdbcClient.create(dataSource);
		String lastHash = writeVersion1Chain(old);

		String[] properties = { "spring.datasource.url=" + database.url(),
				"spring.datasource.username=" + database.username(),
				"spring.datasource.password=" + database.password() };
		try (TestServer server = TestServer.startIn(dataDir, properties)) {
			JdbcClient jdbc = server.bean(JdbcClient.class);
			List<Map<String, Object>> migrated = jdbc
				.sql("select id, seq, format, mac_key_id from audit_events order by id")
				.query()
				.listOfRows();
			assertThat(migrated).hasSize(OLD_ENTRIES);
			for (int i = 0; i < OLD_ENTRIES; i++) {
				assertThat(((Number) migrated.get(i).get("id")).longValue()).isEqualTo(i + 1L);
				assertThat(((Number) migrated.get(i).get("seq")).longValue()).isEqualTo(i + 1L);
				assertThat(((Number) migrated.get(i).get("format")).intValue()).isEqualTo(AuditChain.HASHED);
				assertThat(migrated.get(i).get("mac_key_id")).isNull();
			}

			AuditLog log = server.bean(AuditLog.class);
			for (int i = 0; i < 30; i++) {
				AuditEntry entry = log
					.append(new SecurityEvent("after.upgrade", "bob", null, "item:" + i, Outcome.SUCCESS, null));
				assertThat(entry.id()).isGreaterThan(OLD_ENTRIES);
			}
			AuditChainTest.sealAll(server);

			AuditEntry firstKeyed = server.bean(AuditRepository.class).bySeq(OLD_ENTRIES + 1).get(0);
			assertThat(firstKeyed.format()).isEqualTo(AuditChain.KEYED);
			assertThat(firstKeyed.prevHash()).isEqualTo(lastHash);
			ChainVerifier.Result result = server.bean(ChainVerifier.class).verify();
			assertThat(result.intact()).as(result.problem()).isTrue();
			assertThat(result.entries()).isEqualTo(OLD_ENTRIES + 30);
			assertThat(result.keyed()).isEqualTo(30);

			// An old entry edited is still found, as a format-1 entry.
			jdbc.sql("update audit_events set actor = 'mallory' where seq = 7").update();
			ChainVerifier.Result broken = server.bean(ChainVerifier.class).verify();
			assertThat(broken.brokenAt()).isEqualTo(7);
			assertThat(broken.problem()).contains("hash does not match");
		}
	}

	/** Writes a chain the way the server before V19 did. @return the last hash */
	private static String writeVersion1Chain(JdbcClient jdbc) {
		String prev = AuditChain.GENESIS;
		for (long seq = 1; seq <= OLD_ENTRIES; seq++) {
			AuditEntry entry = new AuditEntry(0, seq, Instant.ofEpochMilli(1_700_000_000_000L + seq), "alice",
					"127.0.0.1", "login.succeeded", null, "SUCCESS", (seq % 2 == 0) ? "x" : null, prev, null, null,
					null);
			String hash = AuditChain.hash(prev, entry);
			jdbc.sql("insert into audit_events (seq, occurred_at, actor, client_address, action, target, outcome, "
					+ "details, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				.params(seq, entry.time().toEpochMilli(), entry.actor(), entry.clientAddress(), entry.action(),
						entry.target(), entry.outcome(), entry.details(), prev, hash)
				.update();
			prev = hash;
		}
		jdbc.sql("update audit_chain set last_seq = ?, last_hash = ? where slot = 1")
			.params(OLD_ENTRIES, prev)
			.update();
		return prev;
	}

}
