package dev.coffer.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code rclone copy} of a tree of small files to a WebDAV server, as a user syncing a
 * folder would: rclone's own defaults (4 transfers, 8 checkers), its {@code webdav}
 * backend with {@code vendor other}, configured entirely by command-line flags and
 * environment variables (no configuration file; the password, obscured as rclone wants
 * it, only in the environment). The server's certificate is trusted with
 * {@code --ca-cert}, exactly that certificate, so nothing turns verification off.
 */
final class Rclone {

	static final List<Path> BINARIES = List.of(Path.of("/usr/bin/rclone"), Path.of("/usr/local/bin/rclone"));

	/** The source tree's files are spread over this many folders. */
	static final int FOLDERS = 10;

	private static final Duration TIMEOUT = Duration.ofMinutes(10);

	/** Where to copy to: a WebDAV URL, and Basic credentials or none. */
	record Target(String url, String user, String password, Path caCertificate) {
	}

	/** A copy: its wall time, and what the destination held afterwards. */
	record Copy(double seconds, long files, long bytes) {
	}

	private final Path binary;

	private final Path workDir;

	Rclone(Path binary, Path workDir) {
		this.binary = binary;
		this.workDir = workDir;
	}

	static Optional<Path> find() {
		return BINARIES.stream().filter(Files::isExecutable).findFirst();
	}

	String version() throws IOException, InterruptedException {
		String out = run(List.of(this.binary.toString(), "version"), Map.of(), null);
		return out.lines().findFirst().orElse("rclone").strip();
	}

	/**
	 * Writes {@code files} files of {@code size} random bytes into {@code folders}
	 * folders below {@code dir}.
	 */
	static void writeTree(Path dir, int files, int folders, long size) throws IOException {
		SplittableRandom random = new SplittableRandom(13);
		byte[] content = new byte[(int) size];
		for (int i = 0; i < files; i++) {
			Path folder = Files.createDirectories(dir.resolve(String.format("folder-%02d", i % folders)));
			random.nextBytes(content);
			Files.write(folder.resolve(String.format("file-%04d.bin", i)), content);
		}
	}

	/** The command line of {@code rclone copy SOURCE :webdav:DESTINATION}. */
	List<String> copyCommand(Path source, String destination, Target target) {
		List<String> command = new ArrayList<>(List.of(this.binary.toString(), "copy", source.toString(),
				":webdav:" + destination, "--stats", "0", "--retries", "1"));
		command.addAll(commonFlags(target));
		return command;
	}

	private List<String> commonFlags(Target target) {
		List<String> flags = new ArrayList<>(List.of("--webdav-url", target.url(), "--webdav-vendor", "other"));
		if (target.caCertificate() != null) {
			flags.addAll(List.of("--ca-cert", target.caCertificate().toString()));
		}
		return flags;
	}

	/**
	 * The environment: no configuration file, the user name, and the password obscured
	 * (not on the command line, which every local user can read).
	 */
	Map<String, String> environment(Target target, String obscuredPassword) {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("RCLONE_CONFIG", this.workDir.resolve("rclone-none.conf").toString());
		if (target.user() != null) {
			environment.put("RCLONE_WEBDAV_USER", target.user());
			environment.put("RCLONE_WEBDAV_PASS", obscuredPassword);
		}
		return environment;
	}

	/**
	 * Copies {@code source} to {@code destination} on the target, timed; then counts it.
	 */
	Copy copy(Path source, String destination, Target target) throws IOException, InterruptedException {
		String obscured = (target.user() != null)
				? run(List.of(this.binary.toString(), "obscure", "-"), Map.of(), target.password() + "\n").strip()
				: null;
		Map<String, String> environment = environment(target, obscured);
		long start = System.nanoTime();
		run(copyCommand(source, destination, target), environment, null);
		double seconds = (System.nanoTime() - start) / 1e9;
		List<String> size = new ArrayList<>(
				List.of(this.binary.toString(), "size", ":webdav:" + destination, "--json"));
		size.addAll(commonFlags(target));
		String json = run(size, environment, null);
		return new Copy(seconds, jsonNumber(json, "count"), jsonNumber(json, "bytes"));
	}

	static long jsonNumber(String json, String field) throws IOException {
		Matcher matcher = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(json);
		if (!matcher.find()) {
			throw new IOException("rclone size printed no " + field + ": " + json);
		}
		return Long.parseLong(matcher.group(1));
	}

	private String run(List<String> command, Map<String, String> environment, String stdin)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(environment);
		Path output = Files.createTempFile(this.workDir, "rclone-", ".log");
		try {
			Process process = builder.redirectOutput(output.toFile()).start();
			try (OutputStream in = process.getOutputStream()) {
				if (stdin != null) {
					in.write(stdin.getBytes(StandardCharsets.UTF_8));
				}
			}
			if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IOException("rclone did not finish in " + TIMEOUT + ": " + command.subList(0, 2));
			}
			String out = Files.readString(output, StandardCharsets.UTF_8);
			if (process.exitValue() != 0) {
				throw new IOException(
						"rclone " + command.get(1) + " exited with " + process.exitValue() + ": " + abbreviate(out));
			}
			return out;
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	private static String abbreviate(String text) {
		return (text.length() > 2000) ? text.substring(text.length() - 2000) : text;
	}

}
