package dev.coffer.server.sharing;

import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.ui.ModelMap;

import dev.coffer.server.files.FileAccess;
import dev.coffer.server.files.FileDetailSection;

/**
 * The sharing and comments parts of a file's page: whose file it is, who it is shared
 * with (for its owner only) and the comments.
 */
@Component
class SharingSection implements FileDetailSection {

	private final ShareService shares;

	private final CommentService comments;

	SharingSection(ShareService shares, CommentService comments) {
		this.shares = shares;
		this.comments = comments;
	}

	@Override
	public void addTo(String userId, FileAccess access, ModelMap model) {
		model.addAttribute("fileOwner", this.shares.usernameOf(access.file().ownerId()));
		model.addAttribute("shares", access.isOwner() ? this.shares.list(access) : List.of());
		model.addAttribute("comments", this.comments.list(userId, access));
		model.addAttribute("commentMaxLength", CommentBodies.MAX_LENGTH);
	}

}
