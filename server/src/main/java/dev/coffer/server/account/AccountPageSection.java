package dev.coffer.server.account;

import org.springframework.ui.ModelMap;

/**
 * A part of the account page that another feature contributes (API tokens today, second
 * factors later). The feature keeps its data and rules; the account package only knows
 * that a section exists, so dependencies keep pointing from features to accounts.
 */
public interface AccountPageSection {

	/**
	 * Adds what this section's part of {@code account/account.html} needs to show for
	 * {@code user}.
	 */
	void addTo(User user, ModelMap model);

}
