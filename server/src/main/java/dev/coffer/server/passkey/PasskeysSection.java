package dev.coffer.server.passkey;

import org.springframework.stereotype.Component;
import org.springframework.ui.ModelMap;

import dev.coffer.server.account.AccountPageSection;
import dev.coffer.server.account.User;

/** Lists the user's passkeys on the account page. */
@Component
class PasskeysSection implements AccountPageSection {

	private final PasskeyService passkeys;

	PasskeysSection(PasskeyService passkeys) {
		this.passkeys = passkeys;
	}

	@Override
	public void addTo(User user, ModelMap model) {
		model.addAttribute("passkeys", this.passkeys.list(user.username()));
		model.addAttribute("passkeyNameLength", PasskeyRelyingParty.MAX_NAME_LENGTH);
	}

}
