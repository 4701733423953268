package dev.coffer.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The benchmark's command-line options; see {@link #USAGE}. */
final class BenchOptions {

	static final String USAGE = """
			Usage: java -jar coffer-bench.jar --server-jar PATH [options]

			Starts the Coffer server jar as a child process (HTTPS, then plain HTTP, then HTTPS
			with a small heap), on 127.0.0.1 and free ports, each time with a temporary data
			directory, and measures large-file throughput, small-request latency, server memory
			and the data directory's disk write speed. Prints a Markdown report.

			Options (sizes: 64KiB, 1GiB, ...; durations: 500ms, 20s, 2m):
			  --server-jar PATH      the server jar (default: server/target/coffer-server.jar)
			  --work-dir DIR         where the temporary data directories go (default: java.io.tmpdir)
			  --protocols LIST       https,http (default) or one of them
			  --large-size SIZE      large transfer size (default: 1GiB)
			  --repeat N             large transfers per protocol, the median is reported (default: 3)
			  --disk-size SIZE       disk write test size (default: the large size)
			  --clients N            concurrent clients for the small requests (default: 32)
			  --small-size SIZE      small request size (default: 64KiB)
			  --transfer-warmup D    64 MiB transfers before measuring, per server (default: 20s)
			  --warmup DURATION      load test warm-up (default: 5s)
			  --duration DURATION    load test measured duration (default: 20s)
			  --memory-sizes LIST    transfers of the memory run (default: 1GiB,4GiB)
			  --memory-heap SIZE     server -Xmx of the memory run (default: 256m)
			  --memory-protocol P    https (default) or http
			  --skip-large, --skip-load, --skip-memory   leave out a part
			  --only LIST            run only these parts (default: all of them):
			                         rest     Coffer's REST API: large transfers and load
			                         webdav   Coffer's WebDAV: large PUT and GET
			                         nginx    nginx on the same machine: large WebDAV PUT
			                                  and static GET, and the same load
			                         curl     curl as the client of one large upload
			                                  and download, to Coffer and to nginx
			                         rclone   rclone copy of small files to Coffer's and
			                                  nginx's WebDAV (HTTPS)
			                         memory   the memory run
			                         --skip-large and --skip-load apply to rest and nginx;
			                         nginx and rclone are skipped, and the report says
			                         so, where they are not installed
			  --skip LIST            run all parts but these
			  --rclone-files N       files the rclone copy sends, of --small-size (default: 1000)
			  --server-jvm-arg ARG   extra JVM option for every server run (repeatable)
			  --output FILE          also write the Markdown report to FILE
			  --keep                 keep the data directories and server logs
			  -h, --help             this help

			Start-up mode (instead of the runs above): how long the server takes to answer its
			first request, cold (new data directory) and warm, and how long operator commands
			take, for java -jar and for the way run-server starts it (extracted jar with an
			AOT cache or CDS archive); --repeat runs each (median and range).
			  --startup              run the start-up mode

			Peer mode (instead of the runs above): Coffer next to an in-memory encrypting
			file server (a Flask app that reads each file whole, encrypts it with AES-GCM in
			memory and writes it: issue #17's "seed 004"), 100 MB up and down with curl over
			plain HTTP, alternating, --repeat runs each. Needs curl and python3 with Flask and
			cryptography (Debian: python3-flask python3-cryptography).
			  --peer                 run the peer mode

			Cluster mode (instead of the runs above): N nodes over HTTPS on one PostgreSQL
			database and one S3 bucket, same master key and certificate; the load test's
			clients are spread over the nodes round-robin (client i talks to node i mod N,
			no load balancer). Measures large uploads/downloads and the small-request load
			per node count. Starts PostgreSQL (zonky's binaries) and S3Mock itself unless
			given the servers below.
			  --cluster N            run with N nodes (1-8)
			  --nodes LIST           run with each of these node counts, e.g. 1,2
			  --database-url URL     use this PostgreSQL database (jdbc:postgresql://...; it
			                         must be empty) instead of starting one
			  --database-user U, --database-password P
			  --s3-endpoint URL      use this S3 server (path-style) instead of starting S3Mock
			  --s3-bucket B          its bucket, which must exist (default: coffer-bench)
			  --s3-access-key K, --s3-secret-key S   (default with --s3-endpoint: the SDK's chain)
			  --s3-region R          (default: us-east-1)
			  --s3mock-jar PATH      S3Mock's executable jar (default: bench-servers/s3mock.jar
			                         next to this jar)

			Client mode (instead of the runs above): the coffer command-line client next to
			curl on one HTTPS server: --repeat rounds of curl upload, coffer put, coffer put
			--e2e, curl download, coffer get, coffer get of the e2e copy, of --large-size
			random bytes, every copy's SHA-256 checked; median times, ratios to curl, client
			CPU and peak RSS (needs /usr/bin/time and curl).
			  --cli                  run the client mode
			  --cli-jar PATH         the client jar (default: cli/target/coffer-cli.jar; its
			                         launcher script next to it is used if there)
			  --cli-heap SIZE        the client's -Xmx (default: 128m)
			""";

	Path serverJar = Path.of("server/target/coffer-server.jar");

	Path workDir = Path.of(System.getProperty("java.io.tmpdir"));

	List<String> protocols = List.of("https", "http");

	long largeSize = 1L << 30;

	int repeat = 3;

	long diskSize = -1;

	int clients = 32;

	long smallSize = 64 * 1024;

	Duration transferWarmup = Duration.ofSeconds(20);

	Duration warmup = Duration.ofSeconds(5);

	Duration duration = Duration.ofSeconds(20);

	List<Long> memorySizes = List.of(1L << 30, 4L << 30);

	String memoryHeap = "256m";

	String memoryProtocol = "https";

	boolean skipLarge;

	boolean skipLoad;

	boolean skipMemory;

	/** The parts of a normal run, in the order they run. */
	static final List<String> PARTS = List.of("rest", "webdav", "nginx", "curl", "rclone", "memory");

	Set<String> parts = new LinkedHashSet<>(PARTS);

	int rcloneFiles = 1000;

	List<String> serverJvmArgs = new ArrayList<>();

	Path output;

	boolean keep;

	boolean help;

	/** Node counts of the cluster mode; empty: the normal single-server runs. */
	List<Integer> nodes = List.of();

	String databaseUrl;

	String databaseUser;

	String databasePassword;

	String s3Endpoint;

	String s3Bucket = "coffer-bench";

	String s3AccessKey;

	String s3SecretKey;

	String s3Region = "us-east-1";

	Path s3mockJar;

	/** The start-up mode instead of the transfer runs. */
	boolean startup;

	/** The in-memory peer mode instead of the transfer runs. */
	boolean peer;

	/** The client mode instead of the transfer runs. */
	boolean cli;

	Path cliJar = Path.of("cli/target/coffer-cli.jar");

	String cliHeap = "128m";

	boolean cluster() {
		return !this.nodes.isEmpty();
	}

	static BenchOptions parse(String... args) {
		BenchOptions options = new BenchOptions();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			String name = arg;
			String value = null;
			int equals = arg.indexOf('=');
			if (arg.startsWith("--") && equals > 0) {
				name = arg.substring(0, equals);
				value = arg.substring(equals + 1);
			}
			switch (name) {
				case "-h", "--help" -> options.help = true;
				case "--skip-large" -> options.skipLarge = true;
				case "--skip-load" -> options.skipLoad = true;
				case "--skip-memory" -> options.skipMemory = true;
				case "--keep" -> options.keep = true;
				case "--startup" -> options.startup = true;
				case "--peer" -> options.peer = true;

				case "--cli" -> options.cli = true;
				default -> {
					if (value == null) {
						if (i + 1 >= args.length) {
							throw new IllegalArgumentException("Unknown option or missing value: " + arg);
						}
						value = args[++i];
					}
					options.set(name, value);
				}
			}
		}
		if (options.skipMemory) {
			options.parts.remove("memory");
		}
		if (options.diskSize < 0) {
			options.diskSize = options.largeSize;
		}
		if (options.databaseUrl == null && (options.databaseUser != null || options.databasePassword != null)) {
			throw new IllegalArgumentException("--database-user and --database-password need --database-url");
		}
		if (options.databaseUrl != null && !options.databaseUrl.startsWith("jdbc:postgresql:")) {
			throw new IllegalArgumentException("--database-url must be a jdbc:postgresql: URL");
		}
		if (options.s3Endpoint == null && (options.s3AccessKey != null || options.s3SecretKey != null)) {
			throw new IllegalArgumentException("--s3-access-key and --s3-secret-key need --s3-endpoint");
		}
		if (!options.cluster() && (options.databaseUrl != null || options.s3Endpoint != null)) {
			throw new IllegalArgumentException("--database-url and --s3-endpoint need --cluster or --nodes");
		}
		return options;
	}

	private void set(String name, String value) {
		switch (name) {
			case "--server-jar" -> this.serverJar = Path.of(value);
			case "--work-dir" -> this.workDir = Path.of(value);
			case "--protocols" -> {
				this.protocols = List.of(value.toLowerCase(Locale.ROOT).split(","));
				for (String protocol : this.protocols) {
					requireProtocol(protocol);
				}
			}
			case "--large-size" -> this.largeSize = positive(name, parseSize(value));
			case "--repeat" -> this.repeat = (int) positive(name, Integer.parseInt(value));
			case "--disk-size" -> this.diskSize = positive(name, parseSize(value));
			case "--clients" -> this.clients = (int) positive(name, Integer.parseInt(value));
			case "--small-size" -> this.smallSize = positive(name, parseSize(value));
			case "--transfer-warmup" -> this.transferWarmup = parseDuration(value);
			case "--warmup" -> this.warmup = parseDuration(value);
			case "--duration" -> this.duration = parseDuration(value);
			case "--memory-sizes" -> {
				List<Long> sizes = new ArrayList<>();
				for (String size : value.split(",")) {
					sizes.add(positive(name, parseSize(size)));
				}
				this.memorySizes = List.copyOf(sizes);
			}
			case "--memory-heap" -> this.memoryHeap = value;
			case "--memory-protocol" -> this.memoryProtocol = requireProtocol(value.toLowerCase(Locale.ROOT));
			case "--server-jvm-arg" -> this.serverJvmArgs.add(value);
			case "--output" -> this.output = Path.of(value);
			case "--only" -> this.parts = parts(value);
			case "--skip" -> this.parts.removeAll(parts(value));
			case "--rclone-files" -> this.rcloneFiles = (int) positive(name, Integer.parseInt(value));
			case "--cluster" -> this.nodes = List.of(nodeCount(value));
			case "--nodes" -> {
				List<Integer> counts = new ArrayList<>();
				for (String count : value.split(",")) {
					counts.add(nodeCount(count));
				}
				this.nodes = List.copyOf(counts);
			}
			case "--database-url" -> this.databaseUrl = value;
			case "--database-user" -> this.databaseUser = value;
			case "--database-password" -> this.databasePassword = value;
			case "--s3-endpoint" -> this.s3Endpoint = value;
			case "--s3-bucket" -> this.s3Bucket = value;
			case "--s3-access-key" -> this.s3AccessKey = value;
			case "--s3-secret-key" -> this.s3SecretKey = value;
			case "--s3-region" -> this.s3Region = value;
			case "--s3mock-jar" -> this.s3mockJar = Path.of(value);
			case "--cli-jar" -> this.cliJar = Path.of(value);
			case "--cli-heap" -> this.cliHeap = value;
			default -> throw new IllegalArgumentException("Unknown option: " + name);
		}
	}

	/** Whether a part ({@link #PARTS}) is to run. */
	boolean runs(String part) {
		return this.parts.contains(part);
	}

	/** A comma-separated list of {@link #PARTS}, in the order of {@code PARTS}. */
	static Set<String> parts(String list) {
		Set<String> named = new LinkedHashSet<>();
		for (String part : list.toLowerCase(Locale.ROOT).split(",")) {
			String name = part.strip();
			if (!PARTS.contains(name)) {
				throw new IllegalArgumentException("Parts are " + String.join(", ", PARTS) + ", not " + name);
			}
			named.add(name);
		}
		Set<String> ordered = new LinkedHashSet<>(PARTS);
		ordered.retainAll(named);
		return ordered;
	}

	private static int nodeCount(String text) {
		int count = Integer.parseInt(text.strip());
		if (count < 1 || count > 8) {
			throw new IllegalArgumentException("Node counts are 1 to 8, not " + count);
		}
		return count;
	}

	private static String requireProtocol(String protocol) {
		if (!protocol.equals("https") && !protocol.equals("http")) {
			throw new IllegalArgumentException("Protocols are https and http, not " + protocol);
		}
		return protocol;
	}

	private static long positive(String name, long value) {
		if (value <= 0) {
			throw new IllegalArgumentException(name + " must be positive");
		}
		return value;
	}

	/** {@code 64KiB}, {@code 1GiB}, {@code 1G} (binary too), {@code 1000} bytes. */
	static long parseSize(String text) {
		String s = text.strip().toLowerCase(Locale.ROOT);
		String[] units = { "kib", "mib", "gib", "tib", "kb", "mb", "gb", "tb", "k", "m", "g", "t", "b" };
		long[] factors = { 1L << 10, 1L << 20, 1L << 30, 1L << 40, 1L << 10, 1L << 20, 1L << 30, 1L << 40, 1L << 10,
				1L << 20, 1L << 30, 1L << 40, 1 };
		for (int i = 0; i < units.length; i++) {
			if (s.endsWith(units[i])) {
				return Math.multiplyExact(Long.parseLong(s.substring(0, s.length() - units[i].length()).strip()),
						factors[i]);
			}
		}
		return Long.parseLong(s);
	}

	/** {@code 500ms}, {@code 20s}, {@code 2m}. */
	static Duration parseDuration(String text) {
		String s = text.strip().toLowerCase(Locale.ROOT);
		if (s.endsWith("ms")) {
			return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
		}
		if (s.endsWith("s")) {
			return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
		}
		if (s.endsWith("m")) {
			return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
		}
		return Duration.ofSeconds(Long.parseLong(s));
	}

}
