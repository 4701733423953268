package dev.coffer.server.sharing.links;

import java.time.Clock;

import org.springframework.stereotype.Component;
import org.springframework.ui.ModelMap;

import dev.coffer.server.CofferProperties;
import dev.coffer.server.files.FileAccess;
import dev.coffer.server.files.FileDetailSection;

/**
 * Lists a file's links on its page, for the owner only: nobody else may see or manage
 * them.
 */
@Component
class LinksSection implements FileDetailSection {

	private final ShareLinkService links;

	private final Clock clock;

	private final CofferProperties.Links settings;

	LinksSection(ShareLinkService links, Clock clock, CofferProperties coffer) {
		this.links = links;
		this.clock = clock;
		this.settings = coffer.links();
	}

	@Override
	public void addTo(String userId, FileAccess access, ModelMap model) {
		if (!access.isOwner()) {
			return;
		}
		model.addAttribute("links", this.links.listOfOwnFile(access.file().id()));
		// One "now" for the whole list, so every status is judged at the same moment.
		model.addAttribute("linksAt", this.clock.instant());
		model.addAttribute("linkMaxExpiryDays", Math.max(1, this.settings.maxExpiry().toDays()));
		model.addAttribute("linkDefaultExpiryDays",
				Math.max(1, Math.min(this.settings.defaultExpiry().toDays(), this.settings.maxExpiry().toDays())));
	}

}
