package dev.coffer.server.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.coffer.server.SecurityEvent;

/**
 * The append-only, hash-chained log of security events. Every append runs in a
 * transaction of its own (so the entry stays when the action it describes fails and rolls
 * back) and locks the head row of the chain first, so appends from every node of a
 * cluster are serialized: sequence numbers have no gaps and each entry's
 * {@code prev_hash} is the hash of the entry before it. See {@link AuditChain} for the
 * canonical form that is hashed.
 */
@Service
public class AuditLog {

	public static final String INTRUSION_SUSPECTED = "intrusion.suspected";

	/** Control characters and line separators never reach the table (or a log line). */
	private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}]");

	private final AuditRepository entries;

	private final TransactionTemplate ownTransaction;

	private final Clock clock;

	AuditLog(AuditRepository entries, PlatformTransactionManager transactions, Clock clock) {
		this.entries = entries;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
	}

	/**
	 * Appends {@code event}. Without a client address, the address of the request being
	 * served (if any) is recorded.
	 */
	public AuditEntry append(SecurityEvent event) {
		return this.ownTransaction.execute((status) -> appendLocked(event));
	}

	/**
	 * Appends {@code event} unless an entry with its action and target was appended since
	 * {@code within} ago; decided under the chain's lock, so at most one node appends it.
	 * @return true if it was appended
	 */
	boolean appendUnlessRecent(SecurityEvent event, Duration within) {
		return Boolean.TRUE.equals(this.ownTransaction.execute((status) -> {
			this.entries.lockHead();
			if (this.entries.existsSince(event.action(), clean(event.target(), 300),
					this.clock.instant().minus(within))) {
				return false;
			}
			appendLocked(event);
			return true;
		}));
	}

	/** The newest {@code limit} entries that match, newest first. */
	public List<AuditEntry> find(AuditFilter filter, int limit) {
		return this.entries.page(filter, null, null, false, limit);
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

	private AuditEntry appendLocked(SecurityEvent event) {
		AuditRepository.Head head = this.entries.lockHead();
		// Stored as the request gave it (exports are raw); pages show it readably.
		String address = (event.clientAddress() != null) ? event.clientAddress() : currentClientAddress();
		AuditEntry unhashed = new AuditEntry(head.seq() + 1, Instant.ofEpochMilli(this.clock.millis()),
				clean(event.actor(), 64), clean(address, 64), clean(event.action(), 64), clean(event.target(), 300),
				event.outcome().name(), clean(event.details(), 1000), head.hash(), null);
		AuditEntry entry = new AuditEntry(unhashed.seq(), unhashed.time(), unhashed.actor(), unhashed.clientAddress(),
				unhashed.action(), unhashed.target(), unhashed.outcome(), unhashed.details(), head.hash(),
				AuditChain.hash(head.hash(), unhashed));
		this.entries.insert(entry);
		return entry;
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
