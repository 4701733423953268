package dev.coffer.server.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The group commit's contract with threads as real as the server's: every item is written
 * exactly once and its thread gets its own result, items that arrive while a batch is
 * being written go together in the next one, and an item that cannot be written fails
 * only its own thread. Each test holds a first batch (item 0 alone) open until the other
 * items have queued behind it, so what the next batches hold does not depend on timing.
 */
class GroupCommitTest {

	/** What a "transaction" committed: batches as the writer saw them, all or nothing. */
	private final List<List<Integer>> committed = new CopyOnWriteArrayList<>();

	private final CountDownLatch firstBatchStarted = new CountDownLatch(1);

	private final CountDownLatch othersQueued = new CountDownLatch(1);

	@Test
	void alone_anItemIsWrittenInABatchOfOne() {
		GroupCommit<Integer, String> group = new GroupCommit<>(this::commit, GroupCommitTest::anyItem, 16);

		assertThat(group.submit(7)).isEqualTo("written 7");
		assertThat(this.committed).containsExactly(List.of(7));
		assertThat(group.batches()).isEqualTo(1);
	}

	@Test
	void itemsArrivingWhileABatchCommits_shareTheNextBatch_andEachThreadGetsItsOwnResult() throws Exception {
		GroupCommit<Integer, String> group = new GroupCommit<>((items) -> {
			holdFirstBatch();
			return commit(items);
		}, GroupCommitTest::anyItem, 64);
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<String>> all = submitBehindFirst(group, threads, IntStream.rangeClosed(1, 31).boxed().toList());
			for (int i = 0; i <= 31; i++) {
				assertThat(all.get(i).get()).isEqualTo("written " + i);
			}
		}
		assertThat(this.committed).hasSize(2);
		assertThat(this.committed.get(0)).containsExactly(0);
		assertThat(this.committed.get(1)).hasSize(31).doesNotHaveDuplicates();
	}

	@Test
	void aBatchNeverExceedsItsLimit() throws Exception {
		GroupCommit<Integer, String> group = new GroupCommit<>((items) -> {
			holdFirstBatch();
			return commit(items);
		}, GroupCommitTest::anyItem, 4);
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<String>> all = submitBehindFirst(group, threads, IntStream.range(1, 20).boxed().toList());
			for (int i = 0; i < 20; i++) {
				assertThat(all.get(i).get()).isEqualTo("written " + i);
			}
		}
		assertThat(this.committed).allSatisfy((batch) -> assertThat(batch).hasSizeLessThanOrEqualTo(4));
		assertThat(this.committed.stream().mapToInt(List::size).sum()).isEqualTo(20);
	}

	@Test
	void anItemThatCannotBeWritten_failsItsOwnThreadOnly_theOthersAreWrittenOnce() throws Exception {
		GroupCommit<Integer, String> group = new GroupCommit<>((items) -> {
			holdFirstBatch();
			return commitUnlessPoisoned(items);
		}, GroupCommitTest::anyItem, 64);
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<String>> all = submitBehindFirst(group, threads, List.of(-1, 1, 2, 3, 4, 5, 6, 7, 8));
			assertThat(all.get(0).get()).isEqualTo("written 0");
			assertThatThrownBy(all.get(1)::get).hasCauseInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("cannot write -1");
			for (int i = 1; i <= 8; i++) {
				assertThat(all.get(i + 1).get()).isEqualTo("written " + i);
			}
		}
		List<Integer> written = this.committed.stream().flatMap(List::stream).toList();
		assertThat(written).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8);
	}

	@Test
	void aFailureThatIsNoItems_failsTheWholeBatchAtOnce_withoutWritingEachAgain() throws Exception {
		AtomicInteger writes = new AtomicInteger();
		GroupCommit<Integer, String> group = new GroupCommit<>((items) -> {
			writes.incrementAndGet();
			holdFirstBatch();
			if (items.size() > 1) {
				throw new IllegalStateException("no connection");
			}
			return commit(items);
		}, (failure) -> !"no connection".equals(failure.getMessage()), 64);
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<String>> all = submitBehindFirst(group, threads, List.of(1, 2, 3, 4));
			assertThat(all.get(0).get()).isEqualTo("written 0");
			for (Future<String> other : all.subList(1, 5)) {
				assertThatThrownBy(other::get).hasCauseInstanceOf(IllegalStateException.class)
					.hasMessageContaining("no connection");
			}
		}
		// The first batch and the failed one: no item was written again alone.
		assertThat(writes).hasValue(2);
		assertThat(this.committed).containsExactly(List.of(0));
	}

	@Test
	void anErrorWhileWriting_failsEveryThreadWhoseItemWasTaken_noneWaitsForever() throws Exception {
		GroupCommit<Integer, String> group = new GroupCommit<>((items) -> {
			holdFirstBatch();
			if (items.size() > 1) {
				throw new StackOverflowError("simulated");
			}
			return commit(items);
		}, GroupCommitTest::anyItem, 64);
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<String>> all = submitBehindFirst(group, threads, List.of(1, 2, 3, 4));
			assertThat(all.get(0).get()).isEqualTo("written 0");
			// The thread that wrote the batch met the Error; the other three were told.
			for (Future<String> other : all.subList(1, 5)) {
				assertThatThrownBy(other::get).isInstanceOf(ExecutionException.class);
			}
		}
		assertThat(this.committed).containsExactly(List.of(0));
	}

	/**
	 * Submits item 0, and once its batch is being written, {@code others}; lets the first
	 * batch commit when all of them wait in the queue.
	 * @return the futures of item 0 and then of {@code others}, in order
	 */
	private List<Future<String>> submitBehindFirst(GroupCommit<Integer, String> group, ExecutorService threads,
			List<Integer> others) throws InterruptedException {
		List<Future<String>> all = new ArrayList<>();
		all.add(threads.submit(() -> group.submit(0)));
		this.firstBatchStarted.await();
		for (int item : others) {
			all.add(threads.submit(() -> group.submit(item)));
		}
		while (group.queued() < others.size()) {
			Thread.sleep(1);
		}
		this.othersQueued.countDown();
		return all;
	}

	/** Called by the batch writers: holds the first batch until the others queued. */
	private void holdFirstBatch() {
		this.firstBatchStarted.countDown();
		try {
			this.othersQueued.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
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

}
