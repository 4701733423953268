package dev.coffer.server.passkey;

import java.time.Instant;

/**
 * A registered passkey as its owner sees it.
 *
 * @param id the credential id, base64url
 * @param name the name the owner gave it
 * @param createdAt when it was registered
 * @param lastUsedAt when it last signed in, or {@code null}
 */
public record Passkey(String id, String name, Instant createdAt, Instant lastUsedAt) {

}
