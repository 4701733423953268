package dev.coffer.server.sharing;

import java.time.Instant;

import dev.coffer.server.files.Permission;

/** A grant the user made on one of their files, as "Shared by me" lists it. */
public record GrantedShare(String fileId, String fileName, String grantee, Permission permission, Instant createdAt) {
}
