package dev.coffer.server.files;

import java.util.List;

/**
 * What to download as one ZIP: files by id, and folders by id (with everything in them).
 */
record ZipRequest(List<String> ids, List<String> folderIds) {
}
