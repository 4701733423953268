package dev.coffer.server.account;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;

import dev.coffer.server.DomainException;
import dev.coffer.server.InvalidInputException;
import dev.coffer.server.web.ErrorResponses;

/**
 * The signed-in user's account page with every {@link AccountPageSection}. A form on the
 * page that fails renders the whole page again, with the message next to its section and
 * the error's status, whichever feature's controller handled the form.
 */
@Component
public class AccountPage {

	static final String VIEW = "account/account";

	private final AccountService accounts;

	private final ObjectProvider<AccountPageSection> sections;

	AccountPage(AccountService accounts, ObjectProvider<AccountPageSection> sections) {
		this.accounts = accounts;
		this.sections = sections;
	}

	public ModelAndView render(String userId) {
		return render(userId, null, null);
	}

	/**
	 * The page with {@code error} shown in the section whose id is {@code section},
	 * answered with the status of that error.
	 */
	public ModelAndView render(String userId, String section, DomainException error) {
		HttpStatusCode status = (error != null) ? ErrorResponses.statusOf(error) : HttpStatus.OK;
		ModelAndView page = new ModelAndView(VIEW, status);
		User user = this.accounts.getById(userId);
		page.addObject("user", user);
		page.addObject("invitesWork", this.accounts.invitesWork());
		this.sections.orderedStream().forEach((part) -> part.addTo(user, page.getModelMap()));
		if (error != null) {
			page.addObject("errorSection", section);
			page.addObject("error", error.getMessage());
			page.addObject("errorField", (error instanceof InvalidInputException invalid) ? invalid.field() : null);
		}
		return page;
	}

}
