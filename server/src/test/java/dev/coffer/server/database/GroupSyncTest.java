package dev.coffer.server.database;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A commit returns only after a sync that started after it finished, and concurrent
 * commits share syncs.
 */
class GroupSyncTest {

	@Test
	@Timeout(60)
	void everyCommit_isCoveredByASyncThatStartedAfterIt_andSyncsAreShared() throws Exception {
		GroupSync group = new GroupSync();
		AtomicLong written = new AtomicLong();
		AtomicLong onDisk = new AtomicLong();
		AtomicInteger syncing = new AtomicInteger();
		int threads = 32;
		int commitsEach = 20;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Void>> committers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
			for (int t = 0; t < threads; t++) {
				committers.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < commitsEach; i++) {
						long mine = written.incrementAndGet();
						group.awaitDurable(() -> {
							assertThat(syncing.incrementAndGet()).as("one sync at a time").isEqualTo(1);
							long upTo = written.get();
							Thread.sleep(2);
							onDisk.accumulateAndGet(upTo, Math::max);
							syncing.decrementAndGet();
						});
						assertThat(onDisk.get()).as("durable when awaitDurable returns").isGreaterThanOrEqualTo(mine);
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<Void> committer : committers) {
				committer.get();
			}
		}
		long commits = (long) threads * commitsEach;
		System.out.printf("%d commits, %d syncs%n", commits, group.syncs());
		assertThat(group.syncs()).as("syncs shared by concurrent commits").isGreaterThan(0).isLessThan(commits / 2);
	}

	@Test
	void aFailedSync_failsItsCommit_andTheNextCommitSyncsAgain() throws Exception {
		GroupSync group = new GroupSync();
		assertThatThrownBy(() -> group.awaitDurable(() -> {
			throw new IOException("disk gone");
		})).isInstanceOf(IOException.class).hasMessage("disk gone");
		assertThat(group.syncs()).isZero();
		AtomicInteger ran = new AtomicInteger();
		group.<RuntimeException>awaitDurable(ran::incrementAndGet);
		assertThat(ran.get()).isEqualTo(1);
		assertThat(group.syncs()).isEqualTo(1);
	}

}
