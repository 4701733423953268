package dev.coffer.server.files;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.IntConsumer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.server.account.AccountService;
import dev.coffer.server.keys.MasterKeys;
import dev.coffer.server.support.Databases;
import dev.coffer.server.support.Databases.Engine;
import dev.coffer.server.support.TestServer;

/**
 * The folder costs of issue #12, measured in the running server on a real database (not a
 * test: run on demand, see docs/PERFORMANCE.md): the access check of a file 30 folders
 * deep, moving a folder with 10,000 folders below it, and pages of a folder of 10,000
 * files. Each is timed in-process (server time, no HTTP) after a warm-up; the median and
 * the 95th percentile are printed.
 *
 * <pre>
 * ./mvnw -q -o -pl server -am test-compile
 * ./mvnw -q -o -pl server exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.coffer.server.files.FolderBench -Dexec.args="H2"
 * </pre>
 */
public final class FolderBench {

	private FolderBench() {
	}

	public static void main(String[] args) {
		Engine engine = (args.length > 0) ? Engine.valueOf(args[0].toUpperCase(Locale.ROOT)) : Engine.H2;
		try (TestServer server = TestServer.start(Databases.fresh(engine).serverProperties())) {
			run(server, engine);
		}
		System.exit(0);
	}

	private static void run(TestServer server, Engine engine) {
		String owner = server.bean(AccountService.class)
			.addUser("bench-owner", "correct horse battery staple", false)
			.id();
		String grantee = server.bean(AccountService.class)
			.addUser("bench-grantee", "correct horse battery staple", false)
			.id();
		FolderService folders = server.bean(FolderService.class);
		FileService files = server.bean(FileService.class);
		JdbcClient jdbc = server.bean(JdbcClient.class);
		System.out.printf("Folder benchmark on %s, %s, %d processors%n", engine, System.getProperty("java.version"),
				Runtime.getRuntime().availableProcessors());

		String parent = FolderService.ROOT;
		List<String> chain = new ArrayList<>();
		for (int depth = 1; depth <= 30; depth++) {
			parent = folders.create(owner, parent, "level " + depth).id();
			chain.add(parent);
		}
		String deepFile = insertFiles(server, owner, parent, 1).getFirst();
		jdbc.sql("insert into folder_shares (folder_id, grantee_id, permission, created_at, created_by) "
				+ "values (?, ?, 'READ', 0, ?)")
			.params(chain.getFirst(), grantee, owner)
			.update();
		report("access check, file 30 deep, owner", 500, 5000, (i) -> files.access(owner, deepFile));
		report("access check, file 30 deep, grantee (share at depth 1)", 500, 5000,
				(i) -> files.access(grantee, deepFile));

		String big = folders.create(owner, FolderService.ROOT, "big").id();
		int descendants = insertTree(server, owner, big, 100, 99);
		String left = folders.create(owner, FolderService.ROOT, "left").id();
		String right = folders.create(owner, FolderService.ROOT, "right").id();
		analyze(jdbc, engine);
		System.out.printf("  (moved folder has %,d folders below it)%n", descendants);
		report("move folder with 10,000 descendants", 20, 200,
				(i) -> folders.move(owner, big, (i % 2 == 0) ? left : right, null));
		report("rename folder with 10,000 descendants", 20, 200, (i) -> folders.move(owner, big, null, "big " + i));
		String empty = folders.create(owner, FolderService.ROOT, "empty").id();
		report("move an empty folder (for comparison)", 20, 200,
				(i) -> folders.move(owner, empty, (i % 2 == 0) ? left : right, null));

		String wide = folders.create(owner, FolderService.ROOT, "wide").id();
		insertFiles(server, owner, wide, 10_000);
		analyze(jdbc, engine);
		FolderListing listing = server.bean(FolderListing.class);
		System.out.printf("  (a page holds %d files)%n",
				listing.page(owner, wide, "name", false, null, 100).files().size());
		report("first page (100) of a 10,000-file folder, by name", 50, 500,
				(i) -> listing.page(owner, wide, "name", false, null, 100));
		String cursor = null;
		for (int page = 0; page < 50; page++) {
			cursor = listing.page(owner, wide, "name", false, cursor, 100).next();
		}
		String middle = cursor;
		report("page 51 (100) of a 10,000-file folder, by name (cursor)", 50, 500,
				(i) -> listing.page(owner, wide, "name", false, middle, 100));
		report("first page (100) of a 10,000-file folder, by size", 50, 500,
				(i) -> listing.page(owner, wide, "size", true, null, 100));
	}

	/**
	 * With {@code -Dbench.analyze=true}, has the database gather table statistics after a
	 * bulk insert, as PostgreSQL's autovacuum does within a minute or so: without them
	 * the planner guesses.
	 */
	private static void analyze(JdbcClient jdbc, Engine engine) {
		if (Boolean.getBoolean("bench.analyze") && engine == Engine.POSTGRESQL) {
			jdbc.sql("analyze").update();
		}
	}

	/** Folders below {@code top}: {@code width} children, each with {@code each} more. */
	private static int insertTree(TestServer server, String owner, String top, int width, int each) {
		FolderRepository repository = server.bean(FolderRepository.class);
		Instant now = Instant.now();
		int[] count = { 0 };
		server.bean(TransactionTemplate.class).executeWithoutResult((status) -> {
			for (int i = 0; i < width; i++) {
				String child = UUID.randomUUID().toString();
				repository.insert(child, owner, top, "child " + i, now);
				count[0]++;
				for (int j = 0; j < each; j++) {
					repository.insert(UUID.randomUUID().toString(), owner, child, "grandchild " + j, now);
					count[0]++;
				}
			}
		});
		return count[0];
	}

	/** Files with one (empty, never read) version each, straight into the tables. */
	private static List<String> insertFiles(TestServer server, String owner, String folder, int count) {
		FileRepository repository = server.bean(FileRepository.class);
		JdbcClient jdbc = server.bean(JdbcClient.class);
		// On the primary master key, so the re-wrap job leaves these made-up keys alone.
		long primary = Integer.toUnsignedLong(server.bean(MasterKeys.class).ring().primaryKeyId());
		List<String> ids = new ArrayList<>();
		server.bean(TransactionTemplate.class).executeWithoutResult((status) -> {
			for (int i = 0; i < count; i++) {
				String id = UUID.randomUUID().toString();
				String version = UUID.randomUUID().toString();
				repository.insertFile(id, owner, folder, "file " + i + ".txt", Instant.now());
				jdbc.sql("insert into file_versions (id, file_id, number, size, sha256, blob_id, wrapped_dek, kek_id, "
						+ "created_by, created_at) values (?, ?, 1, ?, ?, ?, 'AA==', ?, ?, 0)")
					.params(version, id, i, "0".repeat(64), UUID.randomUUID().toString(), primary, owner)
					.update();
				repository.setCurrentVersion(id, version);
				ids.add(id);
			}
		});
		return ids;
	}

	private static void report(String what, int warmUp, int runs, IntConsumer action) {
		for (int i = 0; i < warmUp; i++) {
			action.accept(i);
		}
		long[] nanos = new long[runs];
		for (int i = 0; i < runs; i++) {
			long start = System.nanoTime();
			action.accept(warmUp + i);
			nanos[i] = System.nanoTime() - start;
		}
		Arrays.sort(nanos);
		System.out.printf("%-62s median %8.3f ms   p95 %8.3f ms   (%d runs)%n", what, nanos[runs / 2] / 1e6,
				nanos[(int) (runs * 0.95)] / 1e6, runs);
	}

}
