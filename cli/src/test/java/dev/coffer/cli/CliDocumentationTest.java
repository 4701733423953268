package dev.coffer.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/CLI.md says it lists "every command, option and exit code" (and the README sends
 * readers there): this keeps it so, from the client's own command model.
 */
class CliDocumentationTest {

	private static String guide;

	@BeforeAll
	static void read() throws Exception {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.isRegularFile(dir.resolve("docs/CLI.md"))) {
			dir = dir.getParent();
		}
		assertThat(dir).as("the repository root, above %s", Path.of("").toAbsolutePath()).isNotNull();
		guide = Files.readString(dir.resolve("docs/CLI.md"));
	}

	@Test
	void everyCommand_hasASection_namingEachOfItsOptions() {
		CommandLine coffer = CofferCli.commandLine(new ClientContext(Path.of("unused"),
				new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), Optional.empty()));
		Map<String, CommandLine> commands = coffer.getSubcommands();
		assertThat(commands).containsKeys("login", "put", "get");
		commands.forEach((name, command) -> {
			if (name.equals("help")) {
				return;
			}
			assertThat(guide).as("a heading for coffer %s", name)
				.containsPattern("(?m)^### .*`coffer " + Pattern.quote(name) + "[ `]");
			for (OptionSpec option : command.getCommandSpec().options()) {
				for (String optionName : option.names()) {
					assertThat(guide).as("coffer %s %s", name, optionName)
						.containsPattern("(?<![\\w-])" + Pattern.quote(optionName) + "(?![\\w-])");
				}
			}
		});
	}

	@Test
	void everyExitCode_isInTheTable() throws Exception {
		for (Field field : ExitCodes.class.getFields()) {
			if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
				assertThat(guide).as("exit code %s (%s)", field.getInt(null), field.getName())
					.containsPattern("(?m)^\\| " + field.getInt(null) + " \\| ");
			}
		}
	}

}
