package dev.coffer.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shell commands the README and the API guide show, run with bash against a running
 * server, so that the documentation cannot drift from what works.
 * <p>
 * The blocks meant to run are fenced as {@code ```sh tested}; other blocks (placeholders,
 * operator commands, sample output) are prose. Each tested block runs in a fresh bash, in
 * a directory laid out as the docs assume (the server's certificate under
 * {@code coffer-data/tls/}, the files the examples upload), with {@code COFFER_URL} and
 * {@code COFFER_TOKEN} set as the untested block before it tells the reader to set them.
 * {@code curl} is wrapped to note each answer's status: every command must exit 0, and
 * every answer must be 2xx.
 */
class DocumentedCommandsTest {

	private static final String PASSWORD = "correct horse battery staple";

	private static final Pattern TESTED_FENCE = Pattern.compile("^```sh tested\\s*$");

	private static TestServer server;

	private static String token;

	@BeforeAll
	static void start() {
		server = TestServer.start();
		WebClient alice = server.client();
		alice.signUp("alice", PASSWORD);
		alice.login("alice", PASSWORD);
		assertThat(alice.submit("/account", "/account/tokens", Map.of("name", "documented commands", "expiresIn", "7"))
			.statusCode()).isEqualTo(302);
		token = WebClient.html(alice.get("/account")).selectFirst("input[aria-label=New API token]").attr("value");
	}

	@AfterAll
	static void stop() {
		server.stop();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "README.md", "docs/API.md" })
	void everyTestedCommand_exitsZero_withA2xxAnswer(String document, @TempDir Path work) throws Exception {
		List<List<String>> blocks = testedBlocks(repositoryRoot().resolve(document));
		assertThat(blocks).as("blocks fenced as ```sh tested in %s", document).isNotEmpty();
		prepare(work);
		for (List<String> block : blocks) {
			List<String> commands = commands(block);
			assertThat(commands).as("commands in a tested block of %s", document).isNotEmpty();
			runAndCheck(document, commands, work);
		}
	}

	private static void runAndCheck(String document, List<String> commands, Path work) throws Exception {
		Path log = work.resolve("commands.log");
		Files.deleteIfExists(log);
		StringBuilder script = new StringBuilder();
		for (int i = 0; i < commands.size(); i++) {
			script.append(commands.get(i)).append('\n');
			script.append("printf '::end %d %d\\n' ").append(i).append(" $? >> \"$COFFER_DOC_LOG\"\n");
		}
		ProcessBuilder bash = new ProcessBuilder("bash", "-c", script.toString()).directory(work.toFile())
			.redirectErrorStream(true)
			.redirectOutput(work.resolve("output.txt").toFile());
		Map<String, String> environment = bash.environment();
		environment.put("COFFER_URL", server.baseUrl());
		environment.put("COFFER_TOKEN", token);
		environment.put("COFFER_DOC_LOG", log.toString());
		environment.put("PATH", work.resolve("bin") + ":" + environment.get("PATH"));
		Process process = bash.start();
		boolean ended = process.waitFor(120, TimeUnit.SECONDS);
		if (!ended) {
			process.destroyForcibly();
		}
		assertThat(ended).as("the block finished").isTrue();
		String output = Files.readString(work.resolve("output.txt"), StandardCharsets.UTF_8);

		List<String> failures = new ArrayList<>();
		List<String> statuses = new ArrayList<>();
		int finished = 0;
		for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
			if (line.startsWith("status ")) {
				statuses.add(line.substring("status ".length()));
				continue;
			}
			String[] end = line.split(" ");
			String command = commands.get(Integer.parseInt(end[1]));
			if (!"0".equals(end[2])) {
				failures.add("exit " + end[2] + ": " + command);
			}
			// A command that sends no request (defining the function) needs only exit 0.
			if (!statuses.stream().allMatch((status) -> status.matches("2\\d\\d"))) {
				failures.add("HTTP " + statuses + ": " + command);
			}
			statuses.clear();
			finished++;
		}
		assertThat(finished).as("commands run in %s; output:%n%s", document, output).isEqualTo(commands.size());
		assertThat(failures).as("commands of %s that failed; output:%n%s", document, output).isEmpty();
	}

	/** The directory the docs assume: the server's certificate and the example files. */
	private static void prepare(Path work) throws IOException {
		Path tls = Files.createDirectories(work.resolve("coffer-data/tls"));
		Files.copy(server.certificateFile(), tls.resolve("certificate.pem"), StandardCopyOption.REPLACE_EXISTING);
		Random random = new Random(16);
		for (String name : List.of("report.pdf", "report-v2.pdf")) {
			byte[] content = new byte[2 * 1024 * 1024 + random.nextInt(1000)];
			random.nextBytes(content);
			Files.write(work.resolve(name), content);
		}
		for (String name : List.of("notes.txt", "a.txt", "b.txt")) {
			Files.writeString(work.resolve(name), "the text of " + name + "\n");
		}
		Path bin = Files.createDirectories(work.resolve("bin"));
		Path curl = bin.resolve("curl");
		Files.writeString(curl, """
				#!/bin/bash
				# Notes the status of each answer, then behaves exactly like curl.
				headers=$(mktemp)
				%s -D "$headers" "$@"
				rc=$?
				status=$(grep -E '^HTTP/' "$headers" | tail -n 1 | cut -d' ' -f2)
				printf 'status %%s\\n' "${status:-none}" >> "$COFFER_DOC_LOG"
				rm -f "$headers"
				exit $rc
				""".formatted(realCurl()));
		Files.setPosixFilePermissions(curl, PosixFilePermissions.fromString("rwx------"));
	}

	/** The lines of each block fenced as {@code ```sh tested}. */
	static List<List<String>> testedBlocks(Path markdown) throws IOException {
		List<List<String>> blocks = new ArrayList<>();
		List<String> current = null;
		for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
			if (current == null && TESTED_FENCE.matcher(line).matches()) {
				current = new ArrayList<>();
			}
			else if (current != null && line.startsWith("```")) {
				blocks.add(current);
				current = null;
			}
			else if (current != null) {
				current.add(line);
			}
		}
		assertThat(current).as("an unclosed tested block in %s", markdown).isNull();
		return blocks;
	}

	/**
	 * The commands of a block: lines joined where they end in a backslash; blank lines
	 * and comment lines dropped.
	 */
	static List<String> commands(List<String> block) {
		List<String> commands = new ArrayList<>();
		StringBuilder command = new StringBuilder();
		for (String line : block) {
			if (command.isEmpty() && (line.isBlank() || line.stripLeading().startsWith("#"))) {
				continue;
			}
			command.append(line);
			if (line.endsWith("\\")) {
				command.append('\n');
				continue;
			}
			commands.add(command.toString());
			command.setLength(0);
		}
		return commands;
	}

	private static Path repositoryRoot() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.isRegularFile(dir.resolve("docs/API.md"))) {
			dir = dir.getParent();
		}
		assertThat(dir).as("the repository root, above %s", Path.of("").toAbsolutePath()).isNotNull();
		return dir;
	}

	private static String realCurl() {
		try (Stream<String> dirs = Stream.of(System.getenv("PATH").split(":"))) {
			return dirs.map((dir) -> Path.of(dir, "curl"))
				.filter(Files::isExecutable)
				.findFirst()
				.orElseThrow(() -> new UncheckedIOException(new IOException("curl is not installed")))
				.toString();
		}
	}

}
