package dev.coffer.server.sharing;

import java.util.HashMap;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.files.FileDetailPage;
import dev.coffer.server.files.FilePageForm;

/** The comment forms on a file's page. */
@Controller
class CommentsController {

	private final CommentService comments;

	private final FileDetailPage detailPage;

	CommentsController(CommentService comments, FileDetailPage detailPage) {
		this.comments = comments;
		this.detailPage = detailPage;
	}

	@PostMapping("/files/{id}/comments")
	ModelAndView add(CurrentUser current, @PathVariable String id, @RequestParam(required = false) String body,
			RedirectAttributes redirect) {
		String user = current.id();
		Map<String, String> typed = new HashMap<>();
		typed.put("body", body);
		return this.detailPage.submit(user, id, FilePageForm.COMMENT, typed, redirect, () -> {
			this.comments.add(user, id, body);
			return "Comment added.";
		});
	}

	@PostMapping("/files/{id}/comments/{commentId}/delete")
	ModelAndView delete(CurrentUser current, @PathVariable String id, @PathVariable String commentId,
			RedirectAttributes redirect) {
		String user = current.id();
		return this.detailPage.submit(user, id, FilePageForm.COMMENTS, redirect, () -> {
			this.comments.delete(user, id, commentId);
			return "Comment deleted.";
		});
	}

}
