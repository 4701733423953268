package dev.coffer.server.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.coffer.server.ConflictException;
import dev.coffer.server.NotFoundException;
import dev.coffer.server.account.AccountService;
import dev.coffer.server.support.Databases;
import dev.coffer.server.support.Databases.Engine;
import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The folder model on every engine: a database with files from before folders (schema
 * version 18) is migrated by the server; then names, moves, cycles, deep access, shares
 * along a path, deletes, the trash and paging run through the services on the real
 * database.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(Engine.class)
class FoldersOnDatabasesTest {

	static final String PASSWORD = "correct horse battery staple";

	static final String LEGACY_USER = "00000000-0000-0000-0000-00000000000a";

	static TestServer server;

	static ExecutorService threads;

	@Parameter
	Engine engine;

	@BeforeParameterizedClassInvocation
	static void startServer(Engine engine) throws IOException {
		Databases.Database database = (engine == Engine.H2) ? h2Database() : Databases.fresh(engine);
		JdbcClient before = beforeFolders(database);
		before
			.sql("insert into users (id, username, email, password_hash, role, enabled, created_at, "
					+ "password_changed_at) values (?, 'legacy', null, 'x', 'USER', true, 1, 1)")
			.param(LEGACY_USER)
			.update();
		for (String name : List.of("b10.txt", "b9.txt", "A.txt", "é.txt")) {
			legacyFile(before, name);
		}
		server = TestServer.start("spring.datasource.url=" + database.url(),
				"spring.datasource.username=" + database.username(),
				"spring.datasource.password=" + database.password());
		threads = Executors.newFixedThreadPool(8);
	}

	@AfterParameterizedClassInvocation
	static void stopServer() {
		threads.shutdownNow();
		server.stop();
	}

	@Test
	void migration_putsExistingFilesIntoTheirOwnersRoot_inNaturalOrder() {
		FileService files = server.bean(FileService.class);
		assertThat(files.list(LEGACY_USER, "", "name", false)).extracting(StoredFile::name)
			.containsExactly("A.txt", "b9.txt", "b10.txt", "é.txt");
		assertThat(files.list(LEGACY_USER, "", "name", false))
			.allSatisfy((file) -> assertThat(file.folderId()).isEqualTo(LEGACY_USER));
		// The database orders them the same way: their sort keys were written by
		// migration 24.
		FolderPage page = server.bean(FolderListing.class).page(LEGACY_USER, "root", "name", false, null, 10);
		assertThat(page.files()).extracting(StoredFile::name).containsExactly("A.txt", "b9.txt", "b10.txt", "é.txt");
		assertThat(page.folder().folder().isRoot()).isTrue();
		assertThat(jdbc().sql("select count(*) from files where sort_key = ''").query(Long.class).single()).isZero();
		// By a migration of its own, recorded once: later starts do nothing for it.
		assertThat(Stream.of(server.bean(Flyway.class).info().applied())
			.filter((migration) -> migration.getState() == MigrationState.SUCCESS)
			.filter((migration) -> migration.getVersion().equals(MigrationVersion.fromVersion("24")))
			.map(MigrationInfo::getDescription)).containsExactly("file sort keys");
		Folder made = server.bean(FolderService.class).create(LEGACY_USER, "root", "after the migration");
		assertThat(made.parentId()).isEqualTo(LEGACY_USER);
	}

	@Test
	void aFileAndAFolder_mayNotShareANameInOneFolder() throws IOException {
		String owner = newUser("names");
		FolderService folders = server.bean(FolderService.class);
		FileUploads uploads = server.bean(FileUploads.class);
		Folder docs = folders.create(owner, "root", "docs");
		uploads.upload(owner, "notes", content("x"));

		assertThatExceptionOfType(ConflictException.class).isThrownBy(() -> upload(owner, "root", "docs"));
		assertThatExceptionOfType(ConflictException.class).isThrownBy(() -> folders.create(owner, "root", "notes"));
		assertThatExceptionOfType(ConflictException.class).isThrownBy(() -> folders.create(owner, "root", "docs"));
		assertThatExceptionOfType(ConflictException.class)
			.isThrownBy(() -> folders.move(owner, docs.id(), null, "notes"));
		// The same names one level down are free; case makes another name.
		assertThat(folders.create(owner, docs.id(), "docs").parentId()).isEqualTo(docs.id());
		assertThat(upload(owner, docs.id(), "notes").folderId()).isEqualTo(docs.id());
		assertThat(folders.create(owner, "root", "Docs").name()).isEqualTo("Docs");
		// The database itself refuses a second folder of a name in one parent, the root
		// included.
		assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> jdbc()
			.sql("insert into folders (id, owner_id, parent_id, name, sort_key, created_at, updated_at) "
					+ "values (?, ?, ?, 'docs', 'x', 0, 0)")
			.params(UUID.randomUUID().toString(), owner, owner)
			.update());
	}

	@Test
	@Timeout(60)
	void aFileAndAFolderOfOneName_createdAtOnce_oneWins() throws Exception {
		String owner = newUser("race");
		FolderService folders = server.bean(FolderService.class);
		for (int round = 0; round < 3; round++) {
			String name = "contested-" + round;
			List<Callable<Object>> attempts = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				attempts
					.add((i % 2 == 0) ? () -> folders.create(owner, "root", name) : () -> upload(owner, "root", name));
			}
			int succeeded = 0;
			for (Future<Object> attempt : threads.invokeAll(attempts)) {
				try {
					attempt.get();
					succeeded++;
				}
				catch (java.util.concurrent.ExecutionException ex) {
					if (!(ex.getCause() instanceof ConflictException)) {
						throw ex;
					}
				}
			}
			long holders = jdbc().sql("select count(*) from folders where parent_id = ? and name = ?")
				.params(owner, name)
				.query(Long.class)
				.single()
					+ jdbc().sql("select count(*) from files where folder_id = ? and name = ?")
						.params(owner, name)
						.query(Long.class)
						.single();
			assertThat(holders).isEqualTo(1);
			// Uploads of a name that is a file add versions: only the winner's kind
			// counts.
			assertThat(succeeded).isPositive();
		}
	}

	@Test
	void move_intoItselfOrBelowItself_isRefused() {
		String owner = newUser("cycles");
		FolderService folders = server.bean(FolderService.class);
		Folder a = folders.create(owner, "root", "a");
		Folder b = folders.create(owner, a.id(), "b");
		Folder c = folders.create(owner, b.id(), "c");

		for (String target : List.of(a.id(), b.id(), c.id())) {
			assertThatExceptionOfType(ConflictException.class)
				.isThrownBy(() -> folders.move(owner, a.id(), target, null))
				.withMessageContaining("into itself");
		}
		assertThatExceptionOfType(ConflictException.class).isThrownBy(() -> folders.move(owner, "root", a.id(), null));
		assertThat(folders.move(owner, c.id(), "root", null).parentId()).isEqualTo(owner);
		assertThat(folders.access(owner, a.id()).folder().parentId()).isEqualTo(owner);
	}

	@Test
	@Timeout(60)
	void crossedMovesAtOnce_neverMakeACycle() throws Exception {
		String owner = newUser("crossed");
		FolderService folders = server.bean(FolderService.class);
		for (int round = 0; round < 5; round++) {
			Folder x = folders.create(owner, "root", "x" + round);
			Folder y = folders.create(owner, "root", "y" + round);
			List<Callable<Folder>> moves = List.of(() -> folders.move(owner, x.id(), y.id(), null),
					() -> folders.move(owner, y.id(), x.id(), null));
			int moved = 0;
			for (Future<Folder> move : threads.invokeAll(moves)) {
				try {
					move.get();
					moved++;
				}
				catch (java.util.concurrent.ExecutionException ex) {
					assertThat(ex.getCause()).isInstanceOf(ConflictException.class);
				}
			}
			assertThat(moved).isEqualTo(1);
			// Both still reach the root.
			assertThat(folders.path(owner, folders.access(owner, x.id())).getFirst().id()).isEqualTo(owner);
			assertThat(folders.path(owner, folders.access(owner, y.id())).getFirst().id()).isEqualTo(owner);
		}
	}

	@Test
	void shareOnAFolder_coversEverythingBelow_nearestDecides_movesAndRevocationsCountAtOnce() throws IOException {
		String owner = newUser("deep-owner");
		String grantee = newUser("deep-grantee");
		FolderService folders = server.bean(FolderService.class);
		FileService files = server.bean(FileService.class);
		List<Folder> chain = new ArrayList<>();
		String parent = "root";
		for (int depth = 1; depth <= 30; depth++) {
			Folder folder = folders.create(owner, parent, "level " + depth);
			chain.add(folder);
			parent = folder.id();
		}
		StoredFile deep = upload(owner, parent, "deep.txt");
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> files.access(grantee, deep.id()));

		shareFolder(chain.get(1).id(), grantee, "READ");
		assertThat(files.access(grantee, deep.id()).permission()).isEqualTo(Permission.READ);
		assertThat(folders.access(grantee, chain.get(29).id()).permission()).isEqualTo(Permission.READ);
		assertThat(folders.path(grantee, folders.access(grantee, chain.get(29).id()))).hasSize(29)
			.first()
			.extracting(Folder::id)
			.isEqualTo(chain.get(1).id());
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> folders.access(grantee, chain.get(0).id()));
		// A nearer share decides, whichever grants more.
		shareFolder(chain.get(20).id(), grantee, "EDIT");
		assertThat(files.access(grantee, deep.id()).permission()).isEqualTo(Permission.EDIT);
		assertThat(files.access(grantee, deep.id()).permission()).isEqualTo(Permission.EDIT);
		assertThat(files.version(grantee, deep.id(), null).number()).isEqualTo(1);
		// Moved out of the shared folders: out of reach on the next query.
		files.move(owner, deep.id(), "root", null);
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> files.access(grantee, deep.id()));
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> files.version(grantee, deep.id(), null));
		files.move(owner, deep.id(), chain.get(29).id(), null);
		assertThat(files.access(grantee, deep.id()).permission()).isEqualTo(Permission.EDIT);
		// Revoked: gone at once.
		jdbc().sql("delete from folder_shares where grantee_id = ?").param(grantee).update();
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> files.access(grantee, deep.id()));
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> folders.access(grantee, chain.get(29).id()));
	}

	@Test
	void movingAFolder_changesItsRowOnly_andEverythingInsideMovesWithIt() throws IOException {
		String owner = newUser("mover");
		FolderService folders = server.bean(FolderService.class);
		Folder top = folders.create(owner, "root", "top");
		Folder inner = folders.create(owner, top.id(), "inner");
		StoredFile file = upload(owner, inner.id(), "inside.txt");
		Folder elsewhere = folders.create(owner, "root", "elsewhere");
		long innerUpdated = updatedAt("folders", inner.id());
		long fileUpdated = updatedAt("files", file.id());

		Folder moved = folders.move(owner, top.id(), elsewhere.id(), "renamed top");

		assertThat(moved.parentId()).isEqualTo(elsewhere.id());
		assertThat(moved.name()).isEqualTo("renamed top");
		assertThat(folders.path(owner, folders.access(owner, inner.id()))).extracting(Folder::name)
			.containsExactly("", "elsewhere", "renamed top", "inner");
		assertThat(updatedAt("folders", inner.id())).isEqualTo(innerUpdated);
		assertThat(updatedAt("files", file.id())).isEqualTo(fileUpdated);
	}

	@Test
	void deletingAFolder_removesEverythingInside_andItsContent() throws IOException {
		String owner = newUser("deleter");
		FolderService folders = server.bean(FolderService.class);
		Folder top = folders.create(owner, "root", "top");
		Folder inner = folders.create(owner, top.id(), "inner");
		StoredFile a = upload(owner, top.id(), "a.txt");
		StoredFile b = upload(owner, inner.id(), "b.txt");
		server.bean(FileUploads.class).uploadVersion(owner, b.id(), content("second"));
		StoredFile kept = upload(owner, "root", "kept.txt");
		List<String> blobs = jdbc()
			.sql("select v.blob_id from file_versions v join files f on f.id = v.file_id where f.folder_id in (?, ?)")
			.params(top.id(), inner.id())
			.query(String.class)
			.list();
		assertThat(blobs).hasSize(3);

		folders.delete(owner, top.id());

		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> folders.access(owner, inner.id()));
		FileService files = server.bean(FileService.class);
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> files.access(owner, a.id()));
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> files.access(owner, b.id()));
		assertThat(files.access(owner, kept.id()).isOwner()).isTrue();
		for (String blob : blobs) {
			assertThat(server.bean(FileRepository.class).isReferenced(blob)).isFalse();
			try (Stream<Path> stored = Files.walk(server.dataDir().resolve("blobs"))) {
				assertThat(stored.map((path) -> path.getFileName().toString())).noneMatch((n) -> n.startsWith(blob));
			}
		}
		assertThat(server.bean(Quotas.class).usage(owner).used()).isEqualTo(kept.size());
		assertThatExceptionOfType(ConflictException.class).isThrownBy(() -> folders.delete(owner, "root"));
	}

	@Test
	void deletingAnAccount_removesItsWholeTree_atAnyDepth() throws IOException {
		String owner = newUser("leaving");
		String grantee = newUser("leaving-friend");
		FolderService folders = server.bean(FolderService.class);
		String parent = "root";
		for (int depth = 1; depth <= 20; depth++) {
			parent = folders.create(owner, parent, "d" + depth).id();
			upload(owner, parent, "f" + depth + ".txt");
		}
		shareFolder(parent, grantee, "READ");

		server.bean(AccountService.class).deleteOwnAccount(owner, PASSWORD);

		for (String table : List.of("folders", "files")) {
			assertThat(jdbc().sql("select count(*) from " + table + " where owner_id = ?")
				.param(owner)
				.query(Long.class)
				.single()).as(table).isZero();
		}
		assertThat(jdbc().sql("select count(*) from folder_shares where grantee_id = ?")
			.param(grantee)
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void pages_listFoldersThenFiles_inTheOrderOfFileNameOrder_byKey() throws IOException {
		String owner = newUser("pager");
		FolderService folders = server.bean(FolderService.class);
		Folder box = folders.create(owner, "root", "box");
		List<String> folderNames = List.of("z", "Ä 2", "a 10", "a 9", "b");
		List<String> fileNames = new ArrayList<>();
		for (String name : folderNames) {
			folders.create(owner, box.id(), name);
		}
		for (int i = 0; i < 23; i++) {
			String name = ((i % 2 == 0) ? "File " : "file ") + i + ((i % 3 == 0) ? ".TXT" : ".txt");
			fileNames.add(name);
			upload(owner, box.id(), name);
		}
		FileNameOrder order = new FileNameOrder();
		List<String> expected = new ArrayList<>(folderNames.stream().sorted(order).toList());
		expected.addAll(fileNames.stream().sorted(order).toList());

		assertThat(allPages(owner, box.id(), "name", false, 4)).containsExactlyElementsOf(expected);
		List<String> descending = new ArrayList<>(folderNames.stream().sorted(order.reversed()).toList());
		descending.addAll(fileNames.stream().sorted(order.reversed()).toList());
		assertThat(allPages(owner, box.id(), "name", true, 7)).containsExactlyElementsOf(descending);
		// By size: folders by name first, then files by size (here: by the digits in
		// their content), paged by offset.
		List<String> bySize = allPages(owner, box.id(), "size", false, 5);
		assertThat(bySize).hasSize(expected.size()).startsWith(expected.subList(0, 5).toArray(String[]::new));
		assertThat(allPages(owner, box.id(), "name", false, 5)).containsExactlyElementsOf(expected);
	}

	@Test
	void trash_hidesATreeFromItsGrantee_freesItsName_restoresRenamed_andExpiryShredsIt() throws IOException {
		String owner = newUser("trash-owner");
		String grantee = newUser("trash-grantee");
		FolderService folders = server.bean(FolderService.class);
		FileService files = server.bean(FileService.class);
		Trash trash = server.bean(Trash.class);
		Folder top = folders.create(owner, "root", "top");
		Folder inner = folders.create(owner, top.id(), "inner");
		StoredFile inside = upload(owner, inner.id(), "inside.txt");
		shareFolder(inner.id(), grantee, "READ");
		assertThat(files.access(grantee, inside.id()).permission()).isEqualTo(Permission.READ);

		trash.deleteFolder(owner, top.id());

		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> files.access(grantee, inside.id()));
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> files.access(owner, inside.id()));
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> folders.access(grantee, inner.id()));
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> folders.access(owner, inner.id()));
		assertThat(files.list(owner, "inside", "name", false)).isEmpty();
		assertThat(trash.list(owner)).extracting(TrashEntry::id).containsExactly(top.id());
		assertThat(trash.list(owner)).extracting(TrashEntry::size)
			.as("the size of what the folder holds, from the recursive query on this database")
			.containsExactly((long) "inside.txt".length());
		Folder another = folders.create(owner, "root", "top");

		TrashEntry restored = trash.restore(owner, TrashEntry.Kind.FOLDER, top.id()).entry();

		assertThat(restored.name()).isEqualTo("top (restored)");
		assertThat(folders.access(owner, top.id()).folder().name()).isEqualTo("top (restored)");
		assertThat(folders.access(owner, another.id()).folder().name()).isEqualTo("top");
		assertThat(files.access(grantee, inside.id()).permission()).isEqualTo(Permission.READ);
		assertThat(files.list(owner, "inside", "name", false)).extracting(StoredFile::id).containsExactly(inside.id());

		// Older than the retention: deleted for good by the next sweep, keys and all.
		trash.deleteFolder(owner, top.id());
		jdbc().sql("update folders set trashed_at = ? where id = ?")
			.params(System.currentTimeMillis() - Duration.ofDays(31).toMillis(), top.id())
			.update();
		trash.deleteExpired(10);
		assertThat(trash.list(owner)).isEmpty();
		assertThat(jdbc().sql("select count(*) from files where id = ?").param(inside.id()).query(Long.class).single())
			.isZero();
		assertThat(jdbc().sql("select count(*) from folders where id in (?, ?)")
			.params(top.id(), inner.id())
			.query(Long.class)
			.single()).isZero();
		assertThat(server.bean(Quotas.class).usage(owner).used()).isZero();
	}

	@Test
	void aLinkToAFolder_reachesWhatIsInside_nothingAboveOrBeside_andNothingInTheTrash() throws IOException {
		String owner = newUser("link-owner");
		FolderService folders = server.bean(FolderService.class);
		FileService files = server.bean(FileService.class);
		Trash trash = server.bean(Trash.class);
		Folder linked = folders.create(owner, "root", "linked");
		Folder inner = folders.create(owner, linked.id(), "inner");
		Folder beside = folders.create(owner, "root", "beside");
		StoredFile inside = upload(owner, inner.id(), "inside.txt");
		StoredFile outside = upload(owner, beside.id(), "outside.txt");

		assertThat(folders.accessWithin(linked.id(), inner.id()).permission()).isEqualTo(Permission.READ);
		assertThat(files.readableWithin(linked.id(), inside.id()).version().fileId()).isEqualTo(inside.id());
		assertThat(server.bean(FolderListing.class).pageWithin(linked.id(), inner.id(), "name", false, null, 10).path())
			.extracting(Folder::name)
			.containsExactly("linked", "inner");
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> folders.accessWithin(linked.id(), beside.id()));
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> folders.accessWithin(inner.id(), linked.id()));
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> files.readableWithin(linked.id(), outside.id()));

		jdbc()
			.sql("insert into folder_links (id, folder_id, token_hash, created_by, created_at, expires_at, used, "
					+ "revoked) values (?, ?, ?, ?, 0, ?, 0, ?)")
			.params(UUID.randomUUID().toString(), inner.id(), "hash-" + owner, owner, Long.MAX_VALUE, false)
			.update();
		trash.deleteFolder(owner, inner.id());
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> files.readableWithin(linked.id(), inside.id()));
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> folders.accessWithin(inner.id(), inner.id()));
		// Deleted for good, the folder takes its links with it.
		trash.deleteForever(owner, TrashEntry.Kind.FOLDER, inner.id());
		assertThat(jdbc().sql("select count(*) from folder_links where folder_id = ?")
			.param(inner.id())
			.query(Long.class)
			.single()).isZero();
	}

	private static List<String> allPages(String owner, String folderId, String sort, boolean descending, int limit) {
		FolderListing listing = server.bean(FolderListing.class);
		List<String> names = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			FolderPage page = listing.page(owner, folderId, sort, descending, cursor, limit);
			assertThat(page.folders().size() + page.files().size()).isLessThanOrEqualTo(limit);
			page.folders().forEach((folder) -> names.add(folder.name()));
			page.files().forEach((file) -> names.add(file.name()));
			cursor = page.next();
			assertThat(++pages).isLessThan(50);
		}
		while (cursor != null);
		return names;
	}

	private static StoredFile upload(String owner, String folderId, String name) throws IOException {
		return server.bean(FileUploads.class).upload(owner, folderId, name, content(name)).file();
	}

	private static void shareFolder(String folderId, String grantee, String permission) {
		jdbc()
			.sql("insert into folder_shares (folder_id, grantee_id, permission, created_at, created_by) "
					+ "values (?, ?, ?, 0, ?)")
			.params(folderId, grantee, permission, grantee)
			.update();
	}

	private static long updatedAt(String table, String id) {
		return jdbc().sql("select updated_at from " + table + " where id = ?").param(id).query(Long.class).single();
	}

	private static JdbcClient jdbc() {
		return server.bean(JdbcClient.class);
	}

	private static String newUser(String name) {
		return server.bean(AccountService.class).addUser(name + "-user", PASSWORD, false).id();
	}

	private static ByteArrayInputStream content(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * An H2 file database of this test's own (the server's default one has a password it
	 * makes).
	 */
	private static Databases.Database h2Database() throws IOException {
		Path directory = Files.createTempDirectory("coffer-folders-h2-");
		return new Databases.Database(Engine.H2, "jdbc:h2:file:" + directory.resolve("coffer") + ";WRITE_DELAY=0", "sa",
				"");
	}

	/** The database migrated to version 18, the last one before folders. */
	private static JdbcClient beforeFolders(Databases.Database database) {
		String vendor = switch (database.engine()) {
			case H2 -> "h2";
			case POSTGRESQL -> "postgresql";
			case MARIADB -> "mariadb";
		};
		DriverManagerDataSource dataSource = new DriverManagerDataSource(database.url(), database.username(),
				database.password());
		Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
			.callbackLocations("classpath:db/migration/" + vendor)
			.target("18")
			.load()
			.migrate();
		return JdbcClient.create(dataSource);
	}

	private static void legacyFile(JdbcClient jdbc, String name) {
		String fileId = UUID.randomUUID().toString();
		String versionId = UUID.randomUUID().toString();
		jdbc.sql("insert into files (id, owner_id, name, current_version_id, last_version, created_at, updated_at) "
				+ "values (?, ?, ?, null, 1, 1, 1)")
			.params(fileId, LEGACY_USER, name)
			.update();
		jdbc.sql("insert into file_versions (id, file_id, number, size, sha256, blob_id, wrapped_dek, kek_id, "
				+ "created_by, created_at) values (?, ?, 1, 0, ?, ?, 'AA==', 1, ?, 1)")
			.params(versionId, fileId, "0".repeat(64), UUID.randomUUID().toString(), LEGACY_USER)
			.update();
		jdbc.sql("update files set current_version_id = ? where id = ?").params(versionId, fileId).update();
	}

}
