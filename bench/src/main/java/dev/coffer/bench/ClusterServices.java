package dev.coffer.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * What the nodes of the cluster mode share: a PostgreSQL database and an S3 bucket. Each
 * is either given ({@code --database-url}, {@code --s3-endpoint}) or started here as a
 * child process on 127.0.0.1 and a free port, in a directory under the work directory
 * that {@link #close()} deletes: PostgreSQL from zonky's binaries artifact (as the
 * server's tests start it; as the unprivileged {@code nobody} via util-linux
 * {@code setpriv} when run as root, which PostgreSQL refuses), S3Mock from its executable
 * jar.
 */
final class ClusterServices implements AutoCloseable {

	private static final String POSTGRES_ARCHIVE = "/postgres-linux-x86_64.txz";

	private static final long START_TIMEOUT_NANOS = 180_000_000_000L;

	private final PrintStream log;

	private final List<Process> processes = new ArrayList<>();

	private final List<Path> dirs = new ArrayList<>();

	private final List<String> settings = new ArrayList<>();

	private long postgresPid = -1;

	private long s3Pid = -1;

	private String description = "";

	private ClusterServices(PrintStream log) {
		this.log = log;
	}

	/** Starts (or takes) the database and the bucket that {@code options} ask for. */
	static ClusterServices start(BenchOptions options, PrintStream log) throws IOException, InterruptedException {
		ClusterServices services = new ClusterServices(log);
		Thread hook = new Thread(services::close, "stop-cluster-services");
		Runtime.getRuntime().addShutdownHook(hook);
		try {
			if (options.databaseUrl != null) {
				services.settings.add("spring.datasource.url=" + options.databaseUrl);
				services.settings.add("spring.datasource.username=" + nullToEmpty(options.databaseUser));
				services.settings.add("spring.datasource.password=" + nullToEmpty(options.databasePassword));
				services.description += "PostgreSQL: given (" + options.databaseUrl + "). ";
			}
			else {
				services.startPostgres(options.workDir);
			}
			String prefix = "bench-" + HexFormat.of().formatHex(SecureRandom.getSeed(6)) + "/";
			if (options.s3Endpoint != null) {
				services.s3Settings(options.s3Endpoint, options.s3Bucket, prefix, options.s3Region, options.s3AccessKey,
						options.s3SecretKey);
				services.description += "S3: given (" + options.s3Endpoint + ", bucket " + options.s3Bucket + "). ";
			}
			else {
				services.startS3Mock(options, prefix);
			}
			return services;
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			services.close();
			throw ex;
		}
	}

	/**
	 * Spring properties ({@code key=value}) that put a node on this database and bucket.
	 */
	List<String> settings() {
		return List.copyOf(this.settings);
	}

	/** The PostgreSQL server's pid if started here, else -1. */
	long postgresPid() {
		return this.postgresPid;
	}

	/** The S3 server's pid if started here, else -1. */
	long s3Pid() {
		return this.s3Pid;
	}

	String description() {
		return this.description.strip();
	}

	// ---------------------------------------------------------------- PostgreSQL

	private void startPostgres(Path workDir) throws IOException, InterruptedException {
		Path base = Files.createTempDirectory(workDir, "coffer-bench-postgresql-");
		this.dirs.add(base);
		Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
		this.log.println("Unpacking PostgreSQL into " + base + " ...");
		extract(base);
		Path data = Files.createDirectory(base.resolve("data"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		if (isRoot()) {
			Files.setAttribute(data, "unix:uid", 65534);
			Files.setAttribute(data, "unix:gid", 65534);
		}
		Path pgLog = base.resolve("postgres.log");
		Process initdb = postgresProcess(base, List.of(bin(base, "initdb"), "-A", "trust", "-U", "postgres", "-D",
				data.toString(), "-E", "UTF8", "--locale=C", "--no-instructions"))
			.start();
		if (!initdb.waitFor(3, TimeUnit.MINUTES) || initdb.exitValue() != 0) {
			initdb.destroyForcibly();
			throw new IOException("initdb failed:\n" + ServerProcess.tail(pgLog, 40));
		}
		int port = ServerProcess.freePort();
		// PostgreSQL's defaults (fsync and synchronous commit on), as a production server
		// would have them; the nodes' connection pools fit in max_connections.
		Process postgres = postgresProcess(base,
				List.of(bin(base, "postgres"), "-D", data.toString(), "-p", Integer.toString(port), "-c",
						"listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"))
			.start();
		this.processes.add(postgres);
		awaitLogLine(postgres, pgLog, "ready to accept connections", "PostgreSQL");
		this.postgresPid = postgres.pid();
		this.settings.add("spring.datasource.url=jdbc:postgresql://127.0.0.1:" + port + "/postgres");
		this.settings.add("spring.datasource.username=postgres");
		this.settings.add("spring.datasource.password=");
		this.description += "PostgreSQL 17 (zonky binaries, default settings: fsync and synchronous commit on), pid "
				+ postgres.pid() + ". ";
		this.log.printf("PostgreSQL pid %d is up on 127.0.0.1:%d%n", postgres.pid(), port);
	}

	private static void extract(Path base) throws IOException {
		try (InputStream archive = ClusterServices.class.getResourceAsStream(POSTGRES_ARCHIVE)) {
			if (archive == null) {
				throw new IOException("No PostgreSQL binaries on the class path (" + POSTGRES_ARCHIVE
						+ ", Linux x86-64 only); give --database-url");
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
		try (var walk = Files.walk(base)) {
			for (Path dir : walk.filter(Files::isDirectory).toList()) {
				Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
			}
		}
	}

	private static String bin(Path base, String name) {
		return base.resolve("bin").resolve(name).toString();
	}

	private static ProcessBuilder postgresProcess(Path base, List<String> command) {
		List<String> full = new ArrayList<>();
		if (isRoot()) {
			full.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
		}
		full.addAll(command);
		return new ProcessBuilder(full).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("postgres.log").toFile()))
			.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
	}

	private static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	// ---------------------------------------------------------------- S3

	private void startS3Mock(BenchOptions options, String prefix) throws IOException, InterruptedException {
		Path jar = (options.s3mockJar != null) ? options.s3mockJar : defaultS3MockJar();
		if (jar == null || !Files.isRegularFile(jar)) {
			throw new IOException("No S3Mock jar at " + jar + "; build the bench module (./mvnw -q -pl server,bench"
					+ " -am package -DskipTests), give --s3mock-jar, or --s3-endpoint");
		}
		Path root = Files.createTempDirectory(options.workDir, "coffer-bench-s3-");
		this.dirs.add(root);
		int port = ServerProcess.freePort();
		Path s3Log = root.resolve("s3mock.log");
		String bucket = options.s3Bucket;
		Process s3 = new ProcessBuilder(ServerProcess.currentJava(), "-Xmx512m", "-jar", jar.toString(),
				"--server.port=0", "--server.address=" + ServerProcess.LOOPBACK, "--http.port=" + port,
				"--com.adobe.testing.s3mock.store.root=" + root.resolve("store"),
				"--com.adobe.testing.s3mock.store.initial-buckets=" + bucket, "--logging.level.root=warn")
			.redirectErrorStream(true)
			.redirectOutput(s3Log.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
			.start();
		this.processes.add(s3);
		HttpConnection.Endpoint endpoint = new HttpConnection.Endpoint(ServerProcess.LOOPBACK, port, null, null);
		long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
		while (true) {
			try (HttpConnection connection = new HttpConnection(endpoint)) {
				if (connection.send("GET", "/" + bucket + "?max-keys=1", List.of(), -1, null).status() == 200) {
					break;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			if (!s3.isAlive() || System.nanoTime() > deadline) {
				throw new IOException("S3Mock did not start; its log:\n" + ServerProcess.tail(s3Log, 40));
			}
			Thread.sleep(250);
		}
		this.s3Pid = s3.pid();
		s3Settings("http://" + ServerProcess.LOOPBACK + ":" + port, bucket, prefix, options.s3Region, "bench",
				"bench-secret");
		this.description += "S3: Adobe S3Mock (" + jar.getFileName() + ", -Xmx512m, plain HTTP), pid " + s3.pid()
				+ ". ";
		this.log.printf("S3Mock pid %d is up on 127.0.0.1:%d%n", s3.pid(), port);
	}

	private static Path defaultS3MockJar() {
		try {
			Path self = Path.of(ClusterServices.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			return self.resolveSibling("bench-servers").resolve("s3mock.jar");
		}
		catch (URISyntaxException | RuntimeException ex) {
			return null;
		}
	}

	private void s3Settings(String endpoint, String bucket, String prefix, String region, String accessKey,
			String secretKey) {
		this.settings.add("coffer.storage.type=s3");
		this.settings.add("coffer.storage.s3.endpoint=" + endpoint);
		this.settings.add("coffer.storage.s3.bucket=" + bucket);
		this.settings.add("coffer.storage.s3.prefix=" + prefix);
		this.settings.add("coffer.storage.s3.region=" + region);
		this.settings.add("coffer.storage.s3.path-style-access=true");
		if (accessKey != null) {
			this.settings.add("coffer.storage.s3.access-key=" + accessKey);
			this.settings.add("coffer.storage.s3.secret-key=" + nullToEmpty(secretKey));
		}
	}

	// ---------------------------------------------------------------- common

	private static void awaitLogLine(Process process, Path log, String line, String what)
			throws IOException, InterruptedException {
		long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
		while (!Files.readString(log, StandardCharsets.UTF_8).contains(line)) {
			if (!process.isAlive() || System.nanoTime() > deadline) {
				throw new IOException(what + " did not start; its log:\n" + ServerProcess.tail(log, 40));
			}
			Thread.sleep(100);
		}
	}

	private static String nullToEmpty(String value) {
		return (value != null) ? value : "";
	}

	/** Stops what was started here (SIGTERM, then SIGKILL) and deletes its files. */
	@Override
	public synchronized void close() {
		for (Process process : this.processes) {
			process.destroy();
			try {
				if (!process.waitFor(30, TimeUnit.SECONDS)) {
					process.destroyForcibly();
					process.waitFor(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				process.destroyForcibly();
				Thread.currentThread().interrupt();
			}
		}
		this.processes.clear();
		for (Path dir : this.dirs) {
			CofferBench.deleteRecursively(dir);
		}
		this.dirs.clear();
	}

}
