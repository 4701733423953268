package dev.coffer.server.files;

/** Body of {@code PATCH /api/v1/files/{id}}. */
record RenameRequest(String name) {
}
