package dev.coffer.server.keys;

/**
 * Where master key rotation stands, as one answer (the system page shows it; a new
 * rotation starts only when none is in progress): a rotation goes from adding its key to
 * re-wrapping the data keys, and only then is it complete.
 */
public enum RotationPhase {

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

	public static RotationPhase of(KeyRingStatus status, boolean addingKeyHere) {
		if (addingKeyHere) {
			return ADDING_KEY;
		}
		boolean rewrapUnfinished = status.lastRotation() != null && status.lastRotation().rewrapCompletedAt() == null;
		if (rewrapUnfinished || status.dataKeysNotOnPrimary() > 0) {
			return REWRAPPING;
		}
		return (status.lastRotation() != null) ? COMPLETE : NEVER_ROTATED;
	}

	public boolean inProgress() {
		return this == ADDING_KEY || this == REWRAPPING;
	}

}
