package dev.coffer.server.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Writes the items that threads hand in at the same time in one transaction, not one
 * each: a group commit. A thread queues its item and takes the writer's lock; if the
 * holder before it already wrote the item, it is done, otherwise it writes everything
 * queued so far (its own item included) as one batch. While one batch commits the next
 * arrivals queue up, so under load a commit covers many items, and alone an item pays for
 * exactly one. {@link #submit} returns only after the item's batch has committed.
 * <p>
 * Why: the commit, not the insert, is what an audit entry costs (on H2 each commit writes
 * the changed pages of the table and its indexes, then waits for an fsync), and every
 * download records one.
 * <p>
 * One item that cannot be written must not cost the others theirs: if a batch fails for a
 * reason an item could be at fault for, each of its items is written again on its own,
 * and only the items that fail alone fail their callers. A failure that is not the items'
 * (no connection to the database) fails the whole batch at once: writing each item again
 * would wait for it once per item, with the writer's lock held.
 */
final class GroupCommit<T, R> {

	/** Writes all items in one transaction, results in the items' order. */
	@FunctionalInterface
	interface BatchWriter<T, R> {

		List<R> writeAll(List<T> items);

	}

	private final ReentrantLock writer = new ReentrantLock();

	private final ConcurrentLinkedQueue<Pending<T, R>> queued = new ConcurrentLinkedQueue<>();

	private final BatchWriter<T, R> batch;

	private final Predicate<RuntimeException> itemMayBeAtFault;

	private final int maxBatch;

	private long batches;

	/**
	 * @param batch writes items in one transaction (after a batch failed, each alone)
	 * @param itemMayBeAtFault whether a batch's failure could be one item's, so that
	 * writing each alone would save the others
	 * @param maxBatch the most items one transaction writes
	 */
	GroupCommit(BatchWriter<T, R> batch, Predicate<RuntimeException> itemMayBeAtFault, int maxBatch) {
		this.batch = batch;
		this.itemMayBeAtFault = itemMayBeAtFault;
		this.maxBatch = maxBatch;
	}

	/**
	 * Writes {@code item}, committed when this returns.
	 * @return what the writer returned for it
	 * @throws RuntimeException what writing it on its own threw
	 */
	R submit(T item) {
		Pending<T, R> pending = new Pending<>(item);
		this.queued.add(pending);
		this.writer.lock();
		try {
			// The queue is first in, first out and this item was queued before the lock
			// was taken: every batch written here brings it closer.
			while (!pending.done) {
				writeQueued();
			}
		}
		finally {
			this.writer.unlock();
		}
		// Written under the lock that this thread took after the writer released it.
		if (pending.failure != null) {
			throw pending.failure;
		}
		return pending.result;
	}

	/** How many batches were written (for tests and measurements). */
	long batches() {
		this.writer.lock();
		try {
			return this.batches;
		}
		finally {
			this.writer.unlock();
		}
	}

	/** How many items wait for a batch (for tests). */
	int queued() {
		return this.queued.size();
	}

	private void writeQueued() {
		List<Pending<T, R>> taken = new ArrayList<>();
		Pending<T, R> next;
		while (taken.size() < this.maxBatch && (next = this.queued.poll()) != null) {
			taken.add(next);
		}
		if (taken.isEmpty()) {
			return;
		}
		this.batches++;
		try {
			List<R> results;
			try {
				results = this.batch.writeAll(taken.stream().map((pending) -> pending.item).toList());
			}
			catch (RuntimeException ex) {
				if (taken.size() > 1 && this.itemMayBeAtFault.test(ex)) {
					taken.forEach(this::writeAlone);
				}
				else {
					taken.forEach((pending) -> pending.fail(ex));
				}
				return;
			}
			for (int i = 0; i < taken.size(); i++) {
				taken.get(i).result = results.get(i);
				taken.get(i).done = true;
			}
		}
		finally {
			// An Error on the way: the items taken are no longer queued, so their
			// threads must not wait for a batch that will never come.
			for (Pending<T, R> pending : taken) {
				if (!pending.done) {
					pending.fail(new IllegalStateException("The batch with this item failed"));
				}
			}
		}
	}

	private void writeAlone(Pending<T, R> pending) {
		try {
			pending.result = this.batch.writeAll(List.of(pending.item)).get(0);
		}
		catch (RuntimeException ex) {
			pending.fail(ex);
			return;
		}
		pending.done = true;
	}

	/**
	 * An item and, once written, its result; read and written under the writer's lock.
	 */
	private static final class Pending<T, R> {

		final T item;

		boolean done;

		R result;

		RuntimeException failure;

		Pending(T item) {
			this.item = item;
		}

		void fail(RuntimeException ex) {
			this.failure = ex;
			this.done = true;
		}

	}

}
