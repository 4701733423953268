package dev.coffer.server.files;

/**
 * Body of {@code PATCH /api/v1/files/{id}} and {@code PATCH /api/v1/folders/{id}}: a new
 * name, a new folder ({@code folderId} for a file, {@code parentId} for a folder;
 * {@code root} is the top), or both.
 */
record RenameRequest(String name, String folderId, String parentId) {
}
