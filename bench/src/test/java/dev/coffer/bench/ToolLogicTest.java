package dev.coffer.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ToolLogicTest {

	@Test
	void parsesOptions() {
		BenchOptions options = BenchOptions.parse("--server-jar", "x.jar", "--large-size=2GiB", "--clients", "8",
				"--duration", "500ms", "--memory-sizes", "1GiB,4GiB", "--protocols", "http", "--skip-memory",
				"--server-jvm-arg", "-XX:+UseZGC");
		assertThat(options.serverJar.toString()).isEqualTo("x.jar");
		assertThat(options.largeSize).isEqualTo(2L << 30);
		assertThat(options.diskSize).isEqualTo(2L << 30);
		assertThat(options.clients).isEqualTo(8);
		assertThat(options.duration).isEqualTo(Duration.ofMillis(500));
		assertThat(options.memorySizes).containsExactly(1L << 30, 4L << 30);
		assertThat(options.protocols).containsExactly("http");
		assertThat(options.skipMemory).isTrue();
		assertThat(options.serverJvmArgs).containsExactly("-XX:+UseZGC");
	}

	@Test
	void parsesStartupMode_andSummarisesMedianAndRange() {
		assertThat(BenchOptions.parse("--startup", "--repeat", "3").startup).isTrue();
		assertThat(BenchOptions.parse().startup).isFalse();
		assertThat(StartupBench.summary(List.of(3.0, 1.25, 2.0))).isEqualTo("2.0 (1.3–3.0)");
		assertThat(StartupBench.summary(List.of())).isEqualTo("–");
	}

	@Test
	void startupReport_hasARowPerMeasurement_andAColumnPerLaunch() {
		StartupBench bench = new StartupBench(BenchOptions.parse("--repeat", "2"), Path.of("x.jar"), System.err);
		StartupBench.Launch plain = new StartupBench.Launch("plain", Path.of("x.jar"), List.of(), List.of());
		StartupBench.Launch cached = new StartupBench.Launch("cached", Path.of("y.jar"), List.of("-XX:AOTCache=a"),
				List.of());
		Map<String, Map<StartupBench.Launch, List<Double>>> seconds = new LinkedHashMap<>();
		seconds.put("cold start", new LinkedHashMap<>(Map.of(plain, List.of(4.0, 2.0), cached, List.of(1.0, 3.0))));
		seconds.put("`user list`", new LinkedHashMap<>(Map.of(plain, List.of(5.0))));
		String report = bench.report(new Machine(2, "cpu", "", 1024, "jdk", "os", "today", "ext4"), "1.0",
				List.of(plain, cached), seconds);
		assertThat(report).contains("| | plain | cached |")
			.contains("| cold start | 4.0 (2.0–4.0) | 3.0 (1.0–3.0) |")
			.contains("| `user list` | 5.0 (5.0–5.0) | – |");
	}

	@Test
	void rejectsBadOptions() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--nope", "1"));
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--clients"));
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--protocols", "ftp"));
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--clients", "0"));
	}

	@Test
	void parsesClusterOptions() {
		BenchOptions options = BenchOptions.parse("--nodes", "1,2", "--database-url",
				"jdbc:postgresql://db:5432/coffer", "--database-user", "coffer", "--database-password", "pw",
				"--s3-endpoint", "http://s3:9000", "--s3-bucket", "blobs", "--s3-access-key", "ak", "--s3-secret-key",
				"sk");
		assertThat(options.cluster()).isTrue();
		assertThat(options.nodes).containsExactly(1, 2);
		assertThat(options.databaseUrl).isEqualTo("jdbc:postgresql://db:5432/coffer");
		assertThat(options.databaseUser).isEqualTo("coffer");
		assertThat(options.databasePassword).isEqualTo("pw");
		assertThat(options.s3Endpoint).isEqualTo("http://s3:9000");
		assertThat(options.s3Bucket).isEqualTo("blobs");
		assertThat(options.s3AccessKey).isEqualTo("ak");
		assertThat(options.s3SecretKey).isEqualTo("sk");
		assertThat(BenchOptions.parse("--cluster=2").nodes).containsExactly(2);
		assertThat(BenchOptions.parse().cluster()).isFalse();
	}

	@Test
	void rejectsBadClusterOptions() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--cluster", "0"));
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--nodes", "1,9"));
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--nodes", "1,two"));
		// Settings of the shared services without the cluster mode, or half of them.
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchOptions.parse("--database-url", "jdbc:postgresql://db/coffer"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchOptions.parse("--cluster", "1", "--database-url", "jdbc:mariadb://db/coffer"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchOptions.parse("--cluster", "1", "--database-user", "coffer"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchOptions.parse("--cluster", "1", "--s3-access-key", "ak"));
	}

	@Test
	void settingsBecomeSpringBootEnvironmentVariables() {
		assertThat(ServerProcess.environmentName("spring.datasource.password")).isEqualTo("SPRING_DATASOURCE_PASSWORD");
		assertThat(ServerProcess.environmentName("coffer.storage.s3.secret-key"))
			.isEqualTo("COFFER_STORAGE_S3_SECRETKEY");
		assertThat(ServerProcess.environmentName("coffer.storage.s3.path-style-access"))
			.isEqualTo("COFFER_STORAGE_S3_PATHSTYLEACCESS");
	}

	@Test
	void clientsAreSpreadOverTheNodesRoundRobin() {
		List<String> nodes = List.of("a", "b");
		int[] perNode = new int[2];
		for (int client = 0; client < 32; client++) {
			perNode[nodes.indexOf(LoadTest.forClient(nodes, client))]++;
		}
		assertThat(perNode).containsExactly(16, 16);
		assertThat(LoadTest.forClient(nodes, 0)).isEqualTo("a");
		assertThat(LoadTest.forClient(nodes, 1)).isEqualTo("b");
		assertThat(LoadTest.forClient(nodes, 2)).isEqualTo("a");
		assertThat(LoadTest.forClient(List.of("only"), 5)).isEqualTo("only");
		// Three nodes, 32 clients: shares differ by at most one.
		List<String> three = List.of("a", "b", "c");
		int[] perThree = new int[3];
		for (int client = 0; client < 32; client++) {
			perThree[three.indexOf(LoadTest.forClient(three, client))]++;
		}
		assertThat(perThree).containsExactly(11, 11, 10);
	}

	@Test
	void parsesSizesAndDurations() {
		assertThat(BenchOptions.parseSize("64KiB")).isEqualTo(65536);
		assertThat(BenchOptions.parseSize("1g")).isEqualTo(1L << 30);
		assertThat(BenchOptions.parseSize("4 GiB")).isEqualTo(4L << 30);
		assertThat(BenchOptions.parseSize("1000")).isEqualTo(1000);
		assertThat(BenchOptions.parseDuration("20s")).isEqualTo(Duration.ofSeconds(20));
		assertThat(BenchOptions.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void generatedContentIsDeterministicAndItsHashIsRight() throws Exception {
		GeneratedContent content = new GeneratedContent((3L << 20) + 5, 99);
		ByteArrayOutputStream first = new ByteArrayOutputStream();
		content.writeTo(first);
		ByteArrayOutputStream second = new ByteArrayOutputStream();
		new GeneratedContent((3L << 20) + 5, 99).writeTo(second);
		byte[] bytes = first.toByteArray();
		assertThat(bytes).hasSize((3 << 20) + 5).isEqualTo(second.toByteArray());
		// Blocks differ from each other.
		assertThat(java.util.Arrays.equals(bytes, 0, 1 << 20, bytes, 1 << 20, 2 << 20)).isFalse();
		String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		assertThat(content.sha256()).isEqualTo(expected);
	}

	@Test
	void readsProcStatusAndStat() {
		String status = "Name:\tjava\nVmPeak:\t 9000 kB\nVmHWM:\t  345678 kB\nVmRSS:\t  234567 kB\nThreads:\t40\n";
		ProcFs.Memory memory = ProcFs.parseStatus(status);
		assertThat(memory.rssKiB()).isEqualTo(234567);
		assertThat(memory.hwmKiB()).isEqualTo(345678);
		// utime 250 and stime 50 ticks (fields 14, 15); a command name with spaces and
		// ')'.
		String stat = "1234 (Web (x) worker) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 40 0 123 456 789";
		assertThat(ProcFs.cpuNanosOfStat(stat)).isEqualTo(3_000_000_000L);
		// With the reaped children's 100 + 20 ticks (fields 16, 17: 0 above).
		String parent = "1234 (postgres) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 100 20 20 0 40 0 123 456 789";
		assertThat(ProcFs.cpuNanosWithChildrenOfStat(parent)).isEqualTo(4_200_000_000L);
	}

	@Test
	void busiestThreadsComeFirst() {
		var busiest = ProcFs.busiest(Map.of("a", 10L, "b", 0L), Map.of("a", 15L, "b", 100L, "c", 1L), 2);
		assertThat(busiest).extracting(Map.Entry::getKey).containsExactly("b", "a");
	}

	@Test
	void readsJsonFields() throws IOException {
		String json = "{\"id\":\"f-1\",\"name\":\"x\",\"size\":1073741824,\"sha256\":\"ab12\",\"currentVersion\":1}";
		assertThat(CofferApi.jsonString(json, "id")).isEqualTo("f-1");
		assertThat(CofferApi.jsonString(json, "sha256")).isEqualTo("ab12");
		assertThat(CofferApi.jsonLong(json, "size")).isEqualTo(1L << 30);
	}

	@Test
	void findsTheTokenAmongLogLines() {
		var result = new ServerProcess.CommandResult(0, """
				2026-11-23T08:08:49Z  INFO 1 --- [main] Starting...
				coffer_pat_bpndQ16OcrqSOwAyvNYr4F4zwOnTl1vXMz8KDmh6Mzg
				2026-11-23T08:08:50Z  INFO 1 --- [main] HikariPool-1 - Shutdown completed.
				""", "");
		assertThat(result.lastLineMatching(CofferBench.TOKEN_PATTERN))
			.isEqualTo("coffer_pat_bpndQ16OcrqSOwAyvNYr4F4zwOnTl1vXMz8KDmh6Mzg");
		assertThat(new ServerProcess.CommandResult(0, "nothing\n", "").lastLineMatching(CofferBench.TOKEN_PATTERN))
			.isNull();
	}

	@Test
	void mediansAndSizes() {
		assertThat(CofferBench.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
		assertThat(CofferBench.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
		assertThat(CofferBench.bytes(1L << 30)).isEqualTo("1 GiB");
		assertThat(CofferBench.bytes(64 << 10)).isEqualTo("64 KiB");
	}

}
