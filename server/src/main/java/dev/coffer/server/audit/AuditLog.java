package dev.coffer.server.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.coffer.server.SecurityEvent;

/**
 * The append-only, chained log of security events. Recording an event is one insert in a
 * transaction apart from the caller's (so the entry stays when the action it describes
 * fails and rolls back), committed before the caller goes on; entries recorded at the
 * same time on one node share that transaction ({@link GroupCommit}). A change's own
 * entry can instead be inserted in the change's transaction
 * ({@link #appendInTransaction}). No lock is shared with other nodes, the database gives
 * the entry its order id. {@link AuditSealer} then chains committed entries in order, a
 * batch at a time, on one node; see {@link AuditChain} for what is hashed and MACed.
 */
@Service
public class AuditLog {

	public static final String INTRUSION_SUSPECTED = "intrusion.suspected";

	/** The most entries one group commit writes. */
	private static final int MAX_BATCH = 256;

	/** Control characters and line separators never reach the table (or a log line). */
	private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}]");

	private final AuditRepository entries;

	private final TransactionTemplate ownTransaction;

	private final TransactionTemplate callersTransaction;

	private final Clock clock;

	private final GroupCommit<AuditEntry, AuditEntry> appends;

	AuditLog(AuditRepository entries, PlatformTransactionManager transactions, Clock clock) {
		this.entries = entries;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.callersTransaction = new TransactionTemplate(transactions);
		this.callersTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_MANDATORY);
		this.clock = clock;
		this.appends = new GroupCommit<>(
				(batch) -> this.ownTransaction.execute((status) -> batch.stream().map(this::insert).toList()),
				AuditLog::entryMayBeAtFault, MAX_BATCH);
	}

	/**
	 * Records {@code event}, committed when this returns; the sealer chains it within
	 * about a second. Without a client address, the address of the request being served
	 * (if any) is recorded.
	 * @return the entry as recorded: with its order id, not yet sealed
	 */
	public AuditEntry append(SecurityEvent event) {
		return this.appends.submit(entryOf(event));
	}

	/**
	 * Records {@code event} in the caller's transaction, which must exist: the entry
	 * commits with the change it describes, or not at all.
	 * @return the entry as recorded, not committed yet
	 */
	public AuditEntry appendInTransaction(SecurityEvent event) {
		return this.callersTransaction.execute((status) -> insert(entryOf(event)));
	}

	/**
	 * Records {@code event} unless a signal with its action and target was recorded in
	 * the current window of {@code window} (windows start at multiples of it since the
	 * epoch). The window is claimed by a primary key in the same transaction as the
	 * entry, so of all nodes exactly one records it.
	 * @return true if it was recorded
	 */
	boolean appendOncePerWindow(SecurityEvent event, Duration window) {
		long now = this.clock.millis();
		long windowStart = now - Math.floorMod(now, window.toMillis());
		try {
			return Boolean.TRUE.equals(this.ownTransaction.execute((status) -> {
				this.entries.insertSignal(clean(event.action(), 64), clean(event.target(), 300), windowStart);
				this.entries.deleteSignalsBefore(windowStart - window.toMillis());
				insert(entryOf(event));
				return true;
			}));
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/**
	 * How many transactions {@link #append} has committed (for tests and measurements).
	 */
	long groupCommits() {
		return this.appends.batches();
	}

	/** The newest {@code limit} entries that match, newest first. */
	public List<AuditEntry> find(AuditFilter filter, int limit) {
		return this.entries.page(filter, null, null, false, limit);
	}

	/**
	 * The newest {@code limit} entries of these actions whose target is the account
	 * {@code username}, since {@code from}, newest first: what others (an admin, an
	 * operator command) did to the account.
	 */
	List<AuditEntry> about(String username, List<String> actions, Instant from, int limit) {
		return this.entries.about(username, actions, from, limit);
	}

	/**
	 * A page of {@code size} entries that match: the newest below {@code before}, or the
	 * oldest above {@code after} (shown newest first), or the newest of all.
	 */
	AuditPage page(AuditFilter filter, Long before, Long after, int size) {
		return AuditPage.of(this.entries, filter, before, after, size);
	}

	public long count(AuditFilter filter) {
		return this.entries.count(filter);
	}

	/** Every entry that matches, newest first, without holding them all in memory. */
	public void export(AuditFilter filter, Consumer<AuditEntry> each) {
		this.ownTransaction.executeWithoutResult((status) -> this.entries.stream(filter, each));
	}

	long countRecent(String column, String value, List<String> actions, Duration window) {
		return this.entries.countRecent(column, value, actions, this.clock.instant().minus(window));
	}

	/**
	 * The entry to record, not yet stored; made in the caller's thread, where the request
	 * (for its client address) is.
	 */
	private AuditEntry entryOf(SecurityEvent event) {
		// Stored as the request gave it (exports are raw); pages show it readably.
		String address = (event.clientAddress() != null) ? event.clientAddress() : currentClientAddress();
		Instant time = Instant.ofEpochMilli(this.clock.millis());
		return new AuditEntry(0, null, time, clean(event.actor(), 64), clean(address, 64), clean(event.action(), 64),
				clean(event.target(), 300), event.outcome().name(), clean(event.details(), 1000), null, null, null,
				null);
	}

	private AuditEntry insert(AuditEntry entry) {
		long id = this.entries.insert(entry.time(), entry.actor(), entry.clientAddress(), entry.action(),
				entry.target(), entry.outcome(), entry.details());
		return entry.recordedAs(id);
	}

	/**
	 * Whether a failed group of entries could have failed for one of them; not when no
	 * connection or transaction could be had, which would fail each of them alone too.
	 */
	private static boolean entryMayBeAtFault(RuntimeException failure) {
		return !(failure instanceof CannotCreateTransactionException
				|| failure instanceof DataAccessResourceFailureException);
	}

	/** What fits the column, without control characters. */
	static String clean(String value, int maxLength) {
		if (value == null) {
			return null;
		}
		String cleaned = CONTROL.matcher(value).replaceAll("\uFFFD");
		if (cleaned.length() > maxLength) {
			int end = maxLength - 1;
			if (Character.isHighSurrogate(cleaned.charAt(end - 1))) {
				end--;
			}
			cleaned = cleaned.substring(0, end) + "…";
		}
		return cleaned;
	}

	private static String currentClientAddress() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpServletRequest request = attributes.getRequest();
			return request.getRemoteAddr();
		}
		return null;
	}

}
