package dev.coffer.server.database;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code database} health contributor, part of the readiness group: {@code DOWN}
 * (HTTP 503 on {@code /actuator/health/readiness}) while a write to the database fails.
 * It reports the {@link DatabaseProbe}'s last result and never waits for the database, so
 * a health check answers at once even when the database does not. It replaces Spring
 * Boot's {@code db} indicator, which only validates a connection and reported {@code UP}
 * on an H2 database closed by a full disk.
 */
@Component("database")
class DatabaseHealthIndicator implements HealthIndicator {

	private final DatabaseProbe probe;

	DatabaseHealthIndicator(DatabaseProbe probe) {
		this.probe = probe;
	}

	@Override
	public Health health() {
		return this.probe.isUsable() ? Health.up().build() : Health.down().build();
	}

}
