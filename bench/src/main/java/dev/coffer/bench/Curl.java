package dev.coffer.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * curl as a second client for the large transfers, so the report shows whether the
 * benchmark's own Java client is what limits a figure: an upload from a file
 * ({@code -T}), a download to {@code /dev/null}. Headers (the API token) come from a file
 * ({@code -H @file}), never the command line; {@code Expect:} is sent empty, so curl does
 * not wait for a 100 Continue.
 */
final class Curl {

	static final List<Path> BINARIES = List.of(Path.of("/usr/bin/curl"), Path.of("/usr/local/bin/curl"));

	private static final Duration TIMEOUT = Duration.ofMinutes(10);

	private final Path binary;

	private final Path workDir;

	Curl(Path binary, Path workDir) {
		this.binary = binary;
		this.workDir = workDir;
	}

	static Optional<Path> find() {
		return BINARIES.stream().filter(Files::isExecutable).findFirst();
	}

	/**
	 * A transfer: wall time and the response body (of an upload; empty for a download).
	 */
	record Result(double seconds, String body) {
	}

	/**
	 * The command line: PUT of {@code upload} if not null, else a GET to /dev/null.
	 * @param headers a file of request headers, or null
	 * @param caCertificate the one certificate to trust, or null for plain HTTP
	 */
	List<String> command(String url, Path upload, Path headers, Path caCertificate, Path output) {
		List<String> command = new ArrayList<>(List.of(this.binary.toString(), "-sS", "--fail", "-H", "Expect:"));
		if (headers != null) {
			command.addAll(List.of("-H", "@" + headers));
		}
		if (caCertificate != null) {
			command.addAll(List.of("--cacert", caCertificate.toString()));
		}
		if (upload != null) {
			command.addAll(List.of("-T", upload.toString()));
		}
		command.addAll(List.of("-o", output.toString(), url));
		return command;
	}

	Result transfer(String url, Path upload, Path headers, Path caCertificate)
			throws IOException, InterruptedException {
		Path output = (upload != null) ? Files.createTempFile(this.workDir, "curl-", ".out") : Path.of("/dev/null");
		Path errors = Files.createTempFile(this.workDir, "curl-", ".err");
		try {
			long start = System.nanoTime();
			Process process = new ProcessBuilder(command(url, upload, headers, caCertificate, output))
				.redirectErrorStream(true)
				.redirectOutput(errors.toFile())
				.start();
			if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IOException("curl did not finish in " + TIMEOUT);
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			if (process.exitValue() != 0) {
				throw new IOException("curl exited with " + process.exitValue() + ": "
						+ Files.readString(errors, StandardCharsets.UTF_8).strip());
			}
			return new Result(seconds, (upload != null) ? Files.readString(output, StandardCharsets.UTF_8) : "");
		}
		finally {
			Files.deleteIfExists(errors);
			if (upload != null) {
				Files.deleteIfExists(output);
			}
		}
	}

}
