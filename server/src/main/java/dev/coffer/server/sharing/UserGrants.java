package dev.coffer.server.sharing;

import java.time.Clock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.NotFoundException;
import dev.coffer.server.SecurityEvent;
import dev.coffer.server.files.Permission;

/**
 * The steps of granting a user READ or EDIT that sharing a file and sharing a folder have
 * in common: finding the user by username or email, refusing the owner, adding or
 * changing the grant in that kind's {@link GrantTable}, and the audit event. The caller
 * has locked the file or folder and proved the caller owns it; it runs in the caller's
 * transaction.
 */
@Component
class UserGrants {

	private final ShareRepository users;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	UserGrants(ShareRepository users, Clock clock, ApplicationEventPublisher events) {
		this.users = users;
		this.clock = clock;
		this.events = events;
	}

	/**
	 * What {@link #grant} did: the grant as it is now, and the permission before (null if
	 * it is new).
	 */
	record Change(Share share, Permission previous) {

		boolean created() {
			return this.previous == null;
		}

	}

	/**
	 * Grants {@code permission} on the owner's {@code kind} ("file" or "folder") to the
	 * user named {@code usernameOrEmail}, or changes that user's permission.
	 */
	Change grant(GrantTable table, String kind, String subjectId, String ownerId, String usernameOrEmail,
			String permission) {
		Permission level = Permission.grantable("permission", permission);
		ShareRepository.Grantee grantee = findGrantee(usernameOrEmail);
		if (grantee.id().equals(ownerId)) {
			throw new InvalidInputException("user", "This is your own " + kind + "; share it with someone else.");
		}
		Permission previous = table.permissionOf(subjectId, grantee.id()).orElse(null);
		String details = "grantee " + grantee.username() + ", permission " + level;
		if (previous == null) {
			table.insert(subjectId, grantee.id(), level, ownerId, this.clock.instant());
			audit("share.granted", kind, subjectId, details);
		}
		else if (previous != level) {
			table.update(subjectId, grantee.id(), level);
			audit("share.changed", kind, subjectId, details + " (was " + previous + ")");
		}
		Share share = table.grantsOn(subjectId)
			.stream()
			.filter((s) -> s.granteeId().equals(grantee.id()))
			.findFirst()
			.orElseThrow(() -> new NotFoundException("There is no such " + kind + "."));
		return new Change(share, previous);
	}

	/**
	 * Takes the grant on the owner's {@code kind} away from the user named
	 * {@code usernameOrEmail}.
	 * @return that user
	 * @throws NotFoundException if it is not shared with them
	 */
	ShareRepository.Grantee revoke(GrantTable table, String kind, String subjectId, String usernameOrEmail) {
		ShareRepository.Grantee grantee = this.users.findUser((usernameOrEmail != null) ? usernameOrEmail : "")
			.orElse(null);
		if (grantee == null || table.delete(subjectId, grantee.id()) == 0) {
			throw new NotFoundException("This " + kind + " is not shared with that user.");
		}
		audit("share.revoked", kind, subjectId, "grantee " + grantee.username());
		return grantee;
	}

	/** The user to share with, by username or email. */
	private ShareRepository.Grantee findGrantee(String usernameOrEmail) {
		if (usernameOrEmail == null || usernameOrEmail.isBlank()) {
			throw new InvalidInputException("user", "Enter the username or email address of the person to share with.");
		}
		if (usernameOrEmail.length() > 254) {
			throw new InvalidInputException("user", "That is not a username or email address.");
		}
		// Sign-up already tells whether a username is taken, so saying "no such user"
		// reveals nothing new.
		return this.users.findUser(usernameOrEmail)
			.orElseThrow(() -> new NotFoundException("There is no user with that username or email address."));
	}

	private void audit(String action, String kind, String subjectId, String details) {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		this.events.publishEvent(new SecurityEvent(action, (caller != null) ? caller.getName() : null, null,
				kind + ":" + subjectId, SecurityEvent.Outcome.SUCCESS, details));
	}

}
