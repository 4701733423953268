package dev.coffer.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
			  --server-jvm-arg ARG   extra JVM option for every server run (repeatable)
			  --output FILE          also write the Markdown report to FILE
			  --keep                 keep the data directories and server logs
			  -h, --help             this help
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

	List<String> serverJvmArgs = new ArrayList<>();

	Path output;

	boolean keep;

	boolean help;

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
		if (options.diskSize < 0) {
			options.diskSize = options.largeSize;
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
			default -> throw new IllegalArgumentException("Unknown option: " + name);
		}
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
