package dev.coffer.server.admin;

import dev.coffer.server.keys.KeyRingStatus;

/**
 * Where master key rotation stands, as one answer for the system page: a rotation goes
 * from adding its key to re-wrapping the data keys, and only then is it complete.
 */
enum RotationPhase {

	/** The ring was never rotated and every key is on the primary. */
	NEVER_ROTATED,

	/**
	 * Step 1 of 2: this server has added a new key and waits for every server to load it
	 * before making it the primary.
	 */
	ADDING_KEY,

	/** Step 2 of 2: the new key is the primary; data keys are still being re-wrapped. */
	REWRAPPING,

	/** The last rotation's re-wrap has finished. */
	COMPLETE;

	static RotationPhase of(KeyRingStatus status, boolean addingKeyHere) {
		if (addingKeyHere) {
			return ADDING_KEY;
		}
		boolean rewrapUnfinished = status.lastRotation() != null && status.lastRotation().rewrapCompletedAt() == null;
		if (rewrapUnfinished || status.dataKeysNotOnPrimary() > 0) {
			return REWRAPPING;
		}
		return (status.lastRotation() != null) ? COMPLETE : NEVER_ROTATED;
	}

	boolean inProgress() {
		return this == ADDING_KEY || this == REWRAPPING;
	}

}
