package dev.coffer.server.sharing.links;

/**
 * A link found by its token, with what the public page and the download need about its
 * file: read in one query.
 *
 * @param ownerId the file's owner
 * @param fileName the file's name now
 * @param ownerEnabled whether the owner's account is enabled: a disabled account's links
 * serve nothing until it is enabled again
 */
record LinkedFile(ShareLink link, String ownerId, String fileName, boolean ownerEnabled) {
}
