package dev.coffer.server.files;

/**
 * A version of a file that one user may read, with their access to the file: found by the
 * one query that finds the version and proves access (DESIGN.md §3), as every download,
 * preview and ZIP entry needs both.
 */
public record ReadableVersion(FileAccess access, FileVersion version) {
}
