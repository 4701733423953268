package dev.coffer.server.sharing.links;

import java.time.Clock;

import org.springframework.stereotype.Component;
import org.springframework.ui.ModelMap;

import dev.coffer.server.CofferProperties;
import dev.coffer.server.files.FileAccess;
import dev.coffer.server.files.FileDetailSection;

/**
 * Lists a file's links on its page: all of them for the owner, their own for an editor
 * the owner lets make links; nothing for anyone else. Tells the owner's sharing dialog
 * whether editors may make links.
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
		if (access.isOwner()) {
			model.addAttribute("editorsMayCreateLinks", this.links.editorsMayCreateLinks(access));
		}
		var shown = this.links.listForPage(userId, access);
		if (shown == null) {
			return;
		}
		model.addAttribute("links", shown);
		// One "now" for the whole list, so every status is judged at the same moment.
		model.addAttribute("linksAt", this.clock.instant());
		addExpiryChoices(this.settings, model);
	}

	/**
	 * What a form that makes a link (to a file or a folder) offers for its expiry: the
	 * configured maximum and default, in whole days.
	 */
	static void addExpiryChoices(CofferProperties.Links settings, ModelMap model) {
		model.addAttribute("linkMaxExpiryDays", Math.max(1, settings.maxExpiry().toDays()));
		model.addAttribute("linkDefaultExpiryDays",
				Math.max(1, Math.min(settings.defaultExpiry().toDays(), settings.maxExpiry().toDays())));
	}

}
