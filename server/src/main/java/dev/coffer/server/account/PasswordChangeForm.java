package dev.coffer.server.account;

/** What the change-password form posts. */
public record PasswordChangeForm(String currentPassword, String newPassword, String newPasswordConfirmation) {

	@Override
	public String toString() {
		return "PasswordChangeForm[***]";
	}

}
