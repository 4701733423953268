package dev.coffer.server.audit;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;
import org.springframework.ui.ModelMap;

import dev.coffer.server.account.AccountPageSection;
import dev.coffer.server.account.User;

/**
 * The user's recent security events on the account page: their own, and what an admin or
 * an operator command did to their account (without the admin's address).
 */
@Component
class AuditSection implements AccountPageSection {

	static final int RECENT = 20;

	/**
	 * What others do to an account that its owner is shown too: an admin or an operator
	 * command disabling, enabling it, setting its quota, removing its second factor.
	 */
	static final List<String> DONE_TO_THE_ACCOUNT = List.of("admin.mfa_reset", "account.disabled", "account.enabled",
			"admin.user_disabled", "admin.user_enabled", "quota.set", "admin.quota_set");

	private final AuditLog log;

	private final ReadableEvents readable;

	AuditSection(AuditLog log, ReadableEvents readable) {
		this.log = log;
		this.readable = readable;
	}

	@Override
	public void addTo(User user, ModelMap model) {
		// From the account's creation on: a deleted account's name can be taken again,
		// and its events are not the new owner's business.
		List<AuditEntry> own = this.log.find(new AuditFilter(user.username(), null, user.createdAt(), null), RECENT);
		List<AuditEntry> toTheAccount = this.log.about(user.username(), DONE_TO_THE_ACCOUNT, user.createdAt(), RECENT);
		List<AuditEntry> recent = Stream
			.concat(own.stream(), toTheAccount.stream().map((entry) -> withoutOthersAddress(entry, user)))
			.filter(distinctIds())
			.sorted(Comparator.comparingLong(AuditEntry::id).reversed())
			.limit(RECENT)
			.toList();
		model.addAttribute("securityEvents", this.readable.visibleTo(user, recent));
	}

	/** An entry by someone else (an admin), without where they were. */
	private static AuditEntry withoutOthersAddress(AuditEntry entry, User user) {
		if (user.username().equals(entry.actor())) {
			return entry;
		}
		return new AuditEntry(entry.id(), entry.seq(), entry.time(), entry.actor(), null, entry.action(),
				entry.target(), entry.outcome(), entry.details(), entry.prevHash(), entry.hash(), entry.format(),
				entry.macKeyId());
	}

	private static Predicate<AuditEntry> distinctIds() {
		Set<Long> seen = new HashSet<>();
		return (entry) -> seen.add(entry.id());
	}

}
