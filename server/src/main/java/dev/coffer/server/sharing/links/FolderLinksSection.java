package dev.coffer.server.sharing.links;

import java.time.Clock;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.ui.ModelMap;

import dev.coffer.server.CofferProperties;
import dev.coffer.server.files.FolderAccess;
import dev.coffer.server.files.FolderPageSection;

/**
 * A folder's public links on its page, with what the form to make one needs: for the
 * owner only, and not on the top folder, which cannot have one.
 */
@Component
class FolderLinksSection implements FolderPageSection {

	private final FolderLinkService links;

	private final Clock clock;

	private final CofferProperties.Links settings;

	FolderLinksSection(FolderLinkService links, Clock clock, CofferProperties coffer) {
		this.links = links;
		this.clock = clock;
		this.settings = coffer.links();
	}

	@Override
	public void addTo(String userId, FolderAccess access, ModelMap model) {
		List<FolderLink> shown = this.links.listForPage(access);
		model.addAttribute("folderLinkable", shown != null);
		model.addAttribute("folderLinks", (shown != null) ? shown : List.of());
		// One "now" for the whole list, so every status is judged at the same moment.
		model.addAttribute("folderLinksAt", this.clock.instant());
		LinksSection.addExpiryChoices(this.settings, model);
	}

}
