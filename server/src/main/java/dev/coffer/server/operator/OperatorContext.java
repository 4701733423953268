package dev.coffer.server.operator;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.coffer.server.CofferApplication;
import dev.coffer.server.FailureReportToStandardError;

/**
 * The Spring context behind operator commands: the same configuration, database and
 * migrations as the server, but no web server, started on first use and closed with the
 * command. It makes only what the command asks for: beans are created lazily (a
 * {@code user list} never builds the web security chain, the OpenAPI document or the
 * password list), no scheduler starts ({@code Scheduling} is for the server only), and
 * Spring Boot's background pre-initialisation, which warms up what a web server needs, is
 * off.
 */
public final class OperatorContext implements AutoCloseable {

	/** Spring Boot's switch for BackgroundPreinitializingApplicationListener. */
	private static final String IGNORE_BACKGROUND_PREINITIALIZER = "spring.backgroundpreinitializer.ignore";

	private final String[] settings;

	private ConfigurableApplicationContext context;

	/**
	 * @param settings server settings from the command line, {@code --name=value}
	 */
	public OperatorContext(String... settings) {
		this.settings = settings.clone();
	}

	/** The bean of this type, starting Spring if this is the first call. */
	public <T> T bean(Class<T> type) {
		start();
		return this.context.getBean(type);
	}

	private void start() {
		if (this.context == null) {
			System.setProperty(IGNORE_BACKGROUND_PREINITIALIZER, "true");
			System.setProperty(FailureReportToStandardError.QUIET, "true");
			this.context = new SpringApplicationBuilder(CofferApplication.class).web(WebApplicationType.NONE)
				.lazyInitialization(true)
				.logStartupInfo(false)
				.properties("spring.main.banner-mode=off")
				.run(arguments());
		}
	}

	/**
	 * The settings, and unless they set it a log level of WARN: an argument, not a
	 * default property, which application.yml would override, as scripts capture standard
	 * output.
	 */
	private String[] arguments() {
		List<String> arguments = new ArrayList<>(List.of(this.settings));
		if (arguments.stream().noneMatch((setting) -> setting.startsWith("--logging.level.root="))) {
			arguments.add("--logging.level.root=warn");
		}
		// A failed start is reported by the command's own one line ("error: ..."), not
		// also by Spring's report or its "cancelling refresh attempt" warning.
		arguments.add("--logging.level.org.springframework.boot.diagnostics=off");
		arguments
			.add("--logging.level.org.springframework.context.annotation.AnnotationConfigApplicationContext=error");
		return arguments.toArray(String[]::new);
	}

	/** The Spring context, started if needed: for tests that check what it holds. */
	ConfigurableApplicationContext springContext() {
		start();
		return this.context;
	}

	@Override
	public void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

}
