package dev.coffer.server.account;

/**
 * The signed-in user of this request, whether by session or by API token. A controller
 * method takes it as a parameter ({@link CurrentUserResolver}) and hands services the
 * {@link #id()}, never the username.
 */
public record CurrentUser(String id, String username) {

	/**
	 * The attribute in which a principal authenticated per request (an API token, looked
	 * up with its owner in one query) carries its user's id, so that it is not looked up
	 * again by name.
	 */
	public static final String USER_ID_ATTRIBUTE = "coffer_user_id";

}
