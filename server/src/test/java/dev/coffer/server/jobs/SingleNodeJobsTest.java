package dev.coffer.server.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.coffer.server.jobs.SingleNodeJobs.Lease;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes, each with its own {@link SingleNodeJobs}, on one database (migrated by the
 * real migrations): a job runs on one of them at a time, and a lease that expired is lost
 * to the other node.
 */
class SingleNodeJobsTest {

	private SingleNodeJobs nodeA;

	private SingleNodeJobs nodeB;

	@BeforeEach
	void twoNodesOnOneDatabase() {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL("jdbc:h2:mem:jobs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/migration/common", "classpath:db/migration/h2")
			.load()
			.migrate();
		this.nodeA = new SingleNodeJobs(dataSource);
		this.nodeB = new SingleNodeJobs(dataSource);
	}

	@Test
	void whileOneNodeRunsAJobTheOtherSkipsIt() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		AtomicBoolean ranOnA = new AtomicBoolean();
		Thread a = Thread.ofVirtual()
			.start(() -> ranOnA
				.set(this.nodeA.runExclusively("sweep", Duration.ofMinutes(5), () -> await(started, finish))));
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

		List<String> ranOnB = new ArrayList<>();
		boolean bRan = this.nodeB.runExclusively("sweep", Duration.ofMinutes(5), () -> ranOnB.add("sweep"));
		assertThat(bRan).as("B ran the job while A held it").isFalse();
		assertThat(ranOnB).isEmpty();
		assertThat(this.nodeB.runExclusively("purge", Duration.ofMinutes(5), () -> ranOnB.add("purge")))
			.as("another job is not blocked")
			.isTrue();

		finish.countDown();
		a.join(10_000);
		assertThat(ranOnA).isTrue();
		assertThat(this.nodeB.runExclusively("sweep", Duration.ofMinutes(5), () -> ranOnB.add("sweep")))
			.as("B runs it once A is done")
			.isTrue();
		assertThat(ranOnB).containsExactly("purge", "sweep");
	}

	@Test
	void aLeaseIsExclusiveWhileRenewedAndLostWhenItExpires() throws Exception {
		Optional<Lease> leaseA = this.nodeA.lease("rewrap", Duration.ofMillis(1500));
		assertThat(leaseA).isPresent();
		assertThat(this.nodeB.lease("rewrap", Duration.ofMillis(1500))).isEmpty();
		Thread.sleep(800);
		assertThat(leaseA.get().renew()).as("renewed in time").isTrue();
		Thread.sleep(800);
		assertThat(this.nodeB.lease("rewrap", Duration.ofMillis(1500))).as("renewal extended it").isEmpty();

		Thread.sleep(1600);
		Optional<Lease> leaseB = this.nodeB.lease("rewrap", Duration.ofMinutes(5));
		assertThat(leaseB).as("expired: B takes it").isPresent();
		assertThat(leaseA.get().renew()).as("A learns it lost the lease").isFalse();
		leaseA.get().close();
		assertThat(this.nodeA.lease("rewrap", Duration.ofMinutes(5))).as("A's close did not release B's lease")
			.isEmpty();

		leaseB.get().close();
		assertThat(this.nodeA.lease("rewrap", Duration.ofMinutes(5))).as("released").isPresent();
	}

	private static void await(CountDownLatch started, CountDownLatch finish) {
		started.countDown();
		try {
			finish.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
