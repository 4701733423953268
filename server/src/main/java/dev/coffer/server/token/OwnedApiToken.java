package dev.coffer.server.token;

import dev.coffer.server.account.Role;

/**
 * A stored token with what authenticating it needs to know about its owner, read in one
 * query.
 */
record OwnedApiToken(ApiToken token, String username, Role role, boolean ownerEnabled) {
}
