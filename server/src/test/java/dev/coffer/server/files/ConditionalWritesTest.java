package dev.coffer.server.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code If-Match} and {@code If-None-Match} on the API's writes (RFC 9110 §13): a write
 * over a version the client did not read, or a creation where a file exists, is a 412
 * that stores nothing, checked under the same lock as the write itself.
 */
class ConditionalWritesTest {

	static final String PASSWORD = "correct horse battery staple";

	static TestServer server;

	static WebClient alice;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		alice = server.client();
		alice.signUp("alice", PASSWORD);
		alice.login("alice", PASSWORD);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void newVersion_ifMatchTheCurrentETag_isStored() {
		HttpResponse<String> created = putByName("match.txt", "one", null, null);
		String id = idOf(created);
		HttpResponse<String> updated = putVersion(id, "two", etagOf(id), null);
		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
		assertThat(updated.body()).contains("\"currentVersion\":2");
		assertThat(download(id)).isEqualTo("two");
	}

	@Test
	void newVersion_ifMatchAnOlderETag_is412_andStoresNothing() throws IOException {
		String id = idOf(putByName("stale.txt", "one", null, null));
		String first = etagOf(id);
		assertThat(putVersion(id, "two", null, null).statusCode()).isEqualTo(200);
		String current = etagOf(id);
		long stored = storedObjects();

		HttpResponse<String> refused = putVersion(id, "three", first, null);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(412);
		assertThat(refused.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(refused.body()).contains("\"status\":412")
			.contains("changed since")
			.contains("\"etag\":\"" + current.replace("\"", "\\\"") + "\"");
		assertThat(versions(id)).isEqualTo(2);
		assertThat(download(id)).isEqualTo("two");
		assertThat(storedObjects()).isEqualTo(stored);
	}

	@Test
	void newVersion_ifMatchAWeakETag_is412() {
		String id = idOf(putByName("weak.txt", "one", null, null));
		HttpResponse<String> refused = putVersion(id, "two", "W/" + etagOf(id), null);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(412);
		assertThat(versions(id)).isEqualTo(1);
	}

	@Test
	void uploadByName_ifNoneMatchStar_createsANewName_andRefusesAnExistingOne() {
		HttpResponse<String> created = putByName("only-new.txt", "one", null, "*");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String id = idOf(created);

		HttpResponse<String> refused = putByName("only-new.txt", "two", null, "*");
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(412);
		assertThat(refused.body()).contains("exists already");
		assertThat(versions(id)).isEqualTo(1);
		assertThat(download(id)).isEqualTo("one");

		HttpResponse<String> byPath = alice.send(alice.apiRequest("/api/v1/paths/only-new.txt")
			.header("Content-Type", "application/octet-stream")
			.header("If-None-Match", "*")
			.PUT(BodyPublishers.ofString("three"))
			.build());
		assertThat(byPath.statusCode()).as(byPath.body()).isEqualTo(412);
		assertThat(versions(id)).isEqualTo(1);
	}

	@Test
	void uploadByName_ifMatch_addsAVersionOnlyOverThatVersion() {
		String id = idOf(putByName("by-name.txt", "one", null, null));
		String etag = etagOf(id);
		assertThat(putByName("by-name.txt", "two", etag, null).statusCode()).isEqualTo(200);
		assertThat(putByName("by-name.txt", "three", etag, null).statusCode()).isEqualTo(412);
		assertThat(putByName("no-such-name.txt", "one", etag, null).statusCode()).isEqualTo(412);
		assertThat(alice.send(alice.apiRequest("/api/v1/files/names").GET().build()).body())
			.doesNotContain("no-such-name.txt");
		assertThat(versions(id)).isEqualTo(2);
	}

	@Test
	void renameAndDelete_ifMatchAnOlderETag_are412_andChangeNothing() {
		String id = idOf(putByName("keep.txt", "one", null, null));
		String first = etagOf(id);
		putVersion(id, "two", null, null);

		HttpResponse<String> rename = alice.send(alice.apiRequest("/api/v1/files/" + id)
			.header("Content-Type", "application/json")
			.header("If-Match", first)
			.method("PATCH", BodyPublishers.ofString("{\"name\":\"renamed.txt\"}"))
			.build());
		assertThat(rename.statusCode()).as(rename.body()).isEqualTo(412);
		HttpResponse<String> delete = alice
			.send(alice.apiRequest("/api/v1/files/" + id).header("If-Match", first).DELETE().build());
		assertThat(delete.statusCode()).as(delete.body()).isEqualTo(412);
		assertThat(alice.send(alice.apiRequest("/api/v1/files/" + id).GET().build()).body())
			.contains("\"name\":\"keep.txt\"");

		assertThat(alice.send(alice.apiRequest("/api/v1/files/" + id).header("If-Match", etagOf(id)).DELETE().build())
			.statusCode()).isEqualTo(204);
	}

	/**
	 * Both requests pass the check made before their bodies are read (the bodies wait
	 * until both were sent); the check under the owner's lock lets only the first one
	 * through, and the second one's stored content is removed.
	 */
	@Test
	void twoNewVersions_ifMatchTheSameETag_exactlyOneWins() throws Exception {
		String id = idOf(putByName("race.txt", "one", null, null));
		String etag = etagOf(id);
		long stored = storedObjects();
		CountDownLatch bothSending = new CountDownLatch(2);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		List<CompletableFuture<HttpResponse<String>>> racing = Stream.of("left", "right").map((content) -> {
			WebClient client = server.client(); // a connection of its own
			alice.copyCookiesTo(client);
			HttpRequest request = client.apiRequest("/api/v1/files/" + id + "/content")
				.header("Content-Type", "application/octet-stream")
				.header("If-Match", etag)
				.PUT(BodyPublishers.ofInputStream(() -> heldBack(content, bothSending)))
				.build();
			return CompletableFuture.supplyAsync(() -> client.send(request), threads);
		}).toList();
		List<Integer> statuses = racing.stream().map((answer) -> answer.join().statusCode()).sorted().toList();
		threads.shutdown();

		assertThat(statuses).containsExactly(200, 412);
		assertThat(versions(id)).isEqualTo(2);
		assertThat(download(id)).isIn("left", "right");
		assertThat(storedObjects()).isEqualTo(stored + 1);
	}

	/**
	 * A body whose first byte comes at once and the rest only once both racing requests
	 * are sending, and a moment later: by then the server has checked both requests'
	 * conditions before reading their bodies.
	 */
	private static InputStream heldBack(String content, CountDownLatch bothSending) {
		InputStream rest = new InputStream() {

			private InputStream bytes;

			@Override
			public int read() throws IOException {
				if (this.bytes == null) {
					bothSending.countDown();
					try {
						assertThat(bothSending.await(30, TimeUnit.SECONDS)).isTrue();
						Thread.sleep(1000);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						throw new IOException(ex);
					}
					this.bytes = new ByteArrayInputStream(content.substring(1).getBytes(StandardCharsets.UTF_8));
				}
				return this.bytes.read();
			}

		};
		return new SequenceInputStream(
				new ByteArrayInputStream(content.substring(0, 1).getBytes(StandardCharsets.UTF_8)), rest);
	}

	private static HttpResponse<String> putByName(String name, String content, String ifMatch, String ifNoneMatch) {
		return alice
			.send(conditional(alice.apiRequest("/api/v1/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)),
					ifMatch, ifNoneMatch)
				.header("Content-Type", "application/octet-stream")
				.PUT(BodyPublishers.ofString(content))
				.build());
	}

	private static HttpResponse<String> putVersion(String id, String content, String ifMatch, String ifNoneMatch) {
		return alice.send(conditional(alice.apiRequest("/api/v1/files/" + id + "/content"), ifMatch, ifNoneMatch)
			.header("Content-Type", "application/octet-stream")
			.PUT(BodyPublishers.ofString(content))
			.build());
	}

	private static HttpRequest.Builder conditional(HttpRequest.Builder request, String ifMatch, String ifNoneMatch) {
		if (ifMatch != null) {
			request.header("If-Match", ifMatch);
		}
		if (ifNoneMatch != null) {
			request.header("If-None-Match", ifNoneMatch);
		}
		return request;
	}

	/** The ETag a download of the file's current version carries. */
	private static String etagOf(String id) {
		HttpResponse<String> download = alice.send(alice.apiRequest("/api/v1/files/" + id + "/content").GET().build());
		assertThat(download.statusCode()).isEqualTo(200);
		return download.headers().firstValue("ETag").orElseThrow();
	}

	private static String download(String id) {
		return alice.send(alice.apiRequest("/api/v1/files/" + id + "/content").GET().build()).body();
	}

	private static int versions(String id) {
		String body = alice.send(alice.apiRequest("/api/v1/files/" + id + "/versions").GET().build()).body();
		return (int) Pattern.compile("\"number\":").matcher(body).results().count();
	}

	private static long storedObjects() throws IOException {
		try (Stream<Path> files = Files.walk(server.dataDir().resolve("blobs"))) {
			return files.filter(Files::isRegularFile).count();
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
	}

	private static String idOf(HttpResponse<String> response) {
		Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(response.body());
		assertThat(id.find()).as(response.body()).isTrue();
		return id.group(1);
	}

}
