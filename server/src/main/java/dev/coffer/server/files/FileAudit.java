package dev.coffer.server.files;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.coffer.server.SecurityEvent;

/**
 * Tells the audit log about a change to a file or folder that succeeded (committed), done
 * by the signed-in user (failures are recorded from the responses, see the audit
 * package).
 */
@Component
class FileAudit {

	private final ApplicationEventPublisher events;

	FileAudit(ApplicationEventPublisher events) {
		this.events = events;
	}

	void record(String action, String fileId, String details) {
		record(null, action, fileId, details);
	}

	/**
	 * As {@link #record(String, String, String)}; an action by a user the file is shared
	 * with says so in the details, with the permission they acted under.
	 */
	void record(FileAccess access, String action, String details) {
		record(access, action, access.file().id(), details);
	}

	/** A change to one of the signed-in user's folders. */
	void recordFolder(String action, String folderId, String details) {
		publish(action, "folder:" + folderId, details);
	}

	private void record(FileAccess access, String action, String fileId, String details) {
		String share = (access != null) ? grantee(access.permission()) : "";
		String recorded = (details != null) ? details + share : share.isEmpty() ? null : share.substring(2);
		publish(action, "file:" + fileId, recorded);
	}

	/**
	 * What {@link #record(FileAccess, String, String)} adds to the details of an action
	 * under this permission: nothing for the owner.
	 */
	static String grantee(Permission permission) {
		return (permission == Permission.OWNER) ? "" : "; as grantee with " + permission + " permission";
	}

	/**
	 * Inside a read-write transaction, the event is recorded in it just before it commits
	 * ({@link SecurityEvent.Committing}): a change undone by a rollback (one move of many
	 * that was refused, say) is not recorded as done, and the change and its entry take
	 * one commit. Inside a read-only one, it is published once that commits.
	 */
	private void publish(String action, String target, String details) {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		boolean signedIn = caller != null && !(caller instanceof AnonymousAuthenticationToken);
		SecurityEvent event = new SecurityEvent(action, signedIn ? caller.getName() : null, null, target,
				SecurityEvent.Outcome.SUCCESS, details);
		if (TransactionSynchronizationManager.isActualTransactionActive()
				&& !TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void beforeCommit(boolean readOnly) {
					FileAudit.this.events.publishEvent(new SecurityEvent.Committing(event));
				}
			});
		}
		else if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					FileAudit.this.events.publishEvent(event);
				}
			});
		}
		else {
			this.events.publishEvent(event);
		}
	}

}
