package dev.coffer.server.sharing.links;

/**
 * A folder link found by its token, with the folder's owner and name, and whether the
 * owner's account is enabled (a disabled account's links serve nothing until it is
 * enabled again).
 */
record LinkedFolder(FolderLink link, String ownerId, String folderName, boolean ownerEnabled) {
}
