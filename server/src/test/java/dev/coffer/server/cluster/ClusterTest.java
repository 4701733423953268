package dev.coffer.server.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

import dev.coffer.server.OwnerOnlyFiles;
import dev.coffer.server.support.ChildServer;
import dev.coffer.server.support.Databases;
import dev.coffer.server.support.Databases.Database;
import dev.coffer.server.support.Databases.Engine;
import dev.coffer.server.support.S3Server;
import dev.coffer.server.support.Tus;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Coffer nodes as separate processes on one real PostgreSQL server and one real S3
 * server, the way docs/OPERATIONS.md ("Cluster") deploys them: same settings, same master
 * key ring, nothing shared but the database and the bucket. Whatever one node does, the
 * other sees; a node that dies takes nothing with it but its requests in flight.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {

	static final String PASSWORD = "correct horse battery staple";

	@TempDir
	static Path temp;

	static String prefix;

	static S3Client bucket;

	static ChildServer nodeA;

	static ChildServer nodeB;

	/** Alice's browser, talking to node A / node B with the same cookies. */
	static WebClient aliceOnA;

	static WebClient aliceOnB;

	static Path certificate;

	@BeforeAll
	static void startTwoNodes() throws Exception {
		Database database = Databases.fresh(Engine.POSTGRESQL);
		prefix = S3Server.newPrefix();
		bucket = S3Server.get().client();
		List<String> settings = new ArrayList<>();
		Stream.of(database.serverProperties()).forEach((p) -> settings.add("--" + p));
		Stream.of(S3Server.get().serverProperties(prefix, "5MB")).forEach((p) -> settings.add("--" + p));
		// The sweeper runs often here, so a dead node's leftovers go within the test.
		settings.add("--coffer.files.sweep-interval=2s");
		settings.add("--coffer.files.orphan-grace-period=3s");
		String[] nodeSettings = settings.toArray(String[]::new);

		Path dataA = OwnerOnlyFiles.createDirectories(temp.resolve("node-a"));
		nodeA = ChildServer.start(dataA, temp.resolve("node-a.log"), Duration.ofSeconds(120), nodeSettings);
		// The same master key ring (and, for the test's convenience, the same
		// certificate) on
		// both nodes; in production both would come from the operator's secret store.
		Path dataB = OwnerOnlyFiles.createDirectories(temp.resolve("node-b"));
		copyOwnerOnly(dataA.resolve("keys/master.json"), dataB.resolve("keys/master.json"));
		copyOwnerOnly(dataA.resolve("tls/certificate.pem"), dataB.resolve("tls/certificate.pem"));
		copyOwnerOnly(dataA.resolve("tls/private-key.pem"), dataB.resolve("tls/private-key.pem"));
		nodeB = ChildServer.start(dataB, temp.resolve("node-b.log"), Duration.ofSeconds(120), nodeSettings);

		certificate = dataA.resolve("tls/certificate.pem");
		aliceOnA = new WebClient(nodeA.baseUrl(), certificate);
		aliceOnB = new WebClient(nodeB.baseUrl(), certificate);
	}

	@AfterAll
	static void stopNodes() {
		if (nodeA != null) {
			nodeA.close();
		}
		if (nodeB != null) {
			nodeB.close();
		}
	}

	@Test
	@Order(1)
	void aSessionStartedOnOneNodeWorksOnTheOther() {
		assertThat(aliceOnA.signUp("alice", PASSWORD).statusCode()).isEqualTo(302);
		assertThat(aliceOnA.login("alice", PASSWORD).statusCode()).isEqualTo(302);
		aliceOnA.copyCookiesTo(aliceOnB);

		HttpResponse<String> account = aliceOnB.get("/account");
		assertThat(account.statusCode()).isEqualTo(200);
		assertThat(account.body()).contains("alice");
	}

	@Test
	@Order(2)
	void aFileUploadedOnOneNodeIsDownloadedFromTheOther() {
		byte[] content = random(12 * 1024 * 1024 + 5, 1);
		HttpResponse<String> upload = upload(aliceOnA, "across-nodes.bin", content);
		assertThat(upload.statusCode()).isEqualTo(201);
		String id = idOf(upload);

		HttpResponse<byte[]> download = aliceOnB
			.sendForBytes(aliceOnB.apiRequest("/api/v1/files/" + id + "/content").GET().build());
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(sha256(download.body())).isEqualTo(sha256(content));

		HttpResponse<byte[]> range = aliceOnB.sendForBytes(aliceOnB.apiRequest("/api/v1/files/" + id + "/content")
			.header("Range", "bytes=6000000-6000099")
			.GET()
			.build());
		assertThat(range.statusCode()).isEqualTo(206);
		assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(content, 6_000_000, 6_000_100));
	}

	@Test
	@Order(3)
	void concurrentVersionsFromBothNodesAreAllKeptAndNumberedWithoutGaps() throws Exception {
		HttpResponse<String> first = upload(aliceOnA, "contended.txt", "version 1".getBytes());
		assertThat(first.statusCode()).isEqualTo(201);
		String id = idOf(first);
		int perNode = 8;
		List<Callable<Integer>> uploads = new ArrayList<>();
		for (int i = 0; i < perNode; i++) {
			int n = i;
			uploads.add(() -> upload(aliceOnA, "contended.txt", ("from A " + n).getBytes()).statusCode());
			uploads.add(() -> upload(aliceOnB, "contended.txt", ("from B " + n).getBytes()).statusCode());
		}
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			for (Future<Integer> status : pool.invokeAll(uploads)) {
				assertThat(status.get()).isEqualTo(200);
			}
		}

		String versions = aliceOnA.send(aliceOnA.apiRequest("/api/v1/files/" + id + "/versions").GET().build()).body();
		List<Integer> numbers = new ArrayList<>();
		Matcher number = Pattern.compile("\"number\":(\\d+)").matcher(versions);
		while (number.find()) {
			numbers.add(Integer.parseInt(number.group(1)));
		}
		assertThat(numbers).as("version numbers").hasSize(1 + 2 * perNode).doesNotHaveDuplicates();
		assertThat(numbers.stream().mapToInt(Integer::intValue).max().orElseThrow()).isEqualTo(1 + 2 * perNode);
		for (int i = 0; i < perNode; i++) {
			assertThat(versions).as("every upload kept")
				.contains(sha256(("from A " + i).getBytes()))
				.contains(sha256(("from B " + i).getBytes()));
		}
	}

	@Test
	@Order(4)
	void aShareMadeOnOneNodeAndALinkMadeThereAreHonouredByTheOther() {
		byte[] content = random(300_000, 3);
		String id = idOf(upload(aliceOnA, "shared.bin", content));
		WebClient bobOnA = new WebClient(nodeA.baseUrl(), certificate);
		assertThat(bobOnA.signUp("bob", PASSWORD).statusCode()).isEqualTo(302);
		assertThat(bobOnA.login("bob", PASSWORD).statusCode()).isEqualTo(302);
		String contentPath = "/api/v1/files/" + id + "/content";
		assertThat(bobOnA.sendForBytes(bobOnA.apiRequest(contentPath).GET().build()).statusCode())
			.as("before the share")
			.isEqualTo(404);

		HttpResponse<String> share = aliceOnB.send(aliceOnB.apiRequest("/api/v1/files/" + id + "/shares/bob")
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"permission\":\"READ\"}"))
			.build());
		assertThat(share.statusCode()).isEqualTo(201);
		HttpResponse<byte[]> shared = bobOnA.sendForBytes(bobOnA.apiRequest(contentPath).GET().build());
		assertThat(shared.statusCode()).as("shared on B, read on A").isEqualTo(200);
		assertThat(shared.body()).isEqualTo(content);

		HttpResponse<String> link = aliceOnB.send(aliceOnB.apiRequest("/api/v1/files/" + id + "/links")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"maxDownloads\":1}"))
			.build());
		assertThat(link.statusCode()).isEqualTo(201);
		String token = field(link.body(), "token");
		WebClient anonymousOnA = new WebClient(nodeA.baseUrl(), certificate);
		HttpResponse<byte[]> viaLink = anonymousOnA
			.sendForBytes(anonymousOnA.request("/s/" + token + "/download").GET().build());
		assertThat(viaLink.statusCode()).as("link made on B, used on A").isEqualTo(200);
		assertThat(viaLink.body()).isEqualTo(content);
		WebClient anonymousOnB = new WebClient(nodeB.baseUrl(), certificate);
		assertThat(
				anonymousOnB.sendForBytes(anonymousOnB.request("/s/" + token + "/download").GET().build()).statusCode())
			.as("its one download was counted for both nodes")
			.isEqualTo(410);
	}

	@Test
	@Order(5)
	void theRequestsOfOneResumableUploadGoToBothNodesInTurn_andItsPartsOutliveTheOrphanSweeper() throws Exception {
		byte[] content = random(7 * 1024 * 1024 + 3, 5);
		String upload = Tus.createNamed(aliceOnA, content.length, "resumed-across-nodes.bin");
		int piece = 1024 * 1024 + 17;
		WebClient[] nodes = { aliceOnA, aliceOnB };
		HttpResponse<String> last = null;
		for (int offset = 0, turn = 0; offset < content.length; offset += piece, turn++) {
			WebClient node = nodes[turn % 2];
			assertThat(Tus.offset(node, upload)).isEqualTo(offset);
			last = Tus.patch(node, upload, offset,
					java.util.Arrays.copyOfRange(content, offset, Math.min(content.length, offset + piece)));
			assertThat(last.statusCode()).as(last.body()).isEqualTo(204);
			if (turn == 2) {
				// Longer than the grace period, with the sweeper running every 2 s: the
				// parts of an unfinished upload are not orphans.
				Thread.sleep(5_000);
			}
		}
		String id = last.headers().firstValue("Coffer-File-Id").orElseThrow();
		HttpResponse<byte[]> download = aliceOnB
			.sendForBytes(aliceOnB.apiRequest("/api/v1/files/" + id + "/content").GET().build());
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(sha256(download.body())).isEqualTo(sha256(content));
		assertThat(aliceOnA.send(aliceOnA.apiRequest("/api/v1/files/" + id).GET().build()).body())
			.contains("\"sha256\":\"" + sha256(content) + "\"");
	}

	@Test
	@Order(9)
	void whenANodeDiesMidUploadTheOtherKeepsServingAndTheSweeperCleansUp() throws Exception {
		byte[] kept = random(1024 * 1024, 2);
		String keptId = idOf(upload(aliceOnB, "kept.bin", kept));
		int objectsBefore = objectCount();

		// An upload to node A that stalls after 11 MB (two parts already in the bucket).
		Thread uploader = Thread.ofVirtual().start(() -> {
			try {
				aliceOnA.send(aliceOnA.apiRequest("/api/v1/files?name=interrupted.bin")
					.PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new StallingStream(11 * 1024 * 1024)))
					.build());
			}
			catch (RuntimeException expected) {
				// The connection dies with node A.
			}
		});
		awaitCondition(Duration.ofSeconds(60), () -> openMultipartUploads() > 0, "a multipart upload in progress");
		nodeA.kill();
		uploader.interrupt();
		long killedAt = System.nanoTime();

		HttpResponse<byte[]> download = aliceOnB
			.sendForBytes(aliceOnB.apiRequest("/api/v1/files/" + keptId + "/content").GET().build());
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.body()).isEqualTo(kept);
		assertThat(aliceOnB.get("/files").body()).doesNotContain("interrupted.bin");

		// Node B's sweeper aborts the dead node's multipart upload once it is older than
		// the grace period (a sweep lock the dead node held, if any, expires within a
		// minute).
		awaitCondition(Duration.ofSeconds(100), () -> openMultipartUploads() == 0, "the abandoned upload aborted");
		assertThat(objectCount()).isEqualTo(objectsBefore);
		System.out.printf("ClusterTest: node B swept node A's abandoned upload %d ms after A died%n",
				Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
	}

	private int openMultipartUploads() {
		return bucket.listMultipartUploads((r) -> r.bucket(S3Server.BUCKET).prefix(prefix)).uploads().size();
	}

	private int objectCount() {
		return bucket.listObjectsV2((r) -> r.bucket(S3Server.BUCKET).prefix(prefix)).contents().size();
	}

	private static HttpResponse<String> upload(WebClient client, String name, byte[] content) {
		return client.send(client.apiRequest("/api/v1/files?name=" + name)
			.PUT(HttpRequest.BodyPublishers.ofByteArray(content))
			.build());
	}

	private static String idOf(HttpResponse<String> response) {
		return field(response.body(), "id");
	}

	private static String field(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
		assertThat(matcher.find()).as("%s in %s", name, json).isTrue();
		return matcher.group(1);
	}

	private static void copyOwnerOnly(Path from, Path to) throws IOException {
		OwnerOnlyFiles.createDirectories(to.getParent());
		OwnerOnlyFiles.write(to, Files.readAllBytes(from));
	}

	private static void awaitCondition(Duration timeout, java.util.function.BooleanSupplier condition, String what)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out waiting for " + what);
			}
			Thread.sleep(200);
		}
	}

	static byte[] random(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Sends {@code before} bytes, then blocks until the connection is torn down. */
	static final class StallingStream extends InputStream {

		private long left;

		StallingStream(long before) {
			this.left = before;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (this.left <= 0) {
				try {
					Thread.sleep(Duration.ofMinutes(5));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				throw new IOException("stalled upload given up");
			}
			int n = (int) Math.min(length, this.left);
			java.util.Arrays.fill(buffer, offset, offset + n, (byte) 'x');
			this.left -= n;
			return n;
		}

	}

}
