package dev.coffer.server.files;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import javax.imageio.ImageIO;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.server.audit.AuditFilter;
import dev.coffer.server.audit.AuditLog;
import dev.coffer.server.keys.MasterKeyRotation;
import dev.coffer.server.keys.MasterKeys;
import dev.coffer.server.keys.Rewraps;
import dev.coffer.server.storage.ObjectKeys;
import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thumbnails: scaled to fit 256 pixels, stored encrypted, refused for decompression
 * bombs, behind the one access policy, shredded with their versions, kept by the orphan
 * sweeper and re-wrapped by key rotation, and shown in folder listings.
 */
class ThumbnailTest {

	private static final byte[] PNG_MAGIC = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

	static TestServer server;

	static WebClient alice;

	static WebClient bob;

	static JdbcClient db;

	@BeforeAll
	static void start() {
		server = TestServer.start("coffer.files.trash-retention=0", "coffer.files.orphan-grace-period=1s",
				"coffer.keys.reload-interval=300ms", "coffer.keys.rewrap-interval=300ms");
		alice = server.signedUp("alice", FileFixtures.PASSWORD);
		bob = server.signedUp("bob", FileFixtures.PASSWORD);
		db = server.bean(JdbcClient.class);
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	void png_andJpeg_getThumbnailsThatFit256_sentLikePreviews() throws Exception {
		String png = FileFixtures.upload(alice, "wide.png", image(1000, 500, true, "png"));
		String jpeg = FileFixtures.upload(alice, "tall.jpg", image(600, 900, false, "jpeg"));

		HttpResponse<byte[]> pngThumbnail = thumbnail(alice, "/api/v1/files/" + png + "/thumbnail");
		HttpResponse<byte[]> jpegThumbnail = thumbnail(alice, "/files/" + jpeg + "/thumbnail");

		assertThat(pngThumbnail.statusCode()).isEqualTo(200);
		assertThat(pngThumbnail.headers().firstValue("Content-Type")).hasValue("image/png");
		assertSize(pngThumbnail.body(), 256, 128);
		assertThat(jpegThumbnail.statusCode()).isEqualTo(200);
		assertThat(jpegThumbnail.headers().firstValue("Content-Type")).hasValue("image/jpeg");
		assertSize(jpegThumbnail.body(), 171, 256);
		for (HttpResponse<byte[]> response : List.of(pngThumbnail, jpegThumbnail)) {
			assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("sandbox");
			assertThat(response.headers().firstValue("Cache-Control")).hasValue("private, no-cache");
			assertThat(response.headers().firstValue("ETag")).isPresent();
		}
		assertThat(db
			.sql("select width, height from version_thumbnails t join files f "
					+ "on f.current_version_id = t.version_id where f.id = ?")
			.param(jpeg)
			.query()
			.singleRow()).containsValues(171, 256);
	}

	@Test
	void gif_getsAThumbnailToo() {
		String gif = FileFixtures.upload(alice, "animation.gif", image(300, 600, false, "gif"));

		HttpResponse<byte[]> thumbnail = thumbnail(alice, "/api/v1/files/" + gif + "/thumbnail");

		assertThat(thumbnail.statusCode()).isEqualTo(200);
		assertSize(thumbnail.body(), 128, 256);
	}

	@Test
	void thumbnailOfANamedVersion_isCachedPrivately_andRevalidatesWith304() {
		String id = FileFixtures.upload(alice, "cached.png", image(40, 30, true, "png"));

		HttpResponse<byte[]> first = thumbnail(alice, "/files/" + id + "/thumbnail?version=1");
		String etag = first.headers().firstValue("ETag").orElseThrow();
		HttpResponse<byte[]> again = alice.sendForBytes(
				alice.request("/files/" + id + "/thumbnail?version=1").header("If-None-Match", etag).GET().build());

		assertThat(first.statusCode()).isEqualTo(200);
		assertSize(first.body(), 40, 30);
		assertThat(first.headers().firstValue("Cache-Control").orElseThrow()).startsWith("private, max-age=");
		assertThat(again.statusCode()).isEqualTo(304);
		assertThat(thumbnail(bob, "/files/" + id + "/thumbnail?version=1").statusCode()).isEqualTo(404);
	}

	@Test
	void storedThumbnails_areEncrypted_noImageBytesOnDisk() throws Exception {
		String id = FileFixtures.upload(alice, "secret.png", image(800, 800, true, "png"));
		String jpeg = FileFixtures.upload(alice, "secret.jpg", image(800, 800, false, "jpeg"));
		assertThat(thumbnail(alice, "/files/" + id + "/thumbnail").statusCode()).isEqualTo(200);
		assertThat(thumbnail(alice, "/files/" + jpeg + "/thumbnail").statusCode()).isEqualTo(200);
		assertThat(storedObject(thumbnailBlob(id))).exists();
		assertThat(storedObject(thumbnailBlob(jpeg))).exists();

		try (Stream<Path> files = Files.walk(server.dataDir().resolve("blobs"))) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				byte[] bytes = Files.readAllBytes(file);
				assertThat(indexOf(bytes, PNG_MAGIC)).as(file.toString()).isNegative();
				assertThat(indexOf(bytes, "IHDR".getBytes(StandardCharsets.US_ASCII))).as(file.toString()).isNegative();
				assertThat(indexOf(bytes, "JFIF\0".getBytes(StandardCharsets.US_ASCII))).as(file.toString())
					.isNegative();
			}
		}
	}

	@Test
	@Timeout(30)
	void decompressionBomb_getsNoThumbnail_andTheServerStaysHealthy() {
		String bomb = FileFixtures.upload(alice, "bomb.png", pngClaiming(100_000, 100_000));
		String webp = FileFixtures.upload(alice, "picture.webp",
				"RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII));
		String text = FileFixtures.upload(alice, "notes.txt", "just text".getBytes(StandardCharsets.UTF_8));

		for (String id : List.of(bomb, webp, text)) {
			HttpResponse<byte[]> response = thumbnail(alice, "/api/v1/files/" + id + "/thumbnail");
			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(response.headers().firstValue("Content-Type").orElseThrow()).contains("json");
		}
		assertThat(thumbnail(alice, "/api/v1/files/" + bomb + "/thumbnail").statusCode()).isEqualTo(404);
		// Recorded as having none, so the header is not read again and again.
		assertThat(db
			.sql("select count(*) from version_thumbnails t join files f "
					+ "on f.current_version_id = t.version_id where f.id = ? and t.blob_id is null")
			.param(bomb)
			.query(Long.class)
			.single()).isEqualTo(1);
		String after = FileFixtures.upload(alice, "after the bomb.png", image(300, 300, false, "png"));
		assertThat(thumbnail(alice, "/files/" + after + "/thumbnail").statusCode()).isEqualTo(200);
	}

	@Test
	void tamperedImage_getsNoThumbnail_isAudited_andIsNotRecordedAsHavingNone() throws Exception {
		String id = FileFixtures.upload(alice, "tampered.png", image(700, 700, false, "png"));
		FileFixtures.flipABitOfStoredContent(server, id);

		assertThat(thumbnail(alice, "/api/v1/files/" + id + "/thumbnail").statusCode()).isNotEqualTo(200);

		assertThat(db
			.sql("select count(*) from version_thumbnails t join files f "
					+ "on f.current_version_id = t.version_id where f.id = ?")
			.param(id)
			.query(Long.class)
			.single()).isZero();
		assertThat(server.bean(AuditLog.class).find(new AuditFilter(null, "blob.integrity_failure", null, null), 1000))
			.anySatisfy((entry) -> assertThat(entry.target()).isEqualTo("file:" + id));
	}

	@Test
	void someoneElsesThumbnail_is404_untilItIsSharedWithThem() {
		String id = FileFixtures.upload(bob, "bob.png", image(500, 100, false, "png"));
		assertThat(thumbnail(alice, "/api/v1/files/" + id + "/thumbnail").statusCode()).isEqualTo(404);
		assertThat(thumbnail(alice, "/files/" + id + "/thumbnail").statusCode()).isEqualTo(404);

		FileFixtures.share(bob, id, "alice");

		HttpResponse<byte[]> shared = thumbnail(alice, "/api/v1/files/" + id + "/thumbnail");
		assertThat(shared.statusCode()).isEqualTo(200);
		assertSize(shared.body(), 256, 51);
	}

	@Test
	void deletingAFile_orAVersion_deletesItsThumbnailRowAndBlob() throws Exception {
		String id = FileFixtures.upload(alice, "to delete.png", image(300, 200, false, "png"));
		assertThat(thumbnail(alice, "/files/" + id + "/thumbnail").statusCode()).isEqualTo(200);
		String first = thumbnailBlob(id);
		FileFixtures.upload(alice, "to delete.png", image(200, 300, false, "png"));
		assertThat(thumbnail(alice, "/files/" + id + "/thumbnail").statusCode()).isEqualTo(200);
		String second = thumbnailBlob(id);

		assertThat(alice.send(alice.apiRequest("/api/v1/files/" + id + "/versions/1").DELETE().build()).statusCode())
			.isEqualTo(204);
		assertThat(thumbnailRows(first)).isZero();
		assertThat(storedObject(first)).doesNotExist();
		assertThat(storedObject(second)).exists();

		assertThat(alice.send(alice.apiRequest("/api/v1/files/" + id).DELETE().build()).statusCode()).isIn(200, 204);
		assertThat(thumbnailRows(second)).isZero();
		assertThat(storedObject(second)).doesNotExist();
	}

	@Test
	void theOrphanSweeper_keepsThumbnails() throws Exception {
		String id = FileFixtures.upload(alice, "kept.png", image(64, 64, true, "png"));
		assertThat(thumbnail(alice, "/files/" + id + "/thumbnail").statusCode()).isEqualTo(200);
		Thread.sleep(1100);

		server.bean(OrphanSweeper.class).sweep();

		assertThat(storedObject(thumbnailBlob(id))).exists();
		assertThat(thumbnail(alice, "/files/" + id + "/thumbnail?version=1").statusCode()).isEqualTo(200);
	}

	@Test
	@Timeout(60)
	void keyRotation_rewrapsThumbnailKeys() throws Exception {
		String id = FileFixtures.upload(alice, "rotated.jpg", image(400, 300, false, "jpeg"));
		assertThat(thumbnail(alice, "/files/" + id + "/thumbnail").statusCode()).isEqualTo(200);
		String blob = thumbnailBlob(id);
		long before = kekOf(blob);

		MasterKeyRotation rotation = server.bean(MasterKeyRotation.class);
		rotation.rotate("test", (progress) -> {
		});
		Rewraps.awaitComplete(rotation, Duration.ofSeconds(30));

		int primary = server.bean(MasterKeys.class).reloadIfChanged().primaryKeyId();
		assertThat(kekOf(blob)).isNotEqualTo(before).isEqualTo(Integer.toUnsignedLong(primary));
		HttpResponse<byte[]> after = thumbnail(alice, "/api/v1/files/" + id + "/thumbnail");
		assertThat(after.statusCode()).isEqualTo(200);
		assertSize(after.body(), 256, 192);
	}

	@Test
	void folderListing_showsAThumbnailForImages_only() {
		String image = FileFixtures.upload(alice, "listed.png", image(120, 80, false, "png"));
		String other = FileFixtures.upload(alice, "listed.txt", "text".getBytes(StandardCharsets.UTF_8));

		Document page = WebClient.html(alice.get("/files"));

		Element thumbnail = page.selectFirst("tr[data-file-id=" + image + "] img.thumbnail");
		assertThat(thumbnail).isNotNull();
		assertThat(thumbnail.attr("src")).isEqualTo("/files/" + image + "/thumbnail?version=1");
		assertThat(thumbnail.attr("loading")).isEqualTo("lazy");
		assertThat(thumbnail.attr("alt")).isEmpty();
		assertThat(thumbnail.hasAttr("alt")).isTrue();
		assertThat(thumbnail.attr("width")).isNotEmpty();
		assertThat(page.select("tr[data-file-id=" + other + "] img")).isEmpty();
		assertThat(thumbnail(alice, thumbnail.attr("src")).statusCode()).isEqualTo(200);
	}

	private static HttpResponse<byte[]> thumbnail(WebClient client, String path) {
		return client.sendForBytes(client.request(path).GET().build());
	}

	private static void assertSize(byte[] image, int width, int height) {
		try {
			BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image));
			assertThat(decoded.getWidth()).isEqualTo(width);
			assertThat(decoded.getHeight()).isEqualTo(height);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String thumbnailBlob(String fileId) {
		return db
			.sql("select t.blob_id from version_thumbnails t join files f on f.current_version_id = t.version_id "
					+ "where f.id = ?")
			.param(fileId)
			.query(String.class)
			.single();
	}

	private static long thumbnailRows(String blobId) {
		return db.sql("select count(*) from version_thumbnails where blob_id = ?")
			.param(blobId)
			.query(Long.class)
			.single();
	}

	private static long kekOf(String blobId) {
		return db.sql("select kek_id from version_thumbnails where blob_id = ?")
			.param(blobId)
			.query(Long.class)
			.single();
	}

	private static Path storedObject(String blobId) throws IOException {
		String name = ObjectKeys.of(blobId, 0);
		Path blobs = server.dataDir().resolve("blobs");
		try (Stream<Path> files = Files.walk(blobs)) {
			return files.filter((file) -> file.getFileName().toString().equals(name))
				.findFirst()
				.orElse(blobs.resolve("absent-" + name));
		}
	}

	/** An image with some detail, so that JPEG and PNG encoders have work to do. */
	static byte[] image(int width, int height, boolean alpha, String format) {
		BufferedImage image = new BufferedImage(width, height,
				alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				image.setRGB(x, y,
						(alpha ? 0x80000000 : 0xFF000000) | ((x * 255 / width) << 16) | ((y * 255 / height) << 8));
			}
		}
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			assertThat(ImageIO.write(image, format, out)).isTrue();
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A small PNG whose header claims {@code width} × {@code height} pixels (a
	 * decompression bomb: decoding it would need gigabytes).
	 */
	static byte[] pngClaiming(int width, int height) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(PNG_MAGIC);
		byte[] header = new byte[13];
		putInt(header, 0, width);
		putInt(header, 4, height);
		header[8] = 8; // bit depth
		header[9] = 2; // RGB
		chunk(out, "IHDR", header);
		Deflater deflater = new Deflater();
		deflater.setInput(new byte[64 * 1024]);
		deflater.finish();
		byte[] compressed = new byte[1024];
		int length = deflater.deflate(compressed);
		chunk(out, "IDAT", java.util.Arrays.copyOf(compressed, length));
		chunk(out, "IEND", new byte[0]);
		return out.toByteArray();
	}

	private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
		byte[] length = new byte[4];
		putInt(length, 0, data.length);
		out.writeBytes(length);
		byte[] typeAndData = new byte[4 + data.length];
		System.arraycopy(type.getBytes(StandardCharsets.US_ASCII), 0, typeAndData, 0, 4);
		System.arraycopy(data, 0, typeAndData, 4, data.length);
		out.writeBytes(typeAndData);
		CRC32 crc = new CRC32();
		crc.update(typeAndData);
		byte[] crcBytes = new byte[4];
		putInt(crcBytes, 0, (int) crc.getValue());
		out.writeBytes(crcBytes);
	}

	private static void putInt(byte[] bytes, int at, int value) {
		bytes[at] = (byte) (value >>> 24);
		bytes[at + 1] = (byte) (value >>> 16);
		bytes[at + 2] = (byte) (value >>> 8);
		bytes[at + 3] = (byte) value;
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
