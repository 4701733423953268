package dev.coffer.server.files;

import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The running SHA-256 of each resumable upload whose last part this node received, so
 * that the next part, if it comes here too, is hashed on from where the last one ended.
 * The JDK's SHA-256 cannot hand out its state to be stored with the upload (see
 * {@link dev.coffer.server.storage.ResumableDigest}), so it stays in memory, with the
 * offset it covers; an upload whose next part arrives at another node or after a restart
 * finds none here, and its SHA-256 is computed from its stored parts when it completes.
 * Bounded: beyond {@link #MAX_KEPT} uploads the one used longest ago is forgotten.
 */
final class RunningSha256s {

	/** About 0.5 KiB each. */
	static final int MAX_KEPT = 10_000;

	private final Map<String, Running> running = new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Running> eldest) {
			return size() > MAX_KEPT;
		}

	};

	private record Running(long offset, MessageDigest sha256) {
	}

	/**
	 * Takes the SHA-256 of upload {@code id}'s first {@code offset} bytes, if this node
	 * has it; whatever it had for the upload is gone afterwards.
	 * @return the digest, or {@code null}
	 */
	synchronized MessageDigest take(String id, long offset) {
		Running kept = this.running.remove(id);
		return (kept != null && kept.offset() == offset) ? kept.sha256() : null;
	}

	/**
	 * Keeps {@code sha256}, the SHA-256 of upload {@code id}'s first {@code offset}
	 * bytes.
	 */
	synchronized void keep(String id, long offset, MessageDigest sha256) {
		this.running.put(id, new Running(offset, sha256));
	}

	/** Forgets what this node had of upload {@code id}. */
	synchronized void forget(String id) {
		this.running.remove(id);
	}

}
