package dev.coffer.server.sharing.requests;

import java.time.Clock;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

import dev.coffer.server.sharing.secretlinks.SecretLinks;
import dev.coffer.server.throttle.Throttle;
import dev.coffer.server.throttle.Throttle.Subject;
import dev.coffer.server.throttle.ThrottleRule;
import dev.coffer.server.throttle.ThrottleRule.Limit;

/**
 * What the drop box checks of a sender's browser before it takes files, for the form post
 * ({@link DropBoxController}) and resumable uploads ({@link DropBoxUploadController})
 * alike: a limit on posts per client address, an unlocked password, and a minimum time
 * between showing the form and sending it. The time it was shown is kept in the anonymous
 * session, which exists anyway for the CSRF token.
 */
@Component
class DropBoxSession {

	private static final String SHOWN_AT = DropBoxSession.class.getName() + ".shownAt.";

	private final Throttle throttle;

	private final ThrottleRule posts;

	private final RequestsProperties settings;

	private final DropBox dropBox;

	private final Clock clock;

	DropBoxSession(Throttle throttle, RequestsProperties settings, DropBox dropBox, Clock clock) {
		this.throttle = throttle;
		this.posts = new ThrottleRule("request.post",
				new Limit(settings.postsPerHour(), Duration.ofHours(1), Duration.ofMinutes(15)));
		this.settings = settings;
		this.dropBox = dropBox;
		this.clock = clock;
	}

	/**
	 * Counts a post (or the start of a resumable upload) against the client's network.
	 * @throws dev.coffer.server.RetryLaterException when it has sent too many
	 */
	void countPost(HttpServletRequest http) {
		this.throttle.begin(new Subject(this.posts, Throttle.clientNetwork(http.getRemoteAddr())));
	}

	/** Whether the link asks for a password this session has not given. */
	boolean isLocked(FileRequest request, HttpServletRequest http) {
		return request.passwordProtected() && !SecretLinks.isUnlocked(http, request.id());
	}

	void formShown(FileRequest request, HttpServletRequest http) {
		http.getSession().setAttribute(SHOWN_AT + request.id(), this.clock.millis());
	}

	/** A post went through: the next one needs the form shown again. */
	void formSent(FileRequest request, HttpServletRequest http) {
		http.getSession().removeAttribute(SHOWN_AT + request.id());
	}

	/**
	 * Refuses, as a suspected bot, a post that comes sooner after the form was shown than
	 * a person could fill it, or without the form shown in this session.
	 */
	void requireMinimumFillTime(FileRequest request, HttpServletRequest http) {
		if (this.settings.minFillTime().isZero()) {
			return;
		}
		Object shownAt = http.getSession().getAttribute(SHOWN_AT + request.id());
		if (!(shownAt instanceof Long millis)
				|| this.clock.millis() - millis < this.settings.minFillTime().toMillis()) {
			this.dropBox.rejected(request, null, http, "posted too fast");
			throw new DropBox.SuspectedBotException("posted too fast");
		}
	}

}
