package dev.coffer.server.operator;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.coffer.server.CofferApplication;

/**
 * The Spring context behind operator commands: the same configuration, database and
 * migrations as the server, but no web server, started on first use and closed with the
 * command.
 */
public final class OperatorContext implements AutoCloseable {

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
		if (this.context == null) {
			this.context = new SpringApplicationBuilder(CofferApplication.class).web(WebApplicationType.NONE)
				.logStartupInfo(false)
				.properties("spring.main.banner-mode=off")
				.run(arguments());
		}
		return this.context.getBean(type);
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
		return arguments.toArray(String[]::new);
	}

	@Override
	public void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

}
