package dev.coffer.server.account;

/** What the sign-up page posts. Passwords are never echoed back into the page. */
public record SignUpForm(String username, String email, String password, String passwordConfirmation, String invite) {

	@Override
	public String toString() {
		return "SignUpForm[username=" + this.username + "]";
	}

}
