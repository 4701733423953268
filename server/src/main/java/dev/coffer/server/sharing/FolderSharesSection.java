package dev.coffer.server.sharing;

import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.ui.ModelMap;

import dev.coffer.server.files.FolderAccess;
import dev.coffer.server.files.FolderPageSection;

/**
 * Who the owner's folder is shared with, on the folder's page: the list the revoke
 * buttons act on. Only the owner sees it; the top folder cannot be shared. Someone it is
 * shared with sees whose folder it is instead.
 */
@Component
class FolderSharesSection implements FolderPageSection {

	private final FolderShareService shares;

	private final ShareService fileShares;

	FolderSharesSection(FolderShareService shares, ShareService fileShares) {
		this.shares = shares;
		this.fileShares = fileShares;
	}

	@Override
	public void addTo(String userId, FolderAccess access, ModelMap model) {
		boolean shareable = access.isOwner() && !access.folder().isRoot();
		model.addAttribute("folderShares",
				shareable ? this.shares.list(userId, access.folder().id()) : List.<Share>of());
		if (!access.isOwner()) {
			model.addAttribute("folderOwner", this.fileShares.usernameOf(access.folder().ownerId()));
		}
	}

}
