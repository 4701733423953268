package dev.coffer.server.token;

import java.time.Instant;

/**
 * One device's request to be signed in, from the moment it asked until it received its
 * token (or was denied, or expired). The codes themselves are never kept.
 *
 * @param id the row's id
 * @param deviceName what the device calls itself: shown for approval, the token's name
 * @param clientAddress where the request came from, shown for approval
 * @param createdAt when the device asked
 * @param expiresAt when the codes stop working
 * @param pollIntervalSeconds how long the device must wait between polls
 * @param lastPolledAt its last poll, or {@code null}
 * @param userId who approved or denied it, or {@code null} while pending
 * @param decision {@code APPROVED}, {@code DENIED}, or {@code null} while pending
 * @param consumedAt when the token was handed out, or {@code null}
 */
record DeviceAuthorization(String id, String deviceName, String clientAddress, Instant createdAt, Instant expiresAt,
		int pollIntervalSeconds, Instant lastPolledAt, String userId, String decision, Instant consumedAt) {

	static final String APPROVED = "APPROVED";

	static final String DENIED = "DENIED";

	boolean expired(Instant now) {
		return !now.isBefore(this.expiresAt);
	}

	boolean pending() {
		return this.decision == null;
	}

}
