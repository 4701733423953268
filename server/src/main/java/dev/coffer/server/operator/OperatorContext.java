package dev.coffer.server.operator;

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

	private ConfigurableApplicationContext context;

	/** The bean of this type, starting Spring if this is the first call. */
	public <T> T bean(Class<T> type) {
		if (this.context == null) {
			this.context = new SpringApplicationBuilder(CofferApplication.class).web(WebApplicationType.NONE)
				.logStartupInfo(false)
				.properties("spring.main.banner-mode=off")
				// An argument, not a default property, which application.yml would
				// override: scripts capture standard output, so no INFO lines there.
				.run("--logging.level.root=warn");
		}
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

}
