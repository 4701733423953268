package dev.coffer.server.files;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.coffer.server.support.Databases;
import dev.coffer.server.support.Databases.Database;
import dev.coffer.server.support.Databases.Engine;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bytes a user stores are counted in their row ({@code users.used_bytes}) instead of
 * summed on every upload: the count must stay equal to the sum through every way versions
 * come and go — concurrent uploads and new versions, a version deleted, the trash
 * emptied, a file and a folder with files in it deleted for good — and V35 must start it
 * from what an existing database holds. On every engine: the statements that keep it
 * differ in what each engine lets an update read.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(Engine.class)
class StoredUsageTest {

	static final String PASSWORD = "correct horse battery staple";

	@Parameter
	Engine engine;

	@Test
	@Timeout(300)
	void storedUsage_equalsTheSumOfVersions_throughEveryChange() throws Exception {
		Database database = (this.engine == Engine.H2) ? null : Databases.fresh(this.engine);
		String[] properties = (database != null) ? database.serverProperties() : new String[0];
		try (TestServer server = TestServer.start(properties)) {
			JdbcClient jdbc = server.bean(JdbcClient.class);
			WebClient alice = server.client();
			alice.signUp("alice", PASSWORD);
			alice.login("alice", PASSWORD);
			WebClient bob = server.signedUp("bob", PASSWORD);
			assertThat(FilesApiTest.putAs(bob, "bobs.bin", new byte[777]).statusCode()).isEqualTo(201);
			String token = ConcurrentUploadsOnDatabasesTest.createToken(alice);
			WebClient client = new WebClient(server);

			// 24 uploads at once over 6 names: new files and new versions race for the
			// owner's row.
			List<Callable<HttpResponse<String>>> uploads = new ArrayList<>();
			for (int i = 0; i < 24; i++) {
				String name = "file-" + (i % 6) + ".bin";
				byte[] content = new byte[1000 + i * 37];
				uploads.add(() -> client.send(client.request("/api/v1/files?name=" + name)
					.setHeader("Accept", "application/json")
					.setHeader("Authorization", "Bearer " + token)
					.PUT(BodyPublishers.ofByteArray(content))
					.build()));
			}
			try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
				for (Future<HttpResponse<String>> response : pool.invokeAll(uploads)) {
					assertThat(response.get().statusCode()).as(response.get().body()).isIn(200, 201);
				}
			}
			assertCounted(jdbc, 24 * 1000 + 37 * (23 * 24 / 2));

			String fileId = idOfFile(jdbc, "file-0.bin");
			assertThat(send(alice, alice.apiRequest("/api/v1/files/" + fileId + "/versions/1").DELETE()))
				.isEqualTo(204);
			assertCounted(jdbc, null);

			// To the trash (still counted), then emptied.
			assertThat(send(alice, alice.apiRequest("/api/v1/files/" + fileId).DELETE())).isEqualTo(204);
			assertCounted(jdbc, null);
			assertThat(send(alice, alice.apiRequest("/api/v1/trash").DELETE())).isEqualTo(204);
			assertCounted(jdbc, null);

			String otherId = idOfFile(jdbc, "file-1.bin");
			assertThat(send(alice, alice.apiRequest("/api/v1/files/" + otherId).DELETE())).isEqualTo(204);
			assertThat(send(alice, alice.apiRequest("/api/v1/trash/files/" + otherId).DELETE())).isEqualTo(204);
			assertCounted(jdbc, null);

			HttpResponse<String> folder = alice.send(alice.apiRequest("/api/v1/folders")
				.header("Content-Type", "application/json")
				.POST(BodyPublishers.ofString("{\"name\": \"dir\"}"))
				.build());
			assertThat(folder.statusCode()).as(folder.body()).isEqualTo(201);
			String folderId = FilesApiTest.idOf(folder);
			HttpResponse<String> sub = alice.send(alice.apiRequest("/api/v1/folders")
				.header("Content-Type", "application/json")
				.POST(BodyPublishers.ofString("{\"name\": \"sub\", \"parentId\": \"" + folderId + "\"}"))
				.build());
			String subId = FilesApiTest.idOf(sub);
			for (String into : List.of(folderId, subId)) {
				for (int i = 0; i < 3; i++) {
					assertThat(send(alice,
							alice.apiRequest("/api/v1/files?name=in-" + i + ".bin&folderId=" + into)
								.header("Content-Type", "application/octet-stream")
								.PUT(BodyPublishers.ofByteArray(new byte[5000 + i]))))
						.isEqualTo(201);
				}
			}
			assertCounted(jdbc, null);
			assertThat(send(alice, alice.apiRequest("/api/v1/folders/" + folderId).DELETE())).isEqualTo(204);
			assertThat(send(alice, alice.apiRequest("/api/v1/trash/folders/" + folderId).DELETE())).isEqualTo(204);
			assertCounted(jdbc, null);

			assertThat(usedBytes(jdbc, "bob")).as("another user's count is untouched").isEqualTo(777);
			assertThat(server.bean(Quotas.class).usage(userId(jdbc, "alice")).used())
				.isEqualTo(usedBytes(jdbc, "alice"));
		}
	}

	@Test
	@Timeout(300)
	void migration_startsTheCountFromTheVersionsStored() throws Exception {
		Database database = (this.engine == Engine.H2) ? new Database(Engine.H2,
				"jdbc:h2:file:" + Files.createTempDirectory("coffer-usage-").resolve("db") + ";AUTO_SERVER=TRUE", "sa",
				"sa") : Databases.fresh(this.engine);
		DriverManagerDataSource dataSource = new DriverManagerDataSource(database.url(), database.username(),
				database.password());
		migrate(dataSource, "34");
		JdbcClient jdbc = JdbcClient.create(dataSource);
		for (String user : List.of("u1", "u2", "u3")) {
			jdbc.sql("insert into users (id, username, password_hash, role, enabled, created_at, password_changed_at) "
					+ "values (?, ?, 'x', 'USER', ?, 0, 0)")
				.params(user, user, true)
				.update();
		}
		insertFile(jdbc, "f1", "u1", 100, 250);
		insertFile(jdbc, "f2", "u1", 4000);
		insertFile(jdbc, "f3", "u2", 1);
		migrate(dataSource, null);
		assertThat(jdbc.sql("select used_bytes from users where id = 'u1'").query(Long.class).single()).isEqualTo(4350);
		assertThat(jdbc.sql("select used_bytes from users where id = 'u2'").query(Long.class).single()).isEqualTo(1);
		assertThat(jdbc.sql("select used_bytes from users where id = 'u3'").query(Long.class).single()).isZero();
	}

	private static void insertFile(JdbcClient jdbc, String fileId, String ownerId, long... sizes) {
		jdbc.sql("insert into folders (id, owner_id, parent_id, name, sort_key, created_at, updated_at) "
				+ "select ?, ?, null, '', '', 0, 0 from users where id = ? and not exists "
				+ "(select 1 from folders where id = ?)")
			.params(ownerId, ownerId, ownerId, ownerId)
			.update();
		jdbc.sql("insert into files (id, owner_id, folder_id, name, sort_key, last_version, created_at, updated_at) "
				+ "values (?, ?, ?, ?, ?, ?, 0, 0)")
			.params(fileId, ownerId, ownerId, fileId, fileId, sizes.length)
			.update();
		for (int i = 0; i < sizes.length; i++) {
			String blobId = fileId + "-blob-" + i;
			jdbc.sql("insert into file_versions (id, file_id, number, size, sha256, blob_id, wrapped_dek, kek_id, "
					+ "created_by, created_at) values (?, ?, ?, ?, 'x', ?, 'x', 1, ?, 0)")
				.params(fileId + "-v" + i, fileId, i + 1, sizes[i], blobId, ownerId)
				.update();
		}
	}

	private void migrate(DriverManagerDataSource dataSource, String target) {
		String vendor = this.engine.name().toLowerCase(Locale.ROOT);
		var configuration = Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
			.callbackLocations("classpath:db/migration/" + vendor);
		if (target != null) {
			configuration.target(target);
		}
		configuration.load().migrate();
	}

	private static int send(WebClient client, java.net.http.HttpRequest.Builder request) {
		HttpResponse<String> response = client.send(request.build());
		assertThat(response.statusCode()).as(response.body()).isLessThan(300);
		return response.statusCode();
	}

	/** The stored count equals the sum over alice's versions (and {@code expected}). */
	private static void assertCounted(JdbcClient jdbc, Integer expected) {
		long sum = jdbc
			.sql("select coalesce(sum(v.size), 0) from file_versions v join files f on f.id = v.file_id "
					+ "join users u on u.id = f.owner_id where u.username = 'alice'")
			.query(Long.class)
			.single();
		assertThat(usedBytes(jdbc, "alice")).as("stored count vs the sum of alice's versions").isEqualTo(sum);
		if (expected != null) {
			assertThat(sum).isEqualTo(expected.longValue());
		}
	}

	private static long usedBytes(JdbcClient jdbc, String username) {
		return jdbc.sql("select used_bytes from users where username = ?").param(username).query(Long.class).single();
	}

	private static String idOfFile(JdbcClient jdbc, String name) {
		return jdbc.sql("select id from files where name = ?").param(name).query(String.class).single();
	}

	private static String userId(JdbcClient jdbc, String username) {
		return jdbc.sql("select id from users where username = ?").param(username).query(String.class).single();
	}

}
