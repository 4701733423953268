package dev.coffer.server.operator;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.config.ScheduledTaskHolder;

import dev.coffer.server.CofferApplication;
import dev.coffer.server.account.UserCommand;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator command starts: only what it uses. No web server, no scheduler, no
 * bean it does not ask for; and its commands come from an index, not a class-path scan.
 */
class OperatorContextTest {

	@Test
	void commandIndex_listsExactlyTheClassesMarkedAsOperatorCommands() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(OperatorCommand.class));
		List<String> marked = scanner.findCandidateComponents(CofferApplication.class.getPackageName())
			.stream()
			.map((candidate) -> candidate.getBeanClassName())
			.sorted()
			.toList();
		assertThat(marked).isNotEmpty().contains(UserCommand.class.getName());
		assertThat(OperatorCommands.commands().stream().map(Class::getName).sorted(Comparator.naturalOrder()))
			.as(OperatorCommands.INDEX + " must list every @OperatorCommand class")
			.containsExactlyElementsOf(marked);
	}

	@Test
	void context_migratesTheDatabase_butStartsNoWebServerNoSchedulerAndNoUnaskedBean(@TempDir Path dataDir) {
		try (OperatorContext context = new OperatorContext("--coffer.data-dir=" + dataDir)) {
			JdbcClient jdbc = context.bean(JdbcClient.class);
			assertThat(jdbc.sql("select count(*) from users").query(Long.class).single())
				.as("migrated: the users table exists")
				.isZero();
			var spring = context.springContext();
			assertThat(spring.getBeanNamesForType(ScheduledTaskHolder.class)).as("no scheduler").isEmpty();
			assertThat(spring.getBeanNamesForType(ServletWebServerFactory.class)).as("no web server").isEmpty();
			assertThat(spring.getBeanFactory().containsSingleton("fileService"))
				.as("a bean no command asked for is not made")
				.isFalse();
		}
		assertThat(Boolean.getBoolean("spring.backgroundpreinitializer.ignore")).isTrue();
	}

}
