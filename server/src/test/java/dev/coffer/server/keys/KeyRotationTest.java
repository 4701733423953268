package dev.coffer.server.keys;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.coffer.crypto.MasterKeyInfo;
import dev.coffer.crypto.WrappedDataKey;
import dev.coffer.server.support.ChildJvm;
import dev.coffer.server.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Master key rotation while the server is busy: {@code keys rotate} runs as a separate
 * process (as an operator runs it) while clients upload and download over HTTPS.
 */
class KeyRotationTest {

	/**
	 * The command process must wait as long as the server reloads (see KeysProperties).
	 */
	static final Map<String, String> FAST_RELOAD = Map.of("COFFER_KEYS_RELOAD_INTERVAL", "300ms");

	static final int LOOP_THREADS = 3;

	static TestServer server;

	static FileTraffic traffic;

	@BeforeAll
	static void start() {
		server = TestServer.start("coffer.keys.reload-interval=300ms", "coffer.keys.rewrap-interval=300ms",
				"coffer.keys.rewrap-batch-size=7", "coffer.keys.rewrap-batch-pause=20ms");
		traffic = new FileTraffic(FileTraffic.signedUp(server, "admin"));
		Random random = new Random(1);
		for (int i = 0; i < 40; i++) {
			assertThat(traffic.upload("before-" + i + ".bin", 1 + random.nextInt(100_000), random)).isEqualTo(201);
		}
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@Test
	@Timeout(120)
	void rotate_duringUploadsAndDownloads_failsNoRequest_rewrapsEveryDataKey_andThenTheOldKeyRetires()
			throws Exception {
		MasterKeyRotation rotation = server.bean(MasterKeyRotation.class);
		int oldKey = server.bean(MasterKeys.class).ring().primaryKeyId();
		List<String> failures = new CopyOnWriteArrayList<>();
		AtomicBoolean stop = new AtomicBoolean();
		AtomicInteger requests = new AtomicInteger();
		ExecutorService loop = Executors.newFixedThreadPool(LOOP_THREADS);
		List<Future<?>> loopers = new ArrayList<>();
		for (int t = 0; t < LOOP_THREADS; t++) {
			int thread = t;
			loopers.add(loop.submit(() -> {
				Random random = new Random(100 + thread);
				for (int i = 0; !stop.get(); i++) {
					String name = "during-" + thread + "-" + i + ".bin";
					int status = traffic.upload(name, 1 + random.nextInt(200_000), random);
					if (status != 201) {
						failures.add(name + ": upload HTTP " + status);
					}
					List<String> names = List.copyOf(traffic.sha256ByName.keySet());
					String failure = traffic.checkDownload(names.get(random.nextInt(names.size())));
					if (failure != null) {
						failures.add(failure);
					}
					requests.addAndGet(2);
				}
				return null;
			}));
		}
		try {
			Thread.sleep(1000);
			ChildJvm.Result rotate = ChildJvm.runWithEnvironment(server.dataDir(), FAST_RELOAD, null, "keys", "rotate");
			assertThat(rotate.exitCode()).as(rotate.stderr()).isZero();
			assertThat(rotate.stderr()).contains("is now the primary");
			int newKey = server.bean(MasterKeys.class).reloadIfChanged().primaryKeyId();
			assertThat(newKey).isNotEqualTo(oldKey);
			Rewraps.awaitComplete(rotation, Duration.ofSeconds(30));
			// Keep the traffic going a little after the re-wrap, on the new key.
			Thread.sleep(1000);
		}
		finally {
			stop.set(true);
			for (Future<?> looper : loopers) {
				looper.get();
			}
			loop.shutdown();
		}
		assertThat(failures).isEmpty();
		assertThat(requests.get()).isGreaterThan(20);

		// Uploads that took the old ring just before it changed are re-wrapped by the
		// next run.
		KeyRingStatus status = Rewraps.awaitComplete(rotation, Duration.ofSeconds(30));
		assertThat(status.keys()).filteredOn((key) -> key.keyId() == oldKey)
			.singleElement()
			.satisfies((key) -> assertThat(key.dataKeys()).isZero());
		// The audit log's MAC key is re-wrapped too.
		assertThat(status.auditMacKeys()).isEqualTo(1);
		assertThat(status.dataKeysOnPrimary()).isEqualTo(traffic.sha256ByName.size() + 1);
		assertThat(status.lastRotation().rewrapCompletedAt()).isNotNull();
		assertEveryFileDownloads();

		ChildJvm.Result retire = ChildJvm.run(server.dataDir(), null, "keys", "retire",
				Integer.toUnsignedString(oldKey));
		assertThat(retire.exitCode()).as(retire.stderr()).isZero();
		assertThat(retire.stdout()).contains("Retired master key " + Integer.toUnsignedString(oldKey));
		assertThat(server.bean(MasterKeys.class).reloadIfChanged().keys())
			.contains(new MasterKeyInfo(oldKey, MasterKeyInfo.Status.DISABLED, false));
		assertEveryFileDownloads();
		// The audit MAC key is wrapped by the new primary and unwraps with the ring in
		// which the old key is disabled, so the chain sealed before the rotation still
		// verifies (audit verify unwraps it the same way).
		Map<String, Object> macKey = server.bean(JdbcClient.class)
			.sql("select id, wrapped_key, master_key_id from audit_mac_keys")
			.query()
			.singleRow();
		WrappedDataKey wrapped = new WrappedDataKey(Base64.getDecoder().decode((String) macKey.get("wrapped_key")),
				(int) ((Number) macKey.get("master_key_id")).longValue());
		assertThat(wrapped.masterKeyId()).isEqualTo(status.primaryKeyId());
		assertThat(server.bean(MasterKeys.class).unwrapMacKey(wrapped, "audit-mac:" + macKey.get("id"))).isNotNull();
	}

	private static void assertEveryFileDownloads() {
		List<String> failures = traffic.sha256ByName.keySet()
			.parallelStream()
			.map(traffic::checkDownload)
			.filter((failure) -> failure != null)
			.toList();
		assertThat(failures).isEmpty();
	}

}
