package dev.coffer.server.files;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.coffer.server.support.ChildJvm;
import dev.coffer.server.support.ChildServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upload path's crash guarantees (DESIGN.md §3), tested the hard way: the real server
 * runs as a child process, several clients upload into it concurrently, and it is killed
 * with SIGKILL at a random moment, again and again. After every restart:
 * <ul>
 * <li>every upload the server acknowledged (2xx) before it died is still there, as the
 * same version, with the same SHA-256;</li>
 * <li>every version listed downloads completely and matches the SHA-256 the API reports,
 * which is the SHA-256 of a body this test sent under that name: nothing partial is ever
 * listed;</li>
 * <li>once the restarted server's start-up sweep has run, storage holds no abandoned
 * write and exactly one object per listed version (no orphan).</li>
 * </ul>
 * At the end the server is stopped and its database compared with the blob directory
 * object by object.
 * <p>
 * The random choices (kill delays, names, sizes, contents) come from one seed, printed at
 * the start and in any failure; rerun with {@code -Dcoffer.crash.seed=<seed>} to repeat
 * them (thread scheduling still varies).
 */
class CrashRecoveryTest {

	static final String PASSWORD = "correct horse battery staple";

	/** Kills; the server is started once more than this. */
	static final int ROUNDS = 5;

	static final int CONCURRENT_UPLOADERS = 4;

	static final int MAX_KILL_DELAY_MILLIS = 2000;

	static final int MIB = 1024 * 1024;

	static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	static final Duration SWEEP_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Every start sweeps at once (the sweeper's initial delay is 0) with a grace period
	 * of 1 s: by the time a restarted server sweeps, whatever the killed one wrote is
	 * seconds old, so any orphan or abandoned write from the crash is due for removal.
	 * The next sweep would come an hour later, so none runs while this round's uploads
	 * are in flight (a 1 s grace period would be too short for those).
	 */
	static final String[] SERVER_SETTINGS = { "--coffer.files.orphan-grace-period=1s",
			"--coffer.files.sweep-interval=1h", "--coffer.files.max-upload-size=64MB",
			"--coffer.files.default-quota=10GB" };

	static final Pattern SWEPT = Pattern.compile("Orphan sweeper removed (\\d+)");

	static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path temp;

	/** Every server process this test started; all are gone after it. */
	private final List<ChildServer> servers = new ArrayList<>();

	/** SHA-256 of every body sent, by file name, sent before the request was. */
	private final Map<String, Set<String>> sentByName = new ConcurrentHashMap<>();

	private final CopyOnWriteArrayList<String> names = new CopyOnWriteArrayList<>();

	private final List<Ack> acknowledged = new CopyOnWriteArrayList<>();

	/**
	 * What must not happen while the server is alive: errors, refusals, wrong answers.
	 */
	private final List<String> unexpected = new CopyOnWriteArrayList<>();

	private final AtomicLong uploadCounter = new AtomicLong();

	private final List<String> roundSummaries = new ArrayList<>();

	/** When each round's server was killed ({@link System#nanoTime()}). */
	private final Map<Integer, Long> killedAt = new ConcurrentHashMap<>();

	private ChildServer current;

	/** An upload the server answered 2xx: it committed and must survive any crash. */
	record Ack(int round, String name, String fileId, int number, String sha256, long size, long receivedAtNanos) {
	}

	/** A file and its versions as the restarted server lists them. */
	record Listed(String id, String name, Map<Integer, JsonNode> versions) {
	}

	@AfterEach
	void destroyServers() {
		this.servers.forEach(ChildServer::close);
	}

	@Test
	@Timeout(value = 8, unit = TimeUnit.MINUTES)
	void killedDuringUploads_restart_keepsEveryCommittedFile_andNoPartialOne() throws Exception {
		long seed = Long.getLong("coffer.crash.seed", new SecureRandom().nextLong());
		System.out.println("CrashRecoveryTest seed " + seed + " (repeat with -Dcoffer.crash.seed=" + seed + ")");
		try {
			crashAndRecover(seed);
		}
		catch (AssertionError | Exception ex) {
			if (this.current != null) {
				System.out.println("Last server's log (tail):\n" + this.current.logTail(80));
			}
			System.out.println(String.join("\n", this.roundSummaries));
			throw new AssertionError("Crash recovery failed with seed " + seed + " (repeat with -Dcoffer.crash.seed="
					+ seed + "): " + ex.getMessage(), ex);
		}
	}

	private void crashAndRecover(long seed) throws Exception {
		long started = System.nanoTime();
		Path dataDir = this.temp.resolve("data");
		// Provisioned as a script would, before the server ever ran on this data
		// directory.
		ChildJvm.Result user = ChildJvm.run(dataDir, PASSWORD + "\n", "user", "add", "crash", "--admin");
		assertThat(user.exitCode()).as("user add: %s", user.stderr()).isZero();
		ChildJvm.Result token = ChildJvm.run(dataDir, null, "token", "create", "crash");
		assertThat(token.exitCode()).as("token create: %s", token.stderr()).isZero();
		String bearer = "Bearer " + token.stdout().strip().lines().reduce((first, second) -> second).orElseThrow();

		Random killDelays = new Random(seed);
		int totalSwept = 0;
		for (int round = 1; round <= ROUNDS; round++) {
			this.current = start(dataDir, round);
			int versions = verifyRecovered(dataDir, bearer, round);
			totalSwept += sweptAtStart(this.current);
			int killDelay = killDelays.nextInt(MAX_KILL_DELAY_MILLIS + 1);
			uploadAndKill(bearer, seed, round, killDelay, versions);
		}
		this.current = start(dataDir, ROUNDS + 1);
		int versions = verifyRecovered(dataDir, bearer, ROUNDS + 1);
		totalSwept += sweptAtStart(this.current);
		this.current.stop();
		verifyDatabaseMatchesStorage(dataDir, versions);

		this.roundSummaries.add(String.format(
				"Total: %d kills, %d uploads started, %d acknowledged and all kept, %d versions at the end, "
						+ "%d orphaned or abandoned object(s) swept after restarts, %d s",
				ROUNDS, this.uploadCounter.get(), this.acknowledged.size(), versions, totalSwept,
				TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)));
		System.out.println(String.join("\n", this.roundSummaries));
	}

	private ChildServer start(Path dataDir, int round) throws IOException, InterruptedException {
		ChildServer server = ChildServer.start(dataDir, this.temp.resolve("server-" + round + ".log"), START_TIMEOUT,
				SERVER_SETTINGS);
		this.servers.add(server);
		return server;
	}

	/**
	 * Uploads from several clients at once, each one upload after another, and kills the
	 * server after {@code killDelayMillis}.
	 */
	private void uploadAndKill(String bearer, long seed, int round, int killDelayMillis, int versionsBefore)
			throws Exception {
		ChildServer server = this.current;
		AtomicBoolean killing = new AtomicBoolean();
		AtomicInteger cutOff = new AtomicInteger();
		long uploadsBefore = this.uploadCounter.get();
		int acksBefore = this.acknowledged.size();
		ExecutorService uploaders = Executors.newFixedThreadPool(CONCURRENT_UPLOADERS);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int i = 0; i < CONCURRENT_UPLOADERS; i++) {
				running.add(uploaders.submit(() -> {
					while (!killing.get()) {
						if (!uploadOne(server, bearer, seed, round, killing)) {
							cutOff.incrementAndGet();
							return null;
						}
					}
					return null;
				}));
			}
			Thread.sleep(killDelayMillis);
			killing.set(true);
			long killedAt = System.nanoTime();
			this.killedAt.put(round, killedAt);
			int exitValue = server.kill();
			assertThat(server.isAlive()).isFalse();
			assertThat(exitValue).as("exit value of the killed server (SIGKILL)")
				.isEqualTo(ChildServer.KILLED_BY_SIGKILL);
			uploaders.shutdown();
			assertThat(uploaders.awaitTermination(90, TimeUnit.SECONDS)).as("uploads end after the kill").isTrue();
			for (Future<?> uploader : running) {
				uploader.get();
			}
			assertThat(this.unexpected).as("what went wrong while the server was alive").isEmpty();
			List<Ack> acks = this.acknowledged.subList(acksBefore, this.acknowledged.size());
			String lastAck = acks.stream()
				.max(Comparator.comparingLong(Ack::receivedAtNanos))
				.map((ack) -> ", last acknowledgement " + relativeToKill(ack))
				.orElse("");
			this.roundSummaries.add(String.format(
					"Round %d: %d versions before, %d uploads started, %d acknowledged, %d cut off; SIGKILL after %d ms%s",
					round, versionsBefore, this.uploadCounter.get() - uploadsBefore, acks.size(), cutOff.get(),
					killDelayMillis, lastAck));
		}
		finally {
			uploaders.shutdownNow();
		}
	}

	/**
	 * One upload of a new file or a new version of an existing one.
	 * @return false if it was cut off
	 */
	private boolean uploadOne(ChildServer server, String bearer, long seed, int round, AtomicBoolean killing)
			throws IOException, InterruptedException {
		long n = this.uploadCounter.getAndIncrement();
		Random random = new Random(seed ^ ((n + 1) * 0x9E3779B97F4A7C15L));
		String name = chooseName(random, n);
		byte[] body = randomBody(random);
		String sha256 = sha256(body);
		this.sentByName.computeIfAbsent(name, (key) -> ConcurrentHashMap.newKeySet()).add(sha256);
		this.names.addIfAbsent(name);
		HttpResponse<String> response;
		try {
			response = server.http()
				.send(server.request("/api/v1/files?name=" + encode(name))
					.header("Authorization", bearer)
					.header("Accept", "application/json")
					.header("Content-Type", "application/octet-stream")
					.PUT(BodyPublishers.ofByteArray(body))
					.build(), BodyHandlers.ofString());
		}
		catch (IOException ex) {
			if (!killing.get()) {
				this.unexpected.add("Upload of \"" + name + "\" failed while the server was alive: " + ex);
			}
			return false;
		}
		long receivedAt = System.nanoTime();
		if (response.statusCode() != 200 && response.statusCode() != 201) {
			this.unexpected.add("Upload of \"" + name + "\" (" + body.length + " bytes) answered "
					+ response.statusCode() + ": " + response.body());
			return true;
		}
		JsonNode file = JSON.readTree(response.body());
		if (!sha256.equals(file.get("sha256").asString()) || file.get("size").asLong() != body.length
				|| !name.equals(file.get("name").asString())) {
			this.unexpected.add("Upload of \"" + name + "\" (" + body.length + " bytes, sha256 " + sha256
					+ ") was acknowledged as " + response.body());
		}
		this.acknowledged.add(new Ack(round, name, file.get("id").asString(), file.get("currentVersion").asInt(),
				sha256, body.length, receivedAt));
		return true;
	}

	/** Sometimes a name already used (a new version), mostly a new one. */
	private String chooseName(Random random, long n) {
		List<String> known = List.copyOf(this.names);
		if (!known.isEmpty() && random.nextInt(100) < 40) {
			return known.get(random.nextInt(known.size()));
		}
		return (n % 3 == 0) ? "Report " + n + " – Zürich.bin" : "file-" + n + ".bin";
	}

	/** A few bytes to 64 KiB, up to 3 MiB, or up to 20 MiB. */
	private static byte[] randomBody(Random random) {
		int kind = random.nextInt(100);
		int size;
		if (kind < 35) {
			size = 1 + random.nextInt(64 * 1024);
		}
		else if (kind < 80) {
			size = 64 * 1024 + random.nextInt(3 * MIB);
		}
		else {
			size = 3 * MIB + random.nextInt(17 * MIB + 1);
		}
		byte[] body = new byte[size];
		random.nextBytes(body);
		return body;
	}

	/**
	 * Checks what a freshly started server has after a crash.
	 * @return how many versions it lists
	 */
	private int verifyRecovered(Path dataDir, String bearer, int start) throws Exception {
		ChildServer server = this.current;
		List<Listed> listed = new ArrayList<>();
		for (JsonNode file : getJson(server, bearer, "/api/v1/files")) {
			String id = file.get("id").asString();
			String name = file.get("name").asString();
			assertThat(this.sentByName).as("a listed file is one this test uploaded: %s", name).containsKey(name);
			TreeMap<Integer, JsonNode> versions = new TreeMap<>();
			for (JsonNode version : getJson(server, bearer, "/api/v1/files/" + id + "/versions")) {
				assertThat(versions.put(version.get("number").asInt(), version))
					.as("version numbers of %s are unique", name)
					.isNull();
			}
			assertThat(versions).as("versions of %s", name).hasSize(file.get("versionCount").asInt());
			int currentNumber = file.get("currentVersion").asInt();
			assertThat(versions.keySet()).as("versions of %s", name).contains(currentNumber);
			assertThat(versions.lastKey()).as("current version of %s is the newest", name).isEqualTo(currentNumber);
			JsonNode currentVersion = versions.get(currentNumber);
			assertThat(currentVersion.get("current").asBoolean()).isTrue();
			assertThat(versions.values().stream().filter((v) -> v.get("current").asBoolean()).count()).isOne();
			assertThat(file.get("sha256").asString()).isEqualTo(currentVersion.get("sha256").asString());
			assertThat(file.get("size").asLong()).isEqualTo(currentVersion.get("size").asLong());
			listed.add(new Listed(id, name, versions));
		}
		int versionCount = listed.stream().mapToInt((file) -> file.versions().size()).sum();

		// The start-up sweep runs beside the first requests: wait until it has left one
		// object per version and no abandoned write. Each listed version has its own blob
		// (a fresh UUID per upload) and its object is proven to exist by the download
		// below, so equal counts mean no object is unreferenced.
		awaitStorage(dataDir, versionCount, start);

		for (Listed file : listed) {
			for (JsonNode version : file.versions().values()) {
				int number = version.get("number").asInt();
				String sha256 = version.get("sha256").asString();
				long size = version.get("size").asLong();
				assertThat(this.sentByName.get(file.name()))
					.as("version %d of %s is a complete body sent under that name (sha256 %s, %d bytes)", number,
							file.name(), sha256, size)
					.contains(sha256);
				String[] downloaded = download(server, bearer,
						"/api/v1/files/" + file.id() + "/versions/" + number + "/content");
				assertThat(downloaded).as("download of version %d of %s: [status, bytes, sha256]", number, file.name())
					.containsExactly("200", Long.toString(size), sha256);
			}
		}

		Map<String, Listed> byName = new HashMap<>();
		listed.forEach((file) -> byName.put(file.name(), file));
		List<String> lost = new ArrayList<>();
		for (Ack ack : this.acknowledged) {
			Listed file = byName.get(ack.name());
			JsonNode version = (file != null) ? file.versions().get(ack.number()) : null;
			if (file == null || !file.id().equals(ack.fileId()) || version == null
					|| !ack.sha256().equals(version.get("sha256").asString())) {
				lost.add(String.format("%s v%d (%d bytes, sha256 %s) acknowledged in round %d, %s", ack.name(),
						ack.number(), ack.size(), ack.sha256(), ack.round(), relativeToKill(ack)));
			}
		}
		assertThat(lost)
			.as("acknowledged uploads missing after restart %d (of %d acknowledged)", start, this.acknowledged.size())
			.isEmpty();
		return versionCount;
	}

	/** When an acknowledgement arrived, relative to the kill of its round's server. */
	private String relativeToKill(Ack ack) {
		long millis = TimeUnit.NANOSECONDS.toMillis(this.killedAt.get(ack.round()) - ack.receivedAtNanos());
		return (millis >= 0) ? millis + " ms before SIGKILL"
				: "read " + -millis + " ms after SIGKILL was sent (the server had answered before it died)";
	}

	private void awaitStorage(Path dataDir, int versionCount, int start) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + SWEEP_TIMEOUT.toNanos();
		Map<String, Long> objects;
		List<String> temporaries;
		while (true) {
			objects = new TreeMap<>();
			temporaries = new ArrayList<>();
			for (Path file : blobFiles(dataDir)) {
				String name = file.getFileName().toString();
				if (name.startsWith(".tmp-")) {
					temporaries.add(name);
				}
				else {
					objects.put(name, Files.size(file));
				}
			}
			if ((temporaries.isEmpty() && objects.size() == versionCount) || System.nanoTime() > deadline) {
				break;
			}
			Thread.sleep(200);
		}
		assertThat(temporaries).as("abandoned writes left after the sweep of start %d", start).isEmpty();
		assertThat(objects).as("objects after the sweep of start %d, one per listed version (%d)", start, versionCount)
			.hasSize(versionCount);
		assertThat(objects.keySet()).allSatisfy((key) -> assertThat(key).matches("[0-9a-f-]{36}\\.0"));
	}

	/**
	 * The stopped server's database against the blob directory: one object per blob part,
	 * of the recorded size, no part without a version, no file without a current version.
	 */
	private void verifyDatabaseMatchesStorage(Path dataDir, int listedVersions) throws IOException, SQLException {
		String password = Files.readString(dataDir.resolve("db/password"), StandardCharsets.US_ASCII).strip();
		Map<String, Long> expected = new TreeMap<>();
		Set<String> versionBlobs = new HashSet<>();
		try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("db/coffer"), "coffer",
				password); Statement statement = db.createStatement()) {
			try (ResultSet rows = statement.executeQuery("select blob_id from file_versions")) {
				while (rows.next()) {
					versionBlobs.add(rows.getString(1));
				}
			}
			try (ResultSet rows = statement
				.executeQuery("select blob_id, part_number, ciphertext_size from blob_parts")) {
				while (rows.next()) {
					expected.put(rows.getString(1) + "." + rows.getInt(2), rows.getLong(3));
				}
			}
			try (ResultSet rows = statement
				.executeQuery("select count(*) from files where current_version_id is null or current_version_id "
						+ "not in (select id from file_versions)")) {
				rows.next();
				assertThat(rows.getLong(1)).as("files without a current version").isZero();
			}
		}
		assertThat(versionBlobs).as("versions in the database").hasSize(listedVersions);
		assertThat(expected.keySet().stream().map((key) -> key.substring(0, key.indexOf('.'))).distinct())
			.as("blobs with parts are exactly the versions' blobs")
			.containsExactlyInAnyOrderElementsOf(versionBlobs);
		Map<String, Long> onDisk = new TreeMap<>();
		for (Path file : blobFiles(dataDir)) {
			onDisk.put(file.getFileName().toString(), Files.size(file));
		}
		assertThat(onDisk).as("the blob directory against blob_parts (key -> ciphertext size)")
			.containsExactlyInAnyOrderEntriesOf(expected);
	}

	private static List<Path> blobFiles(Path dataDir) throws IOException {
		Path blobs = dataDir.resolve("blobs");
		if (!Files.exists(blobs)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(blobs)) {
			return files.filter(Files::isRegularFile).toList();
		}
	}

	private static int sweptAtStart(ChildServer server) {
		Matcher matcher = SWEPT.matcher(server.log());
		int swept = 0;
		while (matcher.find()) {
			swept += Integer.parseInt(matcher.group(1));
		}
		return swept;
	}

	private static JsonNode getJson(ChildServer server, String bearer, String path)
			throws IOException, InterruptedException {
		HttpResponse<String> response = server.http()
			.send(server.request(path)
				.header("Authorization", bearer)
				.header("Accept", "application/json")
				.GET()
				.build(), BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	/** Status, byte count and SHA-256 of a download, read to its end. */
	private static String[] download(ChildServer server, String bearer, String path)
			throws IOException, InterruptedException {
		HttpResponse<InputStream> response = server.http()
			.send(server.request(path).header("Authorization", bearer).GET().build(), BodyHandlers.ofInputStream());
		MessageDigest digest = sha256Digest();
		long size = 0;
		try (InputStream body = response.body()) {
			byte[] buffer = new byte[64 * 1024];
			for (int read = body.read(buffer); read != -1; read = body.read(buffer)) {
				digest.update(buffer, 0, read);
				size += read;
			}
		}
		return new String[] { Integer.toString(response.statusCode()), Long.toString(size),
				HexFormat.of().formatHex(digest.digest()) };
	}

	private static String encode(String name) {
		return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static String sha256(byte[] bytes) {
		return HexFormat.of().formatHex(sha256Digest().digest(bytes));
	}

	private static MessageDigest sha256Digest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
