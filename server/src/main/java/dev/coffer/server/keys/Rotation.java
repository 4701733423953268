package dev.coffer.server.keys;

import java.time.Instant;

/**
 * One master key rotation.
 *
 * @param id the rotation's id
 * @param newKeyId the master key that became the primary
 * @param previousKeyId the primary before, if known
 * @param rotatedAt when the new key became the primary
 * @param rotatedBy who rotated: a username, {@code operator} for the command, or
 * {@code environment} for a new key set in {@code COFFER_MASTER_KEYSET}
 * @param rewrapCompletedAt when every data key was wrapped by the new key; null while the
 * re-wrap job is at work
 */
public record Rotation(String id, int newKeyId, Integer previousKeyId, Instant rotatedAt, String rotatedBy,
		Instant rewrapCompletedAt) {
}
