package dev.coffer.server.files;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;

import dev.coffer.server.PreconditionFailedException;

/**
 * The {@code If-Match} and {@code If-None-Match} of a write through the API (RFC 9110
 * §13.1.1, §13.1.2), checked against the file it would change: {@code If-Match} with the
 * ETag a download gave saves only over that version, {@code If-None-Match: *} creates
 * only where no file of the name is. The check that counts runs in the transaction that
 * makes the change, under the owner's lock ({@link FileRepository#lockOwner}) that every
 * change of a version takes, so no other write slips between it and the change; the same
 * check before a body is read only spares reading one that would be refused.
 *
 * @param ifMatch the header's value, or null
 * @param ifNoneMatch the header's value, or null
 */
public record WritePreconditions(String ifMatch, String ifNoneMatch) {

	/** No conditions: every write goes ahead. */
	public static final WritePreconditions NONE = new WritePreconditions(null, null);

	/** The conditions a request's headers carry. */
	public static WritePreconditions of(HttpServletRequest request) {
		return new WritePreconditions(request.getHeader(HttpHeaders.IF_MATCH),
				request.getHeader(HttpHeaders.IF_NONE_MATCH));
	}

	/** Whether there is no condition to check. */
	public boolean isNone() {
		return this.ifMatch == null && this.ifNoneMatch == null;
	}

	/**
	 * Refuses the write unless both conditions hold (§13.2.2: {@code If-Match} first).
	 * {@code If-Match} compares strongly: a weak tag ({@code W/"…"}) never matches.
	 * @param currentSha256 the SHA-256 of the current version of the file the write would
	 * change, or null if there is no such file
	 * @throws PreconditionFailedException if a condition does not hold
	 */
	public void check(String currentSha256) {
		boolean exists = currentSha256 != null;
		String etag = exists ? EntityTags.of(currentSha256) : null;
		if (this.ifMatch != null && !EntityTags.matches(this.ifMatch, exists, etag, false)) {
			throw new PreconditionFailedException(exists
					? "The file changed since you read it: its ETag is now " + etag
							+ ". Nothing was changed; fetch it again and retry with that ETag in If-Match."
					: "There is no file here for If-Match to match. Nothing was changed.", etag);
		}
		if (this.ifNoneMatch != null && EntityTags.matches(this.ifNoneMatch, exists, etag, true)) {
			throw new PreconditionFailedException(
					"The file exists already (ETag " + etag + "), and If-None-Match says to write only where "
							+ ("*".equals(this.ifNoneMatch.strip()) ? "there is none" : "it is not that version")
							+ ". Nothing was changed.",
					etag);
		}
	}

}
