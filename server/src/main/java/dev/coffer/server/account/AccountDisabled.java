package dev.coffer.server.account;

/**
 * Published, inside the transaction that disables it, when an account is disabled: what
 * other packages hold for the account and must end with it (its API tokens) listens for
 * this, so that the account package need not know them.
 *
 * @param by the admin who disabled it on the admin page; {@code null} for an operator
 * command
 */
public record AccountDisabled(String userId, String username, String by) {
}
