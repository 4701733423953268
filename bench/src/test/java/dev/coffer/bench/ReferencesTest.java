package dev.coffer.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The logic around the reference runs (nginx, Coffer's WebDAV, curl, rclone) that needs
 * no server: options, the generated nginx.conf, the command lines, the report.
 */
class ReferencesTest {

	@Test
	void onlyAndSkip_chooseTheParts_inTheirRunOrder() {
		assertThat(BenchOptions.parse().parts).containsExactly("rest", "webdav", "nginx", "curl", "rclone", "memory");
		assertThat(BenchOptions.parse("--only", "webdav,nginx").parts).containsExactly("webdav", "nginx");
		assertThat(BenchOptions.parse("--only=NGINX").parts).containsExactly("nginx");
		assertThat(BenchOptions.parse("--skip", "rclone,memory").parts).containsExactly("rest", "webdav", "nginx",
				"curl");
		assertThat(BenchOptions.parse("--skip-memory").runs("memory")).isFalse();
		assertThat(BenchOptions.parse("--only", "rest,memory", "--skip-memory").parts).containsExactly("rest");
		assertThat(BenchOptions.parse("--rclone-files", "200").rcloneFiles).isEqualTo(200);
		assertThat(BenchOptions.parse().rcloneFiles).isEqualTo(1000);
	}

	@Test
	void unknownParts_areRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--only", "nginx,apache"))
			.withMessageContaining("apache");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--skip", ""));
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--rclone-files", "0"));
	}

	@Test
	void nginxConfig_overHttps_keepsEverythingInItsDirectory_andServesWebDav() {
		Path dir = Path.of("/tmp/bench/nginx");
		String conf = NginxServer.render(new NginxServer.Config(dir, dir.resolve("root"), 40123,
				Path.of("/tmp/data/tls/certificate.pem"), Path.of("/tmp/data/tls/private-key.pem"),
				Path.of("/usr/lib/nginx/modules/ngx_http_dav_ext_module.so"), "root root"));
		assertThat(conf).contains("load_module /usr/lib/nginx/modules/ngx_http_dav_ext_module.so;\n")
			.contains("user root root;\n")
			.contains("daemon off;\n")
			.contains("pid /tmp/bench/nginx/nginx.pid;\n")
			.contains("error_log /tmp/bench/nginx/error.log warn;\n")
			.contains("client_body_temp_path /tmp/bench/nginx/temp/client_body;\n")
			.contains("listen 127.0.0.1:40123 ssl;\n")
			.contains("ssl_certificate /tmp/data/tls/certificate.pem;\n")
			.contains("ssl_certificate_key /tmp/data/tls/private-key.pem;\n")
			.contains("ssl_protocols TLSv1.3;\n")
			.contains("root /tmp/bench/nginx/root;\n")
			.contains("dav_methods PUT DELETE MKCOL COPY MOVE;\n")
			.contains("dav_ext_methods PROPFIND OPTIONS;\n")
			.contains("create_full_put_path on;\n")
			.contains("client_max_body_size 0;\n");
		// Nothing of the system's configuration, logs or temporary files.
		assertThat(conf).doesNotContain("include").doesNotContain("/etc/").doesNotContain("/var/");
		// Every *_temp_path nginx knows is set, so none defaults to a system path.
		for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
			assertThat(conf).contains(temp + "_temp_path /tmp/bench/nginx/temp/" + temp + ";");
		}
		assertThat(conf.chars().filter((c) -> c == '{').count())
			.isEqualTo(conf.chars().filter((c) -> c == '}').count());
	}

	@Test
	void nginxConfig_overHttp_withoutTheModule_hasNoTlsAndNoPropfind() {
		Path dir = Path.of("/tmp/bench/nginx");
		String conf = NginxServer
			.render(new NginxServer.Config(dir, dir.resolve("root"), 40124, null, null, null, null));
		assertThat(conf).contains("listen 127.0.0.1:40124;\n")
			.contains("dav_methods PUT DELETE MKCOL COPY MOVE;\n")
			.doesNotContain("ssl")
			.doesNotContain("load_module")
			.doesNotContain("dav_ext_methods")
			.doesNotContain("user ");
	}

	@Test
	void effectiveUid_isTheSecondNumberOfTheUidLine() {
		assertThat(ProcFs.effectiveUidOfStatus("Name:\tjava\nUid:\t1000\t0\t0\t0\nGid:\t1000\t1000\t1000\t1000\n"))
			.isZero();
		assertThat(ProcFs.effectiveUidOfStatus("Uid:\t1000\t1001\t1000\t1000\n")).isEqualTo(1001);
		assertThat(ProcFs.effectiveUidOfStatus("Name:\tjava\n")).isEqualTo(-1);
	}

	@Test
	void rclone_getsItsSettingsFromFlags_andThePasswordOnlyFromTheEnvironment() {
		Rclone rclone = new Rclone(Path.of("/usr/bin/rclone"), Path.of("/tmp/work"));
		Rclone.Target target = new Rclone.Target("https://127.0.0.1:8443/dav/", "bench", "coffer_pat_secret",
				Path.of("/tmp/data/tls/certificate.pem"));
		List<String> command = rclone.copyCommand(Path.of("/tmp/src"), "rclone-bench", target);
		assertThat(command).startsWith("/usr/bin/rclone", "copy", "/tmp/src", ":webdav:rclone-bench");
		assertThat(String.join(" ", command)).contains("--webdav-url https://127.0.0.1:8443/dav/")
			.contains("--webdav-vendor other")
			.contains("--ca-cert /tmp/data/tls/certificate.pem")
			.doesNotContain("--no-check-certificate")
			.doesNotContain("coffer_pat_secret");
		Map<String, String> environment = rclone.environment(target, "OBSCURED");
		assertThat(environment).containsEntry("RCLONE_WEBDAV_USER", "bench")
			.containsEntry("RCLONE_WEBDAV_PASS", "OBSCURED")
			.containsEntry("RCLONE_CONFIG", "/tmp/work/rclone-none.conf");
		assertThat(environment.values()).doesNotContain("coffer_pat_secret");
		// nginx: no credentials at all.
		assertThat(rclone.environment(new Rclone.Target("http://127.0.0.1:1/", null, null, null), null))
			.containsOnlyKeys("RCLONE_CONFIG");
	}

	@Test
	void rcloneSize_isRead() throws IOException {
		String json = "{\"count\":1000,\"bytes\":65536000,\"sizeless\":0}";
		assertThat(Rclone.jsonNumber(json, "count")).isEqualTo(1000);
		assertThat(Rclone.jsonNumber(json, "bytes")).isEqualTo(65_536_000);
	}

	@Test
	void curl_readsTheTokenFromAFile_notTheCommandLine() {
		Curl curl = new Curl(Path.of("/usr/bin/curl"), Path.of("/tmp/work"));
		List<String> put = curl.command("https://127.0.0.1:8443/api/v1/files?name=x", Path.of("/tmp/big.bin"),
				Path.of("/tmp/work/headers"), Path.of("/tmp/cert.pem"), Path.of("/tmp/out"));
		assertThat(String.join(" ", put)).contains("-H @/tmp/work/headers")
			.contains("-H Expect:")
			.contains("--cacert /tmp/cert.pem")
			.contains("-T /tmp/big.bin")
			.doesNotContain("Bearer")
			.endsWith("https://127.0.0.1:8443/api/v1/files?name=x");
		List<String> get = curl.command("http://127.0.0.1:1/x", null, null, null, Path.of("/dev/null"));
		assertThat(get).doesNotContain("-T", "--cacert").contains("/dev/null");
	}

	@Test
	void davClient_encodesPaths_andSendsBasicCredentials() {
		DavClient coffer = new DavClient("/dav/", "bench", "token");
		assertThat(coffer.target("a b/ü.bin")).isEqualTo("/dav/a%20b/%C3%BC.bin");
		assertThat(new DavClient("/", null, null).target("large-1")).isEqualTo("/large-1");
		assertThat(DavClient.basic("bench", "token")).isEqualTo("Authorization: Basic YmVuY2g6dG9rZW4=");
	}

	@Test
	void report_putsCofferNextToNginx_withRatiosAndTheIssuesTargets() {
		BenchOptions options = BenchOptions.parse("--protocols", "http", "--repeat", "1");
		SideBySide side = new SideBySide(options);
		side.nginxDescription = "nginx/1.22.1 with the dav-ext module (PROPFIND)";
		TransferRuns nginx = new TransferRuns(1L << 30, () -> {
		});
		nginx.tls = "none";
		nginx.uploadBps.add(600e6);
		nginx.downloadHashedBps.add(1000e6);
		nginx.downloadPlainBps.add(2000e6);
		side.nginxLarge.put("http", nginx);
		side.nginxLoad.put("http", new CofferBench.LoadResult(load(4000, 20), load(20000, 5)));
		CofferBench.Timed<Void> timed = new CofferBench.Timed<>(null, 2.0, 1.0, 0.5, List.of());
		CofferBench.LargeResult coffer = new CofferBench.LargeResult("none", 1L << 30, List.of(2000e6), List.of(540e6),
				List.of(0.1), List.of(800e6), List.of(1000e6), timed, timed, timed);
		String report = side.report(Map.of("http", coffer),
				Map.of("http", new CofferBench.LoadResult(load(1000, 80), load(2000, 150))));
		assertThat(report).contains("### Next to nginx")
			.contains("| | Coffer HTTP | nginx HTTP | Coffer ÷ nginx |")
			.contains("| **1 GiB upload** (MB/s, median) | 540 | 600 | 0.90× |")
			.contains("| **1 GiB download**, bytes discarded (MB/s) | 1000 | 2000 | 0.50× |")
			.contains("| **64 KiB, 32 clients, uploads/s** (nginx: PUT) | 1000 | 4000 | 0.25× |")
			.contains("| #17: upload ≥ 0.9× nginx WebDAV PUT (HTTP) | 0.90× | yes |")
			.contains("| #17: download ≥ 0.7× nginx static GET (HTTP, bytes discarded) | 0.50× | **no** |")
			.contains("| #15: 64 KiB uploads ≥ 0.25× nginx's PUT rate (HTTP) | 0.25× | yes |")
			.contains("| #15: 64 KiB downloads ≥ 0.5× nginx's GET rate (HTTP) | 0.10× | **no** |")
			.contains("| #15: p99 under 100 ms at 32 clients (HTTP) | 150.0 ms | **no** |");
	}

	@Test
	void report_putsWebDavNextToRest_withTheTenPercentTarget_andCpuPerGiB() {
		SideBySide side = new SideBySide(BenchOptions.parse("--protocols", "http", "--repeat", "1"));
		TransferRuns dav = new TransferRuns(1L << 30, () -> {
		});
		dav.uploadBps.add(150e6);
		dav.downloadHashedBps.add(400e6);
		dav.downloadPlainBps.add(950e6);
		dav.lastUploadServerCpu = 3.0;
		dav.lastDownloadServerCpu = 0.5;
		side.davLarge.put("http", dav);
		CofferBench.Timed<Void> timed = new CofferBench.Timed<>(null, 2.0, 1.0, 0.5, List.of());
		CofferBench.LargeResult rest = new CofferBench.LargeResult("none", 1L << 30, List.of(2000e6), List.of(300e6),
				List.of(0.1), List.of(400e6), List.of(1000e6), timed, timed, timed);
		String report = side.report(Map.of("http", rest), Map.of());
		assertThat(report).contains("| | WebDAV HTTP | REST HTTP | WebDAV ÷ REST |")
			.contains("| **Upload** (MB/s) | 150 | 300 | 0.50× (**not within 10 %**) |")
			.contains("| **Download**, SHA-256 checked by the client (MB/s) | 400 | 400 | 1.00× (within 10 %) |")
			.contains("| Download, bytes discarded (MB/s) | 950 | 1000 | 0.95× (within 10 %) |")
			.contains("| Server CPU seconds per GiB, upload (last run) | 3.00 | 2.00 | 1.50× |");
	}

	@Test
	void report_withoutNginx_saysSo_andHasNoNginxRows() {
		SideBySide side = new SideBySide(BenchOptions.parse());
		side.notes.add("nginx is not installed (Debian: `nginx`): no nginx rows were measured.");
		String report = side.report(Map.of(), Map.of());
		assertThat(report).contains("nginx is not installed").doesNotContain("### Next to nginx");
	}

	@Test
	void report_ofRcloneAlone_comparesTheTwoCopies_andHasNoEmptyNginxTable() {
		SideBySide side = new SideBySide(BenchOptions.parse("--only", "rclone"));
		side.nginxDescription = "nginx/1.22.1 with the dav-ext module (PROPFIND)";
		side.rcloneDescription = "rclone v1.60.1";
		side.rcloneProtocol = "https";
		side.rcloneCoffer = new Rclone.Copy(40.0, 1000, 65_536_000);
		side.rcloneNginx = new Rclone.Copy(30.0, 1000, 65_536_000);
		String report = side.report(Map.of(), Map.of());
		assertThat(report).doesNotContain("### Next to nginx")
			.contains("### rclone copy of 1,000 files of 64 KiB (HTTPS)")
			.contains("`--ca-cert`")
			.contains("| seconds | 40.0 | 30.0 | 0.75× |")
			.contains("| files per second | 25 | 33 | |");
	}

	@Test
	void ratios_needBothNumbers() {
		assertThat(SideBySide.ratio(1, 4)).isEqualTo("0.25×");
		assertThat(SideBySide.ratio(Double.NaN, 4)).isEqualTo("–");
		assertThat(SideBySide.ratio(1, 0)).isEqualTo("–");
		assertThat(SideBySide.number(Double.NaN, "%.0f")).isEqualTo("–");
	}

	/**
	 * A load result: {@code perSecond} requests in one second, latencies 1 ms up to
	 * {@code p99Millis}.
	 */
	private static LoadTest.Result load(int perSecond, double p99Millis) {
		long[] latencies = new long[perSecond];
		for (int i = 0; i < perSecond; i++) {
			latencies[i] = (long) ((i + 1) * (p99Millis * 1e6 / (perSecond * 0.99)));
		}
		return new LoadTest.Result(32, perSecond, 0, 1.0, latencies, 32, null, -1);
	}

}
