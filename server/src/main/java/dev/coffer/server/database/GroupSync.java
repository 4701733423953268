package dev.coffer.server.database;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes commits durable with as few file syncs as there are moments to sync, not one per
 * commit: a committer takes a ticket and waits until a sync that started after its commit
 * has finished. If no sync is running it runs one itself, covering every commit that took
 * a ticket before it started; commits that arrive meanwhile wait for the next. Under
 * load, one fsync thus covers many commits (a group commit), and alone a commit pays for
 * exactly one.
 */
final class GroupSync {

	/** The sync itself: forces what was committed so far to stable storage. */
	@FunctionalInterface
	interface Sync<E extends Exception> {

		void run() throws E;

	}

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition finished = this.lock.newCondition();

	/** Tickets handed out: commits that finished and want to be durable. */
	private long committed;

	/** Every ticket up to this one is covered by a finished sync. */
	private long durable;

	private boolean syncing;

	private long syncs;

	/**
	 * Returns once what this thread committed before the call is durable; runs
	 * {@code sync} if no other thread is syncing. A failed sync fails the callers whose
	 * commits it was to cover and is not counted as done.
	 */
	<E extends Exception> void awaitDurable(Sync<E> sync) throws E {
		this.lock.lock();
		try {
			long ticket = ++this.committed;
			while (this.durable < ticket) {
				if (this.syncing) {
					this.finished.awaitUninterruptibly();
					continue;
				}
				this.syncing = true;
				long covers = this.committed;
				boolean done = false;
				this.lock.unlock();
				try {
					sync.run();
					done = true;
				}
				finally {
					this.lock.lock();
					this.syncing = false;
					if (done) {
						this.durable = Math.max(this.durable, covers);
						this.syncs++;
					}
					this.finished.signalAll();
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** How many syncs have finished (for tests and measurements). */
	long syncs() {
		this.lock.lock();
		try {
			return this.syncs;
		}
		finally {
			this.lock.unlock();
		}
	}

}
