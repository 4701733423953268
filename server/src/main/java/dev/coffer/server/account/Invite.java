package dev.coffer.server.account;

import java.time.Instant;

/**
 * A one-time sign-up invitation. The token itself is shown once to the admin who made it
 * and never stored: the database keeps only its SHA-256.
 */
record Invite(String id, Instant expiresAt) {
}
