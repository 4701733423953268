package dev.coffer.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The reference measurements of one run and their part of the report: nginx on the same
 * machine (WebDAV PUT and static GET, large and 64 KiB), Coffer's own WebDAV next to its
 * REST API, and rclone copying a tree of small files to both WebDAV servers.
 */
final class SideBySide {

	/**
	 * How many names each load-test client cycles through on nginx (bounds the disk
	 * used).
	 */
	static final int NGINX_NAMES_PER_CLIENT = 1000;

	private final BenchOptions options;

	final Map<String, TransferRuns> davLarge = new LinkedHashMap<>();

	final Map<String, TransferRuns> nginxLarge = new LinkedHashMap<>();

	final Map<String, CofferBench.LoadResult> nginxLoad = new LinkedHashMap<>();

	String nginxDescription;

	String rcloneDescription;

	String rcloneProtocol;

	Rclone.Copy rcloneCoffer;

	Rclone.Copy rcloneNginx;

	final List<String> notes = new ArrayList<>();

	/** One large upload and download with curl as the client. */
	record CurlResult(double uploadBps, double downloadBps) {
	}

	final Map<String, CurlResult> curlCoffer = new LinkedHashMap<>();

	final Map<String, CurlResult> curlNginx = new LinkedHashMap<>();

	SideBySide(BenchOptions options) {
		this.options = options;
	}

	/** nginx's large transfers over one protocol, {@code --repeat} times. */
	void nginxLarge(String protocol, NginxServer nginx, GeneratedContent content, String sha256,
			java.io.PrintStream log) throws IOException {
		DavClient dav = new DavClient("/", null, null);
		// The same disk test before each PUT as before Coffer's REST uploads (see
		// TransferRuns.BeforePut).
		TransferRuns runs = new TransferRuns(content.length(),
				() -> DiskSpeed.measure(this.options.workDir, this.options.diskSize));
		try (HttpConnection connection = new HttpConnection(nginx.endpoint())) {
			runs.tls = connection.tlsDescription();
			for (int run = 1; run <= this.options.repeat; run++) {
				runs.round(dav, connection, nginx::cpuNanos, "large-" + run, content, sha256);
				log.printf("[nginx %s %d/%d] PUT %.0f MB/s, GET %.0f MB/s checked, %.0f MB/s discarded%n", protocol,
						run, this.options.repeat, runs.uploadBps.getLast() / 1e6,
						runs.downloadHashedBps.getLast() / 1e6, runs.downloadPlainBps.getLast() / 1e6);
			}
		}
		this.nginxLarge.put(protocol, runs);
	}

	/**
	 * nginx under the same closed-loop load as Coffer: PUTs of new 64 KiB bodies (each
	 * client cycles through {@value #NGINX_NAMES_PER_CLIENT} names, so later PUTs replace
	 * earlier files), then GETs of one file per client.
	 */
	void nginxLoad(String protocol, NginxServer nginx, java.io.PrintStream log) throws Exception {
		DavClient dav = new DavClient("/", null, null);
		long size = this.options.smallSize;
		byte[] small = new byte[(int) size];
		new java.security.SecureRandom().nextBytes(small);
		HttpConnection.BodySource body = (out) -> out.write(small);
		log.printf("nginx load (%s): %d clients PUT %s, then GET...%n", protocol, this.options.clients,
				CofferBench.bytes(size));
		LoadTest.Result upload = LoadTest.run(nginx.endpoint(), this.options.clients, this.options.warmup,
				this.options.duration, nginx::cpuNanos, (connection, client, sequence) -> dav.put(connection,
						"small/" + client + "/" + (sequence % NGINX_NAMES_PER_CLIENT), size, body));
		try (HttpConnection connection = new HttpConnection(nginx.endpoint())) {
			for (int c = 0; c < this.options.clients; c++) {
				dav.put(connection, "download/" + c, size, body);
			}
		}
		LoadTest.Result download = LoadTest.run(nginx.endpoint(), this.options.clients, this.options.warmup,
				this.options.duration, nginx::cpuNanos, (connection, client, sequence) -> {
					CofferApi.Downloaded got = dav.get(connection, "download/" + client, false);
					if (got.bytes() != size) {
						throw new IOException("GET sent " + got.bytes() + " bytes");
					}
				});
		log.printf(
				"nginx load (%s): PUT %.0f/s (p99 %.1f ms, CPU %.2f ms/request, %d errors), GET %.0f/s (p99 %.1f ms, CPU %.2f ms/request, %d errors)%n",
				protocol, upload.requestsPerSecond(), upload.percentileMillis(99), upload.serverCpuMillisPerRequest(),
				upload.errors(), download.requestsPerSecond(), download.percentileMillis(99),
				download.serverCpuMillisPerRequest(), download.errors());
		this.nginxLoad.put(protocol, new CofferBench.LoadResult(upload, download));
	}

	// ---------------------------------------------------------------- report

	/**
	 * The report's sections for what was measured here, next to Coffer's REST figures.
	 */
	String report(Map<String, CofferBench.LargeResult> rest, Map<String, CofferBench.LoadResult> restLoad) {
		StringBuilder md = new StringBuilder();
		if (!this.nginxLarge.isEmpty() || !this.nginxLoad.isEmpty()) {
			nginxSection(md, rest, restLoad);
		}
		if (!this.davLarge.isEmpty()) {
			davSection(md, rest);
		}
		if (!this.curlCoffer.isEmpty()) {
			curlSection(md, rest);
		}
		if (this.rcloneCoffer != null || this.rcloneNginx != null) {
			rcloneSection(md);
		}
		if (!this.notes.isEmpty()) {
			this.notes.forEach((note) -> md.append("- ").append(note).append('\n'));
			md.append('\n');
		}
		return md.toString();
	}

	private void nginxSection(StringBuilder md, Map<String, CofferBench.LargeResult> rest,
			Map<String, CofferBench.LoadResult> restLoad) {
		List<String> protocols = new ArrayList<>(this.nginxLarge.keySet());
		this.nginxLoad.keySet().stream().filter((p) -> !protocols.contains(p)).forEach(protocols::add);
		md.append("### Next to nginx (same machine, same run)\n\n");
		md.append(this.nginxDescription)
			.append(", started by the benchmark with its own minimal configuration (`worker_processes auto`, ")
			.append("`sendfile on`, TLS 1.3 with Coffer's certificate, no access log). ")
			.append("Coffer: REST API; nginx: WebDAV PUT and static GET of the same sizes. ")
			.append("Ratio = Coffer ÷ nginx (1.00 = as fast as nginx). nginx does not fsync a PUT; Coffer does. Each PUT and upload follows the same disk test.\n\n");
		md.append("|");
		for (String protocol : protocols) {
			String p = protocol.toUpperCase(Locale.ROOT);
			md.append(" | Coffer ").append(p).append(" | nginx ").append(p).append(" | Coffer ÷ nginx");
		}
		md.append(" |\n|---|").append("---|---|---|".repeat(protocols.size())).append('\n');
		long size = this.nginxLarge.values().stream().findFirst().map((r) -> r.size).orElse(0L);
		if (!this.nginxLarge.isEmpty()) {
			String s = CofferBench.bytes(size);
			largeRow(md, protocols, "TLS", rest, (r) -> Double.NaN, (r) -> Double.NaN, true);
			largeRow(md, protocols, "**" + s + " upload** (MB/s, median)", rest, (r) -> median(r.uploadBps()),
					TransferRuns::upload, false);
			largeRow(md, protocols, s + " download, SHA-256 checked by the client (MB/s)", rest,
					(r) -> median(r.downloadHashedBps()), TransferRuns::downloadHashed, false);
			largeRow(md, protocols, "**" + s + " download**, bytes discarded (MB/s)", rest,
					(r) -> median(r.downloadPlainBps()), TransferRuns::downloadPlain, false);
			largeRow(md, protocols, "Server CPU seconds per GiB, upload (last run; lower is better)", rest,
					(r) -> cpuPerGiB(r.lastUpload(), r.size()), TransferRuns::uploadCpuPerGiB, false);
			largeRow(md, protocols, "Server CPU seconds per GiB, plain download (last run)", rest,
					(r) -> cpuPerGiB(r.lastDownloadPlain(), r.size()), TransferRuns::downloadCpuPerGiB, false);
		}
		if (!this.nginxLoad.isEmpty()) {
			String s = CofferBench.bytes(this.options.smallSize) + ", " + this.options.clients + " clients";
			loadRow(md, protocols, "**" + s + ", uploads/s** (nginx: PUT)", restLoad, CofferBench.LoadResult::upload,
					LoadTest.Result::requestsPerSecond, "%.0f");
			loadRow(md, protocols, s + ", upload p99 (ms)", restLoad, CofferBench.LoadResult::upload,
					(r) -> r.percentileMillis(99), "%.1f");
			loadRow(md, protocols, s + ", server CPU ms per upload (Coffer: JIT compilers not counted)", restLoad,
					CofferBench.LoadResult::upload, LoadTest.Result::serverCpuMillisPerRequest, "%.2f");
			loadRow(md, protocols, "**" + s + ", downloads/s** (nginx: GET)", restLoad,
					CofferBench.LoadResult::download, LoadTest.Result::requestsPerSecond, "%.0f");
			loadRow(md, protocols, s + ", download p99 (ms)", restLoad, CofferBench.LoadResult::download,
					(r) -> r.percentileMillis(99), "%.1f");
			loadRow(md, protocols, s + ", server CPU ms per download", restLoad, CofferBench.LoadResult::download,
					LoadTest.Result::serverCpuMillisPerRequest, "%.2f");
			loadRow(md, protocols, "errors, upload + download", restLoad, CofferBench.LoadResult::upload,
					(r) -> r.errors(), "%.0f");
		}
		md.append('\n');
		nginxTargets(md, protocols, rest, restLoad);
	}

	private void largeRow(StringBuilder md, List<String> protocols, String label,
			Map<String, CofferBench.LargeResult> rest, ToDoubleFunction<CofferBench.LargeResult> coffer,
			ToDoubleFunction<TransferRuns> nginx, boolean tls) {
		md.append("| ").append(label);
		for (String protocol : protocols) {
			CofferBench.LargeResult c = rest.get(protocol);
			TransferRuns n = this.nginxLarge.get(protocol);
			if (tls) {
				md.append(" | ").append((c != null) ? c.tls() : "–");
				md.append(" | ").append((n != null) ? n.tls : "–").append(" | ");
				continue;
			}
			double a = (c != null) ? coffer.applyAsDouble(c) : Double.NaN;
			double b = (n != null) ? nginx.applyAsDouble(n) : Double.NaN;
			boolean rate = label.contains("MB/s");
			md.append(" | ").append(number(rate ? a / 1e6 : a, rate ? "%.0f" : "%.2f"));
			md.append(" | ").append(number(rate ? b / 1e6 : b, rate ? "%.0f" : "%.2f"));
			md.append(" | ").append(ratio(a, b));
		}
		md.append(" |\n");
	}

	private void loadRow(StringBuilder md, List<String> protocols, String label,
			Map<String, CofferBench.LoadResult> restLoad, Function<CofferBench.LoadResult, LoadTest.Result> pick,
			ToDoubleFunction<LoadTest.Result> value, String format) {
		md.append("| ").append(label);
		boolean errors = label.startsWith("errors");
		for (String protocol : protocols) {
			CofferBench.LoadResult c = restLoad.get(protocol);
			CofferBench.LoadResult n = this.nginxLoad.get(protocol);
			double a = (c == null) ? Double.NaN
					: errors ? c.upload().errors() + c.download().errors() : value.applyAsDouble(pick.apply(c));
			double b = (n == null) ? Double.NaN
					: errors ? n.upload().errors() + n.download().errors() : value.applyAsDouble(pick.apply(n));
			md.append(" | ").append(number(a, format)).append(" | ").append(number(b, format));
			md.append(" | ").append(label.contains("/s") ? ratio(a, b) : "");
		}
		md.append(" |\n");
	}

	private void nginxTargets(StringBuilder md, List<String> protocols, Map<String, CofferBench.LargeResult> rest,
			Map<String, CofferBench.LoadResult> restLoad) {
		StringBuilder rows = new StringBuilder();
		for (String protocol : protocols) {
			String p = protocol.toUpperCase(Locale.ROOT);
			boolean http = protocol.equals("http");
			CofferBench.LargeResult c = rest.get(protocol);
			TransferRuns n = this.nginxLarge.get(protocol);
			if (c != null && n != null) {
				target(rows, "#17: upload ≥ " + (http ? "0.9" : "0.7") + "× nginx WebDAV PUT (" + p + ")",
						median(c.uploadBps()) / n.upload(), http ? 0.9 : 0.7);
				target(rows,
						"#17: download ≥ " + (http ? "0.7" : "0.5") + "× nginx static GET (" + p + ", bytes discarded)",
						median(c.downloadPlainBps()) / n.downloadPlain(), http ? 0.7 : 0.5);
			}
			CofferBench.LoadResult cl = restLoad.get(protocol);
			CofferBench.LoadResult nl = this.nginxLoad.get(protocol);
			if (cl != null && nl != null) {
				target(rows, "#15: 64 KiB uploads ≥ 0.25× nginx's PUT rate (" + p + ")",
						cl.upload().requestsPerSecond() / nl.upload().requestsPerSecond(), 0.25);
				target(rows, "#15: 64 KiB downloads ≥ 0.5× nginx's GET rate (" + p + ")",
						cl.download().requestsPerSecond() / nl.download().requestsPerSecond(), 0.5);
			}
			if (cl != null) {
				double p99 = Math.max(cl.upload().percentileMillis(99), cl.download().percentileMillis(99));
				rows.append(String.format(Locale.ROOT, "| #15: p99 under 100 ms at %d clients (%s) | %.1f ms | %s |%n",
						this.options.clients, p, p99, (p99 < 100) ? "yes" : "**no**"));
			}
		}
		if (rows.length() > 0) {
			md.append("| Target (issue) | Measured | Met? |\n|---|---|---|\n").append(rows).append('\n');
		}
	}

	private static void target(StringBuilder rows, String label, double ratio, double goal) {
		rows.append(
				String.format(Locale.ROOT, "| %s | %.2f× | %s |%n", label, ratio, (ratio >= goal) ? "yes" : "**no**"));
	}

	private void davSection(StringBuilder md, Map<String, CofferBench.LargeResult> rest) {
		List<String> protocols = new ArrayList<>(this.davLarge.keySet());
		long size = this.davLarge.values().iterator().next().size;
		String s = CofferBench.bytes(size);
		md.append("### Coffer's WebDAV next to its REST API (").append(s).append(", same server, same run)\n\n");
		md.append("PUT and GET of `/dav/…` with HTTP Basic (user name and API token), before the REST API's "
				+ "in odd repetitions and after it in even ones, each PUT right after the same disk test as each "
				+ "REST upload; median of ")
			.append(this.options.repeat)
			.append(". Target (#13): within 10 % of the REST API.\n\n");
		md.append("|");
		for (String protocol : protocols) {
			String p = protocol.toUpperCase(Locale.ROOT);
			md.append(" | WebDAV ").append(p).append(" | REST ").append(p).append(" | WebDAV ÷ REST");
		}
		md.append(" |\n|---|").append("---|---|---|".repeat(protocols.size())).append('\n');
		davRow(md, protocols, "**Upload** (MB/s)", rest, TransferRuns::upload, (r) -> median(r.uploadBps()));
		davRow(md, protocols, "**Download**, SHA-256 checked by the client (MB/s)", rest, TransferRuns::downloadHashed,
				(r) -> median(r.downloadHashedBps()));
		davRow(md, protocols, "Download, bytes discarded (MB/s)", rest, TransferRuns::downloadPlain,
				(r) -> median(r.downloadPlainBps()));
		cpuRow(md, protocols, "Server CPU seconds per GiB, upload (last run)", rest, TransferRuns::uploadCpuPerGiB,
				(r) -> cpuPerGiB(r.lastUpload(), r.size()));
		cpuRow(md, protocols, "Server CPU seconds per GiB, plain download (last run)", rest,
				TransferRuns::downloadCpuPerGiB, (r) -> cpuPerGiB(r.lastDownloadPlain(), r.size()));
		md.append('\n');
	}

	private void davRow(StringBuilder md, List<String> protocols, String label,
			Map<String, CofferBench.LargeResult> rest, ToDoubleFunction<TransferRuns> dav,
			ToDoubleFunction<CofferBench.LargeResult> api) {
		md.append("| ").append(label);
		for (String protocol : protocols) {
			double a = dav.applyAsDouble(this.davLarge.get(protocol)) / 1e6;
			CofferBench.LargeResult r = rest.get(protocol);
			double b = (r != null) ? api.applyAsDouble(r) / 1e6 : Double.NaN;
			md.append(" | ").append(number(a, "%.0f")).append(" | ").append(number(b, "%.0f"));
			md.append(" | ").append(ratio(a, b));
			if (!Double.isNaN(b)) {
				md.append(Math.abs(a / b - 1) <= 0.10 ? " (within 10 %)" : " (**not within 10 %**)");
			}
		}
		md.append(" |\n");
	}

	/** Where the time goes: more CPU per GiB means more work, the same means waiting. */
	private void cpuRow(StringBuilder md, List<String> protocols, String label,
			Map<String, CofferBench.LargeResult> rest, ToDoubleFunction<TransferRuns> dav,
			ToDoubleFunction<CofferBench.LargeResult> api) {
		md.append("| ").append(label);
		for (String protocol : protocols) {
			double a = dav.applyAsDouble(this.davLarge.get(protocol));
			CofferBench.LargeResult r = rest.get(protocol);
			double b = (r != null) ? api.applyAsDouble(r) : Double.NaN;
			md.append(" | ").append(number(a, "%.2f")).append(" | ").append(number(b, "%.2f"));
			md.append(" | ").append(ratio(a, b));
		}
		md.append(" |\n");
	}

	private void curlSection(StringBuilder md, Map<String, CofferBench.LargeResult> rest) {
		List<String> protocols = new ArrayList<>(this.curlCoffer.keySet());
		md.append("### curl as the client (").append(CofferBench.bytes(this.options.largeSize)).append(", once)\n\n");
		md.append("`curl -T FILE` (Coffer: `PUT /api/v1/files?name=…`; nginx: WebDAV PUT) and a GET to `/dev/null`, "
				+ "next to the benchmark's own client (median above, bytes discarded). "
				+ "Shows whether the Java client limits a figure.\n\n");
		md.append("| MB/s |");
		protocols.forEach((p) -> md.append(" ").append(p.toUpperCase(Locale.ROOT)).append(" |"));
		md.append("\n|---|").append("---|".repeat(protocols.size())).append('\n');
		curlRow(md, protocols, "Coffer upload: curl / bench client",
				(p) -> this.curlCoffer.get(p) == null ? Double.NaN : this.curlCoffer.get(p).uploadBps(),
				(p) -> rest.containsKey(p) ? median(rest.get(p).uploadBps()) : Double.NaN);
		curlRow(md, protocols, "Coffer download: curl / bench client",
				(p) -> this.curlCoffer.get(p) == null ? Double.NaN : this.curlCoffer.get(p).downloadBps(),
				(p) -> rest.containsKey(p) ? median(rest.get(p).downloadPlainBps()) : Double.NaN);
		curlRow(md, protocols, "nginx upload: curl / bench client",
				(p) -> this.curlNginx.get(p) == null ? Double.NaN : this.curlNginx.get(p).uploadBps(),
				(p) -> this.nginxLarge.containsKey(p) ? this.nginxLarge.get(p).upload() : Double.NaN);
		curlRow(md, protocols, "nginx download: curl / bench client",
				(p) -> this.curlNginx.get(p) == null ? Double.NaN : this.curlNginx.get(p).downloadBps(),
				(p) -> this.nginxLarge.containsKey(p) ? this.nginxLarge.get(p).downloadPlain() : Double.NaN);
		md.append('\n');
	}

	private static void curlRow(StringBuilder md, List<String> protocols, String label, ToDoubleFunction<String> curl,
			ToDoubleFunction<String> bench) {
		md.append("| ").append(label).append(" |");
		for (String protocol : protocols) {
			md.append(' ')
				.append(number(curl.applyAsDouble(protocol) / 1e6, "%.0f"))
				.append(" / ")
				.append(number(bench.applyAsDouble(protocol) / 1e6, "%.0f"))
				.append(" |");
		}
		md.append('\n');
	}

	private void rcloneSection(StringBuilder md) {
		int files = this.options.rcloneFiles;
		md.append("### rclone copy of ")
			.append(String.format(Locale.ROOT, "%,d", files))
			.append(" files of ")
			.append(CofferBench.bytes(this.options.smallSize))
			.append(" (")
			.append(this.rcloneProtocol.toUpperCase(Locale.ROOT))
			.append(")\n\n");
		md.append(this.rcloneDescription)
			.append(": `rclone copy` of a tree of ")
			.append(Rclone.FOLDERS)
			.append(" folders, its defaults (4 transfers, 8 checkers), `--webdav-vendor other`")
			.append(this.rcloneProtocol.equals("https") ? ", the certificate trusted with `--ca-cert`" : "")
			.append("; wall time including rclone's start. Ratio = nginx's time ÷ Coffer's ")
			.append("(1.00 = as fast as nginx). rclone itself spaces its WebDAV requests about 10 ms apart ")
			.append("(its pacer; about 3 requests per new file: MKCOL, PUT, PROPFIND), so it cannot go much above ")
			.append("30 files/s against any server: near that, the row measures rclone, not the server.\n\n");
		md.append("| | Coffer WebDAV | nginx WebDAV | Coffer ÷ nginx (speed) |\n|---|---|---|---|\n");
		Rclone.Copy c = this.rcloneCoffer;
		Rclone.Copy n = this.rcloneNginx;
		double cs = (c != null) ? c.seconds() : Double.NaN;
		double ns = (n != null) ? n.seconds() : Double.NaN;
		md.append("| seconds | ")
			.append(number(cs, "%.1f"))
			.append(" | ")
			.append(number(ns, "%.1f"))
			.append(" | ")
			.append(ratio(ns, cs))
			.append(" |\n");
		md.append("| files per second | ")
			.append(number(files / cs, "%.0f"))
			.append(" | ")
			.append(number(files / ns, "%.0f"))
			.append(" | |\n");
		md.append("| files / bytes there afterwards (`rclone size`) | ")
			.append((c != null) ? c.files() + " / " + c.bytes() : "–")
			.append(" | ")
			.append((n != null) ? n.files() + " / " + n.bytes() : "–")
			.append(" | |\n\n");
	}

	// ---------------------------------------------------------------- formatting

	static String ratio(double a, double b) {
		if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
			return "–";
		}
		return String.format(Locale.ROOT, "%.2f×", a / b);
	}

	static String number(double value, String format) {
		return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, format, value);
	}

	private static double median(List<Double> values) {
		return CofferBench.median(values);
	}

	private static double cpuPerGiB(CofferBench.Timed<?> timed, long size) {
		return timed.serverCores() * timed.seconds() / (size / (double) (1L << 30));
	}

	/** Where nginx's files go for one protocol's run: a fresh directory. */
	static Path nginxDir(Path workDir, String protocol) throws IOException {
		return java.nio.file.Files.createTempDirectory(workDir, "coffer-bench-nginx-" + protocol + "-");
	}

}
