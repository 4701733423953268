package dev.coffer.server.files;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.coffer.server.support.ChildServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ZIP larger than 4 GiB from a server whose heap is 256 MiB, in a process of its own
 * started as an operator would: one entry over 4 GiB (ZIP64 sizes in its local header)
 * and one that starts beyond 4 GiB (a ZIP64 offset in the central directory). The ZIP is
 * read as it arrives by the JDK's streaming reader, every entry's SHA-256 compared with
 * what was uploaded, and its ZIP64 end records checked; nothing of it is kept on disk.
 */
class LargeZipDownloadTest {

	static final String PASSWORD = "correct horse battery staple";

	static final int MIB = 1024 * 1024;

	static final long FOUR_GIB = 4L * 1024 * MIB;

	@TempDir
	Path temp;

	private ChildServer server;

	@AfterEach
	void stopServer() {
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	@Timeout(value = 20, unit = TimeUnit.MINUTES)
	void zipOver4GiB_fromAServerWith256MiBOfHeap_streamsEveryEntryWhole_withZip64Records() throws Exception {
		Path dataDir = this.temp.resolve("data");
		// C2 as in production (ChildServer defaults to C1 for quick starts): the AES-GCM
		// and SHA-256 intrinsics matter at this size.
		this.server = ChildServer.start(dataDir, this.temp.resolve("server.log"), Duration.ofSeconds(120),
				List.of("-Xmx256m", "-XX:TieredStopAtLevel=4"), "--coffer.files.max-upload-size=5GB",
				"--coffer.files.default-quota=6GB");
		// Signed up over HTTP, as the first user of a new server: no operator command (a
		// JVM and a Spring context each) before the server starts.
		WebClient big = new WebClient(this.server.baseUrl(), dataDir.resolve("tls/certificate.pem"));
		assertThat(big.signUp("big", PASSWORD).statusCode()).isEqualTo(302);
		assertThat(big.login("big", PASSWORD).statusCode()).isEqualTo(302);

		Map<String, Generated> files = new LinkedHashMap<>();
		files.put("huge.bin", new Generated(FOUR_GIB + MIB + 7, 1));
		files.put("after-4-gib.bin", new Generated(3 * MIB + 1, 2));
		Map<String, String> sent = new LinkedHashMap<>();
		StringBuilder ids = new StringBuilder();
		long uploadStarted = System.nanoTime();
		for (var file : files.entrySet()) {
			// Hashed as it is sent: the 4 GiB are generated once, not once more to hash.
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			ids.append(ids.isEmpty() ? "" : ",")
				.append('"')
				.append(upload(big, file.getKey(), file.getValue(), digest))
				.append('"');
			sent.put(file.getKey(), HexFormat.of().formatHex(digest.digest()));
		}
		long uploadNanos = System.nanoTime() - uploadStarted;

		long downloadStarted = System.nanoTime();
		HttpResponse<InputStream> response = big.sendForStream(big.apiRequest("/api/v1/files/zip")
			.timeout(Duration.ofMinutes(15))
			.setHeader("Accept", "application/zip")
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"ids\":[" + ids + "]}"))
			.build());
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, String> received = new LinkedHashMap<>();
		TailKeeping zip = new TailKeeping(response.body(), 64 * 1024);
		try (InputStream body = zip) {
			ZipInputStream entries = new ZipInputStream(body);
			for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
				received.put(entry.getName(), sha256(entries));
			}
			zip.transferTo(OutputStream.nullOutputStream()); // the central directory
		}
		long downloadNanos = System.nanoTime() - downloadStarted;

		assertThat(received).containsExactlyEntriesOf(sent);
		assertZip64End(zip.tail(), zip.count(), files.size());
		assertThat(this.server.isAlive()).isTrue();
		assertThat(this.server.log()).doesNotContain("OutOfMemoryError");
		System.out.printf(
				"LargeZipDownloadTest: uploaded %d MiB in %d s; ZIP of %d MiB streamed in %d s (%d MiB/s);"
						+ " server peak resident memory %s%n",
				totalSize(files) / MIB, TimeUnit.NANOSECONDS.toSeconds(uploadNanos), zip.count() / MIB,
				TimeUnit.NANOSECONDS.toSeconds(downloadNanos),
				zip.count() / MIB * 1_000_000_000L / Math.max(downloadNanos, 1), peakResident(this.server.pid()));
	}

	/**
	 * The end of the ZIP: the classic end record points to ZIP64 records (its fields
	 * saturated), and the ZIP64 end record counts every entry and places the central
	 * directory beyond 4 GiB.
	 */
	private static void assertZip64End(byte[] tail, long total, int entries) {
		ByteBuffer end = ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN);
		int eocd = tail.length - 22;
		assertThat(end.getInt(eocd)).as("end of central directory signature").isEqualTo(0x06054b50);
		assertThat(end.getInt(eocd + 16)).as("32-bit central directory offset").isEqualTo(0xFFFFFFFF);
		int locator = eocd - 20;
		assertThat(end.getInt(locator)).as("ZIP64 locator signature").isEqualTo(0x07064b50);
		long zip64End = end.getLong(locator + 8);
		int record = (int) (zip64End - (total - tail.length));
		assertThat(end.getInt(record)).as("ZIP64 end record signature").isEqualTo(0x06064b50);
		assertThat(end.getLong(record + 32)).as("entries").isEqualTo(entries);
		assertThat(end.getLong(record + 48)).as("central directory offset").isGreaterThan(FOUR_GIB);
	}

	/** Uploads {@code content}, feeding every byte sent to {@code digest}; its id. */
	private static String upload(WebClient client, String name, Generated content, MessageDigest digest) {
		HttpResponse<String> response = client.send(client.apiRequest("/api/v1/files?name=" + name)
			.timeout(Duration.ofMinutes(15))
			.header("Content-Type", "application/octet-stream")
			.PUT(BodyPublishers.fromPublisher(
					BodyPublishers.ofInputStream(() -> new DigestInputStream(content.stream(), digest)),
					content.size()))
			.build());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(response.body());
		assertThat(id.find()).isTrue();
		return id.group(1);
	}

	private static String sha256(InputStream in) throws Exception {
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		byte[] buffer = new byte[MIB];
		for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
			digest.update(buffer, 0, read);
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static long totalSize(Map<String, Generated> files) {
		return files.values().stream().mapToLong(Generated::size).sum();
	}

	/** VmHWM of a Linux process: the most resident memory it has had. */
	private static String peakResident(long pid) {
		try {
			return Files.readAllLines(Path.of("/proc/" + pid + "/status"))
				.stream()
				.filter((line) -> line.startsWith("VmHWM:"))
				.map((line) -> line.substring(6).strip())
				.findFirst()
				.orElse("unknown");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	/**
	 * Content made as it is read, never held whole: one random MiB repeated, each copy
	 * stamped with its position, so moved or repeated blocks change the SHA-256.
	 */
	record Generated(long size, long seed) {

		InputStream stream() {
			byte[] block = new byte[MIB];
			new Random(this.seed).nextBytes(block);
			return new InputStream() {

				private long position;

				@Override
				public int read() throws IOException {
					byte[] one = new byte[1];
					return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xFF;
				}

				@Override
				public int read(byte[] target, int offset, int length) {
					if (this.position == size()) {
						return -1;
					}
					int inBlock = (int) (this.position % MIB);
					int count = (int) Math.min(Math.min(length, MIB - inBlock), size() - this.position);
					if (inBlock == 0) {
						ByteBuffer.wrap(block).putLong(0, this.position);
					}
					System.arraycopy(block, inBlock, target, offset, count);
					this.position += count;
					return count;
				}

			};
		}

	}

	/** Counts what passes and keeps the last bytes of it. */
	static final class TailKeeping extends FilterInputStream {

		private final byte[] ring;

		private long count;

		TailKeeping(InputStream in, int keep) {
			super(in);
			this.ring = new byte[keep];
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xFF;
		}

		@Override
		public int read(byte[] target, int offset, int length) throws IOException {
			int read = this.in.read(target, offset, length);
			if (read > 0) {
				int keep = Math.min(read, this.ring.length);
				int at = (int) ((this.count + read - keep) % this.ring.length);
				int first = Math.min(keep, this.ring.length - at);
				System.arraycopy(target, offset + read - keep, this.ring, at, first);
				System.arraycopy(target, offset + read - keep + first, this.ring, 0, keep - first);
				this.count += read;
			}
			return read;
		}

		long count() {
			return this.count;
		}

		byte[] tail() {
			int length = (int) Math.min(this.count, this.ring.length);
			byte[] tail = new byte[length];
			for (int i = 0; i < length; i++) {
				tail[i] = this.ring[(int) ((this.count - length + i) % this.ring.length)];
			}
			return tail;
		}

	}

}
