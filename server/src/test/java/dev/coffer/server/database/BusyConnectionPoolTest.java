package dev.coffer.server.database;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.coffer.server.support.TestServer;
import dev.coffer.server.support.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection pool with every connection lent out is busy, not broken: the database
 * probe waits like any request, and neither marks the database unusable (which would
 * answer 503 to every request and take the node out of the load balancer) nor evicts the
 * pool's healthy connections.
 */
class BusyConnectionPoolTest {

	@Test
	void everyConnectionLentOut_longerThanTheProbeWaitsAndThePoolTimesOut_keepsTheServerReady() throws Exception {
		try (TestServer server = TestServer.start("spring.datasource.hikari.maximum-pool-size=2",
				"spring.datasource.hikari.connection-timeout=4000", "coffer.database.probe-interval=500ms")) {
			WebClient client = server.client();
			assertThat(client.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
			DataSource pool = server.bean(DataSource.class);
			List<Connection> held = new ArrayList<>();
			try {
				held.add(pool.getConnection());
				held.add(pool.getConnection());
				// Past the probe's 5 s "stuck" limit and past the pool's own timeout, so
				// that a probe has both waited long and failed to get a connection.
				Thread.sleep(7_000);
				assertThat(client.get("/actuator/health/readiness").statusCode()).as("ready while the pool is busy")
					.isEqualTo(200);
				assertThat(server.bean(DatabaseProbe.class).isUsable()).isTrue();
			}
			finally {
				for (Connection connection : held) {
					connection.close();
				}
			}
			assertThat(client.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		}
	}

}
