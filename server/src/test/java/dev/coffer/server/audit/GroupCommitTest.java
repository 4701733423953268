package dev.coffer.server.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The group commit's contract with threads as real as the server's: every item is written
 * exactly once and its thread gets its own result, items that arrive while a batch is
 * being written go together in the next one, and an item that cannot be written fails
 * only its own thread.
 */
class GroupCommitTest {

	/** What a "transaction" committed: batches as the writer saw them, all or nothing. */
	private final List<List<Integer>> committed = new CopyOnWriteArrayList<>();

	@Test
	void alone_anItemIsWrittenInABatchOfOne() {
		GroupCommit<Integer, String> group = new GroupCommit<>(this::commit, (item) -> commit(List.of(item)).get(0),
				GroupCommitTest::anyItem, 16);

		assertThat(group.submit(7)).isEqualTo("written 7");
		assertThat(this.committed).containsExactly(List.of(7));
		assertThat(group.batches()).isEqualTo(1);
	}

	@Test
	void itemsArrivingWhileABatchCommits_shareTheNextBatch_andEachThreadGetsItsOwnResult() throws Exception {
		CountDownLatch firstBatchStarted = new CountDownLatch(1);
		CountDownLatch othersQueued = new CountDownLatch(1);
		GroupCommit<Integer, String> group = new GroupCommit<>((items) -> {
			firstBatchStarted.countDown();
			await(othersQueued);
			return commit(items);
		}, (item) -> commit(List.of(item)).get(0), GroupCommitTest::anyItem, 64);
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<String> first = threads.submit(() -> group.submit(0));
			firstBatchStarted.await();
			List<Future<String>> others = new ArrayList<>();
			for (int i = 1; i <= 31; i++) {
				int item = i;
				others.add(threads.submit(() -> group.submit(item)));
			}
			// Let them queue behind the writer before its batch commits.
			while (group.queued() < 31) {
				Thread.sleep(1);
			}
			othersQueued.countDown();

			assertThat(first.get()).isEqualTo("written 0");
			for (int i = 1; i <= 31; i++) {
				assertThat(others.get(i - 1).get()).isEqualTo("written " + i);
			}
		}
		assertThat(this.committed).hasSize(2);
		assertThat(this.committed.get(0)).containsExactly(0);
		assertThat(this.committed.get(1)).hasSize(31).doesNotHaveDuplicates();
	}

	@Test
	void aBatchNeverExceedsItsLimit() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		GroupCommit<Integer, String> group = new GroupCommit<>((items) -> {
			await(release);
			return commit(items);
		}, (item) -> commit(List.of(item)).get(0), GroupCommitTest::anyItem, 4);
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<String>> all = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				int item = i;
				all.add(threads.submit(() -> group.submit(item)));
			}
			while (group.queued() < 19) {
				Thread.sleep(1);
			}
			release.countDown();
			for (int i = 0; i < 20; i++) {
				assertThat(all.get(i).get()).isEqualTo("written " + i);
			}
		}
		assertThat(this.committed).allSatisfy((batch) -> assertThat(batch).hasSizeLessThanOrEqualTo(4));
		assertThat(this.committed.stream().mapToInt(List::size).sum()).isEqualTo(20);
	}

	@Test
	void anItemThatCannotBeWritten_failsItsOwnThreadOnly_theOthersAreWrittenOnce() throws Exception {
		CountDownLatch firstBatchStarted = new CountDownLatch(1);
		CountDownLatch othersQueued = new CountDownLatch(1);
		GroupCommit<Integer, String> group = new GroupCommit<>((items) -> {
			firstBatchStarted.countDown();
			await(othersQueued);
			return commitUnlessPoisoned(items);
		}, (item) -> commitUnlessPoisoned(List.of(item)).get(0), GroupCommitTest::anyItem, 64);
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<String> first = threads.submit(() -> group.submit(0));
			firstBatchStarted.await();
			Future<String> poisoned = threads.submit(() -> group.submit(-1));
			List<Future<String>> others = new ArrayList<>();
			for (int i = 1; i <= 8; i++) {
				int item = i;
				others.add(threads.submit(() -> group.submit(item)));
			}
			while (group.queued() < 9) {
				Thread.sleep(1);
			}
			othersQueued.countDown();

			assertThat(first.get()).isEqualTo("written 0");
			for (int i = 1; i <= 8; i++) {
				assertThat(others.get(i - 1).get()).isEqualTo("written " + i);
			}
			assertThatThrownBy(poisoned::get).hasCauseInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("cannot write -1");
		}
		List<Integer> written = this.committed.stream().flatMap(List::stream).toList();
		assertThat(written).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8);
	}

	@Test
	void aFailureThatIsNoItems_failsTheWholeBatchAtOnce_withoutWritingEachAgain() throws Exception {
		CountDownLatch firstBatchStarted = new CountDownLatch(1);
		CountDownLatch othersQueued = new CountDownLatch(1);
		AtomicInteger writtenAlone = new AtomicInteger();
		GroupCommit<Integer, String> group = new GroupCommit<>((items) -> {
			firstBatchStarted.countDown();
			await(othersQueued);
			if (items.size() > 1) {
				throw new IllegalStateException("no connection");
			}
			return commit(items);
		}, (item) -> {
			writtenAlone.incrementAndGet();
			return commit(List.of(item)).get(0);
		}, (failure) -> !"no connection".equals(failure.getMessage()), 64);
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<String> first = threads.submit(() -> group.submit(0));
			firstBatchStarted.await();
			List<Future<String>> others = new ArrayList<>();
			for (int i = 1; i <= 4; i++) {
				int item = i;
				others.add(threads.submit(() -> group.submit(item)));
			}
			while (group.queued() < 4) {
				Thread.sleep(1);
			}
			othersQueued.countDown();

			assertThat(first.get()).isEqualTo("written 0");
			for (Future<String> other : others) {
				assertThatThrownBy(other::get).hasCauseInstanceOf(IllegalStateException.class)
					.hasMessageContaining("no connection");
			}
		}
		assertThat(writtenAlone).hasValue(0);
		assertThat(this.committed).containsExactly(List.of(0));
	}

	@Test
	void anErrorWhileWriting_failsEveryThreadWhoseItemWasTaken_noneWaitsForever() throws Exception {
		CountDownLatch firstBatchStarted = new CountDownLatch(1);
		CountDownLatch othersQueued = new CountDownLatch(1);
		GroupCommit<Integer, String> group = new GroupCommit<>((items) -> {
			firstBatchStarted.countDown();
			await(othersQueued);
			if (items.size() > 1) {
				throw new StackOverflowError("simulated");
			}
			return commit(items);
		}, (item) -> commit(List.of(item)).get(0), GroupCommitTest::anyItem, 64);
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<String> first = threads.submit(() -> group.submit(0));
			firstBatchStarted.await();
			List<Future<String>> others = new ArrayList<>();
			for (int i = 1; i <= 4; i++) {
				int item = i;
				others.add(threads.submit(() -> group.submit(item)));
			}
			while (group.queued() < 4) {
				Thread.sleep(1);
			}
			othersQueued.countDown();

			assertThat(first.get()).isEqualTo("written 0");
			int failed = 0;
			for (Future<String> other : others) {
				try {
					other.get();
				}
				catch (java.util.concurrent.ExecutionException ex) {
					failed++;
				}
			}
			// The thread that wrote the batch met the Error; the other three were told.
			assertThat(failed).isEqualTo(4);
		}
		assertThat(this.committed).containsExactly(List.of(0));
	}

	private static boolean anyItem(RuntimeException failure) {
		return true;
	}

	private List<String> commit(List<Integer> items) {
		this.committed.add(List.copyOf(items));
		return items.stream().map((item) -> "written " + item).toList();
	}

	private List<String> commitUnlessPoisoned(List<Integer> items) {
		if (items.contains(-1)) {
			throw new IllegalArgumentException("cannot write -1");
		}
		return commit(items);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
