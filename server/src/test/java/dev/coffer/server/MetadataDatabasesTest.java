package dev.coffer.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.SecurityEvent.Outcome;
import dev.coffer.server.account.AccountService;
import dev.coffer.server.audit.AuditLog;
import dev.coffer.server.audit.ChainVerifier;
import dev.coffer.server.files.FileService;
import dev.coffer.server.files.FileUploads;
import dev.coffer.server.files.FileVersion;
import dev.coffer.server.files.Quotas;
import dev.coffer.server.files.StoredFile;
import dev.coffer.server.keys.KeyRingStatus;
import dev.coffer.server.keys.MasterKeyRotation;
import dev.coffer.server.keys.MasterKeys;
import dev.coffer.server.keys.Rewraps;
import dev.coffer.server.support.Databases;
import dev.coffer.server.support.Databases.Engine;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;
import dev.coffer.server.throttle.Throttle;
import dev.coffer.server.throttle.ThrottleRule;
import dev.coffer.server.throttle.TooManyAttemptsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The persistence layer on every supported engine: the real application, started on a
 * fresh, empty database of each engine (real PostgreSQL and MariaDB servers, see
 * {@link Databases}), migrates it and runs the main queries of every repository through
 * the services that use them.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(Engine.class)
class MetadataDatabasesTest {

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	static ExecutorService threads;

	@Parameter
	Engine engine;

	@BeforeParameterizedClassInvocation
	static void startServer(Engine engine) {
		server = TestServer.start(withFastKeyRotation(Databases.fresh(engine).serverProperties()));
		threads = Executors.newFixedThreadPool(8);
	}

	@AfterParameterizedClassInvocation
	static void stopServer() {
		threads.shutdownNow();
		server.stop();
	}

	@Test
	void migrate_fromEmpty_appliesEveryMigration() {
		Flyway flyway = server.bean(Flyway.class);
		assertThat(flyway.info().pending()).isEmpty();
		MigrationInfo[] applied = flyway.info().applied();
		assertThat(applied).allSatisfy((migration) -> assertThat(migration.getState().isFailed()).isFalse());
		assertThat(applied).extracting((migration) -> migration.getVersion().toString()).contains("1", "2", "3", "8");
		JdbcClient jdbc = server.bean(JdbcClient.class);
		assertThat(jdbc.sql("select count(*) from audit_chain").query(Long.class).single()).isEqualTo(1);
		if (this.engine == Engine.MARIADB) {
			// The server's default is latin1: every table was made utf8mb4 with a binary
			// collation all the same (db/migration/mariadb/beforeEachMigrate.sql).
			assertThat(jdbc
				.sql("select table_name from information_schema.tables where table_schema = database() "
						+ "and table_collation <> 'utf8mb4_bin' and table_name <> 'flyway_schema_history'")
				.query(String.class)
				.list()).isEmpty();
		}
	}

	@Test
	void fileNames_differingOnlyInCase_areTwoFiles() throws IOException {
		String owner = newUser("case");
		FileService files = server.bean(FileService.class);
		FileUploads uploads = server.bean(FileUploads.class);
		StoredFile lower = uploads.upload(owner, "a.txt", content("lower")).file();
		StoredFile upper = uploads.upload(owner, "A.txt", content("UPPER!")).file();

		assertThat(upper.id()).isNotEqualTo(lower.id());
		assertThat(files.list(owner, "", "name", false)).hasSize(2);
		assertThat(files.getByName(owner, "a.txt").size()).isEqualTo(5);
		assertThat(files.getByName(owner, "A.txt").size()).isEqualTo(6);
		assertThat(files.rename(owner, lower.id(), "b.TXT").name()).isEqualTo("b.TXT");
		assertThat(files.getByName(owner, "A.txt").id()).isEqualTo(upper.id());
	}

	@Test
	void fileNames_withFourByteCharacters_areStoredExactly() throws IOException {
		String owner = newUser("emoji");
		FileService files = server.bean(FileService.class);
		FileUploads uploads = server.bean(FileUploads.class);
		String name = "Résumé 📄🐘 𝄞 日本語.txt";
		StoredFile file = uploads.upload(owner, name, content("notes")).file();

		assertThat(files.get(owner, file.id()).name()).isEqualTo(name);
		assertThat(files.list(owner, "📄🐘", "name", false)).extracting(StoredFile::name).containsExactly(name);
		// Accents and case matter: these are other names.
		assertThat(uploads.upload(owner, "resume 📄🐘 𝄞 日本語.txt", content("x")).created()).isTrue();
	}

	@Test
	void usernames_areUnique_andEmailsToo() {
		AccountService accounts = server.bean(AccountService.class);
		accounts.addUser("unique-user", PASSWORD, false);
		assertThatExceptionOfType(ConflictException.class)
			.isThrownBy(() -> accounts.addUser("unique-user", PASSWORD, false));
		JdbcClient jdbc = server.bean(JdbcClient.class);
		assertThat(jdbc.sql("select count(*) from users where username = 'unique-user'").query(Long.class).single())
			.isEqualTo(1);
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> jdbc.sql("insert into first_admin (slot, user_id) values (1, 'x')").update());
	}

	@Test
	@Timeout(60)
	void newVersions_uploadedConcurrently_areNumberedWithoutGapsOrDuplicates() throws Exception {
		String owner = newUser("versions");
		FileService files = server.bean(FileService.class);
		FileUploads fileUploads = server.bean(FileUploads.class);
		String fileId = fileUploads.upload(owner, "shared.txt", content("v1")).file().id();
		List<Callable<StoredFile>> uploads = new ArrayList<>();
		for (int i = 2; i <= 13; i++) {
			String text = "v" + i;
			uploads.add(() -> fileUploads.uploadVersion(owner, fileId, content(text)));
		}
		for (Future<StoredFile> upload : threads.invokeAll(uploads)) {
			upload.get();
		}

		List<FileVersion> versions = files.versions(owner, fileId);
		assertThat(versions).extracting(FileVersion::number)
			.containsExactlyElementsOf(IntStream.rangeClosed(1, 13).map((n) -> 14 - n).boxed().toList());
		assertThat(files.get(owner, fileId).versionCount()).isEqualTo(13);
		assertThat(server.bean(Quotas.class).usage(owner).used()).isEqualTo(2 + 8 * 2 + 4 * 3);

		files.deleteVersion(owner, fileId, 13);
		assertThat(files.get(owner, fileId).currentVersion()).isEqualTo(12);
		try (SeekableByteChannel channel = files.open(files.version(owner, fileId, 1))) {
			assertThat(Channels.newInputStream(channel).readAllBytes()).asString(StandardCharsets.UTF_8)
				.isEqualTo("v1");
		}
		files.delete(owner, fileId);
		assertThat(files.list(owner, "", "name", false)).isEmpty();
		assertThat(server.bean(Quotas.class).usage(owner).used()).isZero();
	}

	@Test
	@Timeout(60)
	void auditChain_appendedFromManyThreads_staysIntact() throws Exception {
		AuditLog log = server.bean(AuditLog.class);
		long before = server.bean(ChainVerifier.class).verify().entries();
		List<Callable<Object>> appends = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			String target = "item:" + i;
			appends.add(() -> log
				.append(new SecurityEvent("test.event", "tester", "10.0.0.1", target, Outcome.SUCCESS, "ü 📄")));
		}
		for (Future<Object> append : threads.invokeAll(appends)) {
			append.get();
		}
		server.awaitAuditSealed();

		ChainVerifier.Result result = server.bean(ChainVerifier.class).verify();
		assertThat(result.intact()).as(String.valueOf(result.problem())).isTrue();
		assertThat(result.entries()).isGreaterThanOrEqualTo(before + 40);
	}

	@Test
	@Timeout(60)
	void auditPage_filtersOnAnyPartOfTheAction_pagesByKeyset_andNamesFiles() throws IOException {
		String tag = this.engine.name().toLowerCase(java.util.Locale.ROOT);
		server.bean(AccountService.class).addUser("auditor-" + tag, PASSWORD, true);
		WebClient admin = server.client();
		admin.login("auditor-" + tag, PASSWORD);
		AuditLog log = server.bean(AuditLog.class);
		for (int i = 0; i < 55; i++) {
			log.append(new SecurityEvent("test.like_100%", "auditor-" + tag, null, null, Outcome.SUCCESS, null));
		}
		log.append(new SecurityEvent("test.likeX100Y", "auditor-" + tag, null, null, Outcome.SUCCESS, null));
		String owner = newUser("audited-" + tag);
		FileService files = server.bean(FileService.class);
		FileUploads uploads = server.bean(FileUploads.class);
		StoredFile file = uploads.upload(owner, "named-on-" + tag + ".txt", content("x")).file();
		files.delete(owner, file.id());

		// '_' and '%' in the filter are literal on every engine (LIKE … ESCAPE '!')
		Document first = WebClient.html(admin.get("/admin/audit?action=like_100%25"));
		assertThat(first.select("code.audit-action").eachText()).hasSize(50).allMatch("test.like_100%"::equals);
		String older = first.select("a.audit-older").attr("href");
		Document second = WebClient.html(admin.get(older));
		assertThat(second.select("code.audit-action").eachText()).hasSize(5);
		assertThat(second.select("a.audit-older")).isEmpty();
		assertThat(WebClient.html(admin.get("/admin/audit?action=FILE.")).select(".audit-sentence").eachText())
			.contains("The server deleted “named-on-" + tag + ".txt”");
	}

	@Test
	void throttle_locksAfterTheLimit_andResetForgetsTheAttempts() {
		Throttle throttle = server.bean(Throttle.class);
		ThrottleRule rule = new ThrottleRule("test.db",
				new ThrottleRule.Limit(3, Duration.ofMinutes(5), Duration.ofMinutes(5)));
		Throttle.Subject subject = new Throttle.Subject(rule, "someone-" + this.engine);
		for (int i = 1; i <= 3; i++) {
			assertThat(throttle.begin(subject).count(subject)).isEqualTo(i);
		}
		assertThatExceptionOfType(TooManyAttemptsException.class).isThrownBy(() -> throttle.begin(subject));

		throttle.reset(subject);
		assertThat(throttle.begin(subject).count(subject)).isEqualTo(1);
	}

	@Test
	@Timeout(60)
	void throttle_letsExactlyTheLimitThroughABurstOfParallelAttempts() throws Exception {
		Throttle throttle = server.bean(Throttle.class);
		ThrottleRule rule = new ThrottleRule("test.burst",
				new ThrottleRule.Limit(3, Duration.ofMinutes(5), Duration.ofMinutes(5)));
		for (String name : List.of("first-burst-", "second-burst-")) {
			// The first burst also races to add the subject's row; the second finds it.
			Throttle.Subject subject = new Throttle.Subject(rule, name + this.engine);
			List<Future<Boolean>> allowed = new ArrayList<>();
			try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
				for (int i = 0; i < 16; i++) {
					allowed.add(pool.submit(() -> {
						try {
							throttle.begin(subject);
							return true;
						}
						catch (TooManyAttemptsException ex) {
							return false;
						}
					}));
				}
			}
			assertThat(allowed.stream().filter(Future::resultNow).count()).as(name).isEqualTo(3);
			assertThatExceptionOfType(TooManyAttemptsException.class).isThrownBy(() -> throttle.begin(subject));
			throttle.reset(subject);
		}
	}

	@Test
	@Timeout(60)
	void keyRotation_rewrapsEveryDataKey() throws Exception {
		String owner = newUser("rotation");
		FileService files = server.bean(FileService.class);
		FileUploads uploads = server.bean(FileUploads.class);
		for (int i = 0; i < 12; i++) {
			uploads.upload(owner, "rotate-" + i + ".txt", content("content " + i));
		}
		MasterKeyRotation rotation = server.bean(MasterKeyRotation.class);
		int newKey = rotation.rotate("tester", (message) -> {
		});

		KeyRingStatus status = Rewraps.awaitComplete(rotation, Duration.ofSeconds(30));
		assertThat(status.primaryKeyId()).isEqualTo(newKey);
		assertThat(server.bean(MasterKeys.class).ring().primaryKeyId()).isEqualTo(newKey);
		assertThat(status.dataKeysNotOnPrimary()).isZero();
		assertThat(status.dataKeysOnPrimary()).isGreaterThanOrEqualTo(12);
		try (SeekableByteChannel channel = files
			.open(files.version(owner, files.getByName(owner, "rotate-7.txt").id(), null))) {
			assertThat(Channels.newInputStream(channel).readAllBytes()).asString(StandardCharsets.UTF_8)
				.isEqualTo("content 7");
		}
	}

	private static String[] withFastKeyRotation(String[] databaseProperties) {
		List<String> properties = new ArrayList<>(List.of(databaseProperties));
		properties.addAll(List.of("coffer.keys.reload-interval=200ms", "coffer.keys.rewrap-interval=200ms",
				"coffer.keys.rewrap-batch-size=5"));
		return properties.toArray(String[]::new);
	}

	@Test
	void davLocks_keepAPathOf4000Characters_andTheirFlags() {
		String owner = newUser("davlocks");
		JdbcClient jdbc = server.bean(JdbcClient.class);
		// 3,999 characters, 6,999 bytes in UTF-8
		String path = "/" + "\u00e9\u20acx/".repeat(999) + "\u00e9\u20ac";
		String ownerXml = "<href xmlns=\"DAV:\">mailto:\u00fc@example.org</href>";
		jdbc.sql("insert into dav_locks (token, user_id, lock_path, depth_infinity, exclusive, owner_xml, expires_at) "
				+ "values (?, ?, ?, ?, ?, ?, ?)")
			.params("urn:uuid:" + UUID.randomUUID(), owner, path, true, false, ownerXml, Long.MAX_VALUE)
			.update();
		List<Object> row = jdbc
			.sql("select lock_path, depth_infinity, exclusive, owner_xml from dav_locks "
					+ "where user_id = ? and expires_at > ?")
			.params(owner, System.currentTimeMillis())
			.query((rs, number) -> List.<Object>of(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3),
					rs.getString(4)))
			.single();
		assertThat(row).containsExactly(path, true, false, ownerXml);
	}

	private static String newUser(String name) {
		return server.bean(AccountService.class).addUser(name + "-user", PASSWORD, false).id();
	}

	private static ByteArrayInputStream content(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
	}

}
