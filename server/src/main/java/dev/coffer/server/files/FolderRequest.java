package dev.coffer.server.files;

/**
 * Body of {@code POST /api/v1/folders}: the new folder's name and the folder to make it
 * in ({@code root}, the default, or a folder id).
 */
record FolderRequest(String name, String parentId) {
}
