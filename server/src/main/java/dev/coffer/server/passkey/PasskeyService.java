package dev.coffer.server.passkey;

import java.util.List;
import java.util.regex.Pattern;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.coffer.server.NotFoundException;
import dev.coffer.server.SecurityEvent;
import dev.coffer.server.SecurityEvent.Outcome;
import dev.coffer.server.account.CurrentUser;

/**
 * A user's passkeys: list, delete, and the admin's reset. Registration and sign-in are
 * Spring Security's WebAuthn filters (see {@link PasskeyRelyingParty}).
 */
@Service
public class PasskeyService {

	/** Base64url of at most 1023 bytes, the WebAuthn limit for a credential id. */
	private static final Pattern CREDENTIAL_ID = Pattern.compile("[A-Za-z0-9_-]{1,1400}");

	private final PasskeyRepository repository;

	private final ApplicationEventPublisher events;

	PasskeyService(PasskeyRepository repository, ApplicationEventPublisher events) {
		this.repository = repository;
		this.events = events;
	}

	List<Passkey> list(String username) {
		return this.repository.findByUsername(username);
	}

	/**
	 * Whether the user has at least one passkey, which then counts as a second factor.
	 */
	public boolean hasPasskeys(String username) {
		return this.repository.exists(username);
	}

	/**
	 * Deletes one of the user's own passkeys.
	 * @throws NotFoundException if the user has no passkey with that id, whoever else may
	 */
	@Transactional
	void delete(CurrentUser owner, String credentialId, String clientAddress) {
		// Spring Security keeps passkeys under the username.
		String username = owner.username();
		if (credentialId == null || !CREDENTIAL_ID.matcher(credentialId).matches()
				|| !this.repository.delete(username, credentialId)) {
			throw new NotFoundException("No such passkey.");
		}
		this.events.publishEvent(new SecurityEvent("passkey.deleted", username, clientAddress, "user:" + username,
				Outcome.SUCCESS, null));
	}

	/**
	 * Removes all of a user's passkeys (the admin's "reset second factor"); the caller
	 * records the admin action.
	 * @return how many there were
	 */
	@Transactional
	public int removeAll(String username) {
		return this.repository.deleteAll(username);
	}

}
