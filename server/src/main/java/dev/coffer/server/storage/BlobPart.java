package dev.coffer.server.storage;

/** One encrypted part of a blob, as recorded in {@code blob_parts}. */
public record BlobPart(int number, long plaintextSize, long ciphertextSize) {
}
