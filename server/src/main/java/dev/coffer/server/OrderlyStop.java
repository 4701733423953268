package dev.coffer.server;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

import sun.misc.Signal;

/**
 * Stops the server in order when a service manager or a terminal asks (SIGTERM, SIGINT):
 * the application closes first — the web server stops taking requests and finishes what
 * it has, background jobs stop, the audit sealer seals the last requests' entries, the
 * connection pool closes — and only then does the JVM exit.
 * <p>
 * Left to the JVM, a signal starts every shutdown hook at once, and the embedded H2
 * database has one of its own that closes the database alongside Spring's: the last
 * requests, the sealer's last seal and any background job still at work found it closed
 * (and logged errors saying so). H2 refuses to go without that hook while it also serves
 * operator commands over {@code AUTO_SERVER}. Closed here, it closes when the pool
 * closes, and is compacted then ({@code DEFRAG_ALWAYS}); its hook finds nothing to do.
 */
final class OrderlyStop {

	private static final Logger logger = LoggerFactory.getLogger(OrderlyStop.class);

	private OrderlyStop() {
	}

	/** Handles SIGTERM and SIGINT by closing {@code application}, then exiting. */
	static void onSignals(ConfigurableApplicationContext application) {
		for (String name : List.of("TERM", "INT")) {
			try {
				Signal.handle(new Signal(name),
						(signal) -> Thread.ofPlatform()
							.name("orderly-stop")
							.start(() -> closeThenExit(application, signal)));
			}
			catch (IllegalArgumentException ex) {
				// Taken by the JVM (-Xrs, a debugger): its shutdown hooks stop the
				// server.
				logger.debug("SIG{} left to the JVM", name, ex);
			}
		}
	}

	private static void closeThenExit(ConfigurableApplicationContext application, Signal signal) {
		try {
			application.close();
		}
		finally {
			// As the JVM itself exits on these signals.
			System.exit(128 + signal.getNumber());
		}
	}

}
