package dev.coffer.server.mfa;

import org.springframework.stereotype.Component;
import org.springframework.ui.ModelMap;

import dev.coffer.server.account.AccountPageSection;
import dev.coffer.server.account.User;

/** Shows on the account page whether two-step verification is on. */
@Component
class SecondFactorSection implements AccountPageSection {

	private final SecondFactorService secondFactors;

	SecondFactorSection(SecondFactorService secondFactors) {
		this.secondFactors = secondFactors;
	}

	@Override
	public void addTo(User user, ModelMap model) {
		boolean enabled = this.secondFactors.isEnabled(user);
		model.addAttribute("totpEnabled", enabled);
		model.addAttribute("secondFactorRequired", this.secondFactors.isRequired());
		model.addAttribute("recoveryCodesLeft", enabled ? this.secondFactors.unusedRecoveryCodes(user) : 0);
	}

}
