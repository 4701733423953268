package dev.coffer.server.admin;

/**
 * What the admin system page counts.
 *
 * @param users accounts
 * @param files files
 * @param versions file versions (one blob and one data key each)
 * @param plaintextBytes the size of every version's content
 * @param storedBytes what storage holds for them (encrypted parts)
 */
record SystemFacts(long users, long files, long versions, long plaintextBytes, long storedBytes) {
}
