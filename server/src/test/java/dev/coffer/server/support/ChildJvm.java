package dev.coffer.server.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code CofferApplication} in a separate JVM on this test run's classpath, the way
 * an operator runs {@code java -jar coffer-server.jar ...}: a real second process against
 * the same data directory.
 */
public final class ChildJvm {

	private ChildJvm() {
	}

	/** The outcome of one run. */
	public record Result(int exitCode, String stdout, String stderr) {
	}

	public static Result run(Path dataDir, String stdin, String... args) throws IOException, InterruptedException {
		return runWithEnvironment(dataDir, Map.of(), stdin, args);
	}

	/**
	 * Like {@link #run(Path, String, String...)}, with extra environment variables (e.g.
	 * {@code COFFER_MASTER_KEYSET}, or a setting such as
	 * {@code COFFER_KEYS_RELOAD_INTERVAL}).
	 */
	public static Result runWithEnvironment(Path dataDir, Map<String, String> environment, String stdin, String... args)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add("-Dcoffer.data-dir=" + dataDir);
		command.add("dev.coffer.server.CofferApplication");
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().putAll(environment);
		Process process = builder.start();
		try (OutputStream in = process.getOutputStream()) {
			if (stdin != null) {
				in.write(stdin.getBytes(StandardCharsets.UTF_8));
			}
		}
		byte[] out = process.getInputStream().readAllBytes();
		byte[] err = process.getErrorStream().readAllBytes();
		if (!process.waitFor(120, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("Child JVM did not finish: " + command);
		}
		return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
				new String(err, StandardCharsets.UTF_8));
	}

}
