package dev.coffer.server.sharing.links;

/**
 * A link found by its token, with what the public page and the download need about its
 * file: read in one query.
 *
 * @param ownerId the file's owner
 * @param fileName the file's name now
 */
record LinkedFile(ShareLink link, String ownerId, String fileName) {
}
