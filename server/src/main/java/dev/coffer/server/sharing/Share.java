package dev.coffer.server.sharing;

import java.time.Instant;

import dev.coffer.server.files.Permission;

/** One user's grant on one file. */
public record Share(String fileId, String granteeId, String grantee, Permission permission, Instant createdAt) {
}
