package dev.coffer.server.sharing;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.coffer.server.DomainException;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.files.FileDetailPage;

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
		try {
			this.comments.add(user, id, body);
			redirect.addFlashAttribute("success", "Comment added.");
			return new ModelAndView("redirect:/files/" + id + "#comments");
		}
		catch (DomainException ex) {
			ModelAndView page = this.detailPage.render(user, id, ex);
			page.addObject("commentDraft", body);
			return page;
		}
	}

	@PostMapping("/files/{id}/comments/{commentId}/delete")
	ModelAndView delete(CurrentUser current, @PathVariable String id, @PathVariable String commentId,
			RedirectAttributes redirect) {
		String user = current.id();
		try {
			this.comments.delete(user, id, commentId);
			redirect.addFlashAttribute("success", "Comment deleted.");
			return new ModelAndView("redirect:/files/" + id + "#comments");
		}
		catch (DomainException ex) {
			return this.detailPage.render(user, id, ex);
		}
	}

}
