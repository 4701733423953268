package dev.coffer.server.sharing.links;

/** A folder link found by its token, with the folder's owner and name. */
record LinkedFolder(FolderLink link, String ownerId, String folderName) {
}
