package dev.coffer.server.files;

import java.util.List;

import dev.coffer.server.storage.BlobPart;

/**
 * A version of a file that one user may read, with their access to the file: found by the
 * one query that finds the version and proves access (DESIGN.md §3), as every download,
 * preview and ZIP entry needs both.
 *
 * @param parts the parts of the version's blob, read by the same query: all that opening
 * its content needs besides the blob store ({@link FileService#open(ReadableVersion)})
 */
public record ReadableVersion(FileAccess access, FileVersion version, List<BlobPart> parts) {
}
