package dev.coffer.server.audit;

import org.springframework.stereotype.Component;
import org.springframework.ui.ModelMap;

import dev.coffer.server.account.AccountPageSection;
import dev.coffer.server.account.User;

/** The user's own recent security events on the account page. */
@Component
class AuditSection implements AccountPageSection {

	static final int RECENT = 20;

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
		model.addAttribute("securityEvents", this.readable.visibleTo(user,
				this.log.find(new AuditFilter(user.username(), null, user.createdAt(), null), RECENT)));
	}

}
