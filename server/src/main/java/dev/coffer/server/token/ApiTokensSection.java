package dev.coffer.server.token;

import java.time.Clock;

import org.springframework.stereotype.Component;
import org.springframework.ui.ModelMap;

import dev.coffer.server.account.AccountPageSection;
import dev.coffer.server.account.User;

/** Lists the user's API tokens on the account page. */
@Component
class ApiTokensSection implements AccountPageSection {

	private final ApiTokenService tokens;

	private final Clock clock;

	ApiTokensSection(ApiTokenService tokens, Clock clock) {
		this.tokens = tokens;
		this.clock = clock;
	}

	@Override
	public void addTo(User user, ModelMap model) {
		model.addAttribute("apiTokens", this.tokens.list(user));
		// One "now" for the whole list, so every status is judged at the same moment.
		model.addAttribute("apiTokensAt", this.clock.instant());
	}

}
