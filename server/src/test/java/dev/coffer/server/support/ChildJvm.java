package dev.coffer.server.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
		return runWithin(Duration.ofSeconds(120), dataDir, environment, stdin, args);
	}

	/**
	 * Like {@link #runWithEnvironment}; a child still running after {@code timeout} is
	 * killed and the call fails.
	 */
	public static Result runWithin(Duration timeout, Path dataDir, Map<String, String> environment, String stdin,
			String... args) throws IOException, InterruptedException {
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
		// Read on other threads, so that a child that never ends (a server started by
		// mistake) is killed after the timeout rather than blocking the test forever.
		CompletableFuture<byte[]> out = drain(process.getInputStream());
		CompletableFuture<byte[]> err = drain(process.getErrorStream());
		try (OutputStream in = process.getOutputStream()) {
			if (stdin != null) {
				in.write(stdin.getBytes(StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			// The child ended without reading its input.
		}
		if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			process.destroyForcibly();
			process.waitFor(30, TimeUnit.SECONDS);
			throw new IllegalStateException("Child JVM did not finish within " + timeout + ": " + command + "\n"
					+ new String(out.join(), StandardCharsets.UTF_8));
		}
		return new Result(process.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
				new String(err.join(), StandardCharsets.UTF_8));
	}

	private static CompletableFuture<byte[]> drain(InputStream stream) {
		return CompletableFuture.supplyAsync(() -> {
			try (stream) {
				return stream.readAllBytes();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}, (task) -> Thread.ofVirtual().start(task));
	}

}
