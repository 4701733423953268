package dev.coffer.server.audit;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.authorization.event.AuthorizationDeniedEvent;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.coffer.server.SecurityEvent;
import dev.coffer.server.SecurityEvent.Outcome;
import dev.coffer.server.files.BlobIntegrityFailure;
import dev.coffer.server.security.SecondFactors;

/**
 * Turns what the application and Spring Security publish into audit entries, and passes
 * each entry on to {@link IntrusionSignals}. Listeners run in the publishing thread, so
 * the client address of the request is at hand; the entry is written in a transaction of
 * its own, or, for a change published as {@link SecurityEvent.Committing}, in the
 * change's transaction (see {@link AuditLog}).
 */
@Component
class AuditListeners {

	private static final Logger logger = LoggerFactory.getLogger(AuditLog.class);

	private final AuditLog log;

	private final IntrusionSignals signals;

	private final SecondFactors secondFactors;

	AuditListeners(AuditLog log, IntrusionSignals signals, SecondFactors secondFactors) {
		this.log = log;
		this.signals = signals;
		this.secondFactors = secondFactors;
	}

	/**
	 * Records the event. A failure to record never fails the action itself (an upload
	 * that committed must not answer 500 because the audit table was briefly
	 * unavailable); it is logged at ERROR with the whole event, so the server log still
	 * holds it.
	 */
	@EventListener
	void on(SecurityEvent event) {
		AuditEntry entry;
		try {
			entry = this.log.append(event);
		}
		catch (RuntimeException ex) {
			logger.error("AUDIT APPEND FAILED for {} {} actor={} address={} target={} details={}", event.action(),
					event.outcome(), event.actor(), event.clientAddress(), event.target(), event.details(), ex);
			return;
		}
		recorded(entry);
	}

	/**
	 * Records a change's event in the change's own transaction, just before it commits.
	 * Here a failure to record fails the change: it rolls back, so nothing is done that
	 * the log does not show. The log line and the intrusion check wait for the commit.
	 */
	@EventListener
	void on(SecurityEvent.Committing committing) {
		AuditEntry entry = this.log.appendInTransaction(committing.event());
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				// The change has committed: nothing here may make its caller think
				// otherwise.
				try {
					recorded(entry);
				}
				catch (RuntimeException ex) {
					logger.error("After audit id={} {} was committed, logging or checking it failed", entry.id(),
							entry.action(), ex);
				}
			}
		});
	}

	private void recorded(AuditEntry entry) {
		logger.info("audit id={} {} {} actor={} address={} target={}", entry.id(), entry.action(), entry.outcome(),
				entry.actor(), entry.clientAddress(), entry.target());
		this.signals.check(entry);
	}

	@EventListener
	void on(BlobIntegrityFailure failure) {
		on(new SecurityEvent("blob.integrity_failure", currentUser(), null, "file:" + failure.fileId(), Outcome.FAILURE,
				"version " + failure.versionNumber() + ", blob " + failure.blobId()));
	}

	/**
	 * Password logins only: bearer-token requests authenticate on every call and would
	 * flood the log. The password signs in only an account without a second factor; for
	 * the others it is the first of two steps, and the second step records the sign-in
	 * (mfa.SecondFactorService), so the log never says "signed in" for a session that has
	 * not.
	 */
	@EventListener
	void on(AuthenticationSuccessEvent success) {
		if (success.getAuthentication() instanceof UsernamePasswordAuthenticationToken authentication) {
			String username = authentication.getName();
			String action = this.secondFactors.passwordSuffices(username) ? "login.succeeded"
					: "login.password_accepted";
			on(new SecurityEvent(action, username, null, null, Outcome.SUCCESS, null));
		}
	}

	/**
	 * A password login records the name as typed, whether or not such an account exists:
	 * the client is told nothing new, the admin sees who was tried. Any other attempt (a
	 * refused API token) records no name: a bearer token's "name" is the token itself.
	 */
	@EventListener
	void on(AbstractAuthenticationFailureEvent failure) {
		String details = failure.getException().getClass().getSimpleName();
		if (failure.getAuthentication() instanceof UsernamePasswordAuthenticationToken attempt) {
			String typed = (attempt.getName() != null) ? attempt.getName().strip().toLowerCase(Locale.ROOT) : null;
			on(new SecurityEvent("login.failed", typed, null, null, Outcome.FAILURE, details));
		}
		else {
			on(new SecurityEvent("authentication.failed", null, null, null, Outcome.FAILURE, details));
		}
	}

	@EventListener
	void on(LogoutSuccessEvent logout) {
		on(new SecurityEvent("logout", logout.getAuthentication().getName(), null, null, Outcome.SUCCESS, null));
	}

	/**
	 * A signed-in user refused by the URL rules (answered 404). Anonymous visitors
	 * refused are sent to the login page: that is not worth an entry.
	 */
	@EventListener
	void on(AuthorizationDeniedEvent<?> denied) {
		Authentication authentication = denied.getAuthentication().get();
		if (authentication == null || !authentication.isAuthenticated()
				|| "anonymousUser".equals(authentication.getName())) {
			return;
		}
		String target = (denied.getObject() instanceof jakarta.servlet.http.HttpServletRequest request)
				? "path:" + request.getRequestURI() : null;
		on(new SecurityEvent("access.denied", authentication.getName(), null, target, Outcome.DENIED, null));
	}

	private static String currentUser() {
		Authentication authentication = org.springframework.security.core.context.SecurityContextHolder.getContext()
			.getAuthentication();
		return (authentication != null && authentication.isAuthenticated()) ? authentication.getName() : null;
	}

}
