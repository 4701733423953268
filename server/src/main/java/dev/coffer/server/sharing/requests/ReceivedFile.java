package dev.coffer.server.sharing.requests;

import java.time.Instant;

/**
 * A file that arrived through a request link, with what its sender typed (as typed:
 * render escaped).
 *
 * @param fileName the file's name now (the owner may have renamed it)
 * @param size the current version's size
 * @param message may be empty
 */
public record ReceivedFile(String fileId, String fileName, long size, String requestId, String requestTitle,
		String senderName, String senderEmail, String message, Instant receivedAt) {
}
