package dev.coffer.server.account;

/**
 * The signed-in user of this request, whether by session or by API token. A controller
 * method takes it as a parameter ({@link CurrentUserResolver}) and hands services the
 * {@link #id()}, never the username.
 */
public record CurrentUser(String id, String username) {

}
