package dev.coffer.server;

import java.time.Clock;
import java.time.ZoneOffset;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

import dev.coffer.server.operator.OperatorCommands;

/**
 * Coffer's entry point. {@code java -jar coffer-server.jar} starts the server;
 * {@code java -jar coffer-server.jar user add NAME} and the other operator commands run
 * against the configured database and exit (see {@link OperatorCommands}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CofferApplication {

	public static void main(String[] args) {
		if (OperatorCommands.isOperatorCommand(args)) {
			System.exit(OperatorCommands.run(args));
		}
		OrderlyStop.onSignals(SpringApplication.run(CofferApplication.class, args));
	}

	/**
	 * The one source of "now", so that tests can move time. It ticks in milliseconds,
	 * what the database keeps of a time: an answer that reports a time it has just stored
	 * (a new link's {@code createdAt}) says what reading it back says, not a finer one.
	 */
	@Bean
	Clock clock() {
		return Clock.tickMillis(ZoneOffset.UTC);
	}

}
