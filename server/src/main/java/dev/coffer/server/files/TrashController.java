package dev.coffer.server.files;

import java.util.List;

import java.util.function.Supplier;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.coffer.server.DomainException;
import dev.coffer.server.SizeFormatter;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.files.TrashEntry.Kind;

/**
 * The trash page ({@code /trash}): what the user deleted, with restore and delete-forever
 * buttons, and a button that empties it. Every change is a POST with the CSRF token.
 */
@Controller
class TrashController {

	private static final String REDIRECT = "redirect:/trash";

	private final Trash trash;

	private final Quotas quotas;

	TrashController(Trash trash, Quotas quotas) {
		this.trash = trash;
		this.quotas = quotas;
	}

	@GetMapping("/trash")
	ModelAndView page(CurrentUser current) {
		ModelAndView page = new ModelAndView("files/trash");
		List<TrashEntry> entries = this.trash.list(current.id());
		page.addObject("entries", entries);
		page.addObject("trashBytes",
				entries.stream().mapToLong((entry) -> (entry.size() != null) ? entry.size() : 0).sum());
		page.addObject("trash", this.trash);
		page.addObject("usage", this.quotas.usage(current.id()));
		page.addObject("sizes", new SizeFormatter());
		return page;
	}

	@PostMapping("/trash/{kind}/{id}/restore")
	ModelAndView restore(CurrentUser current, @PathVariable String kind, @PathVariable String id,
			RedirectAttributes redirect) {
		return act(redirect, () -> {
			Trash.Restored restored = this.trash.restore(current.id(), Kind.fromPath(kind), id);
			return "Restored \"" + restored.entry().name() + "\"" + (restored.intoTopFolder()
					? " into My files, because its folder is in the trash or deleted." : ".");
		});
	}

	@PostMapping("/trash/{kind}/{id}/delete")
	ModelAndView deleteForever(CurrentUser current, @PathVariable String kind, @PathVariable String id,
			RedirectAttributes redirect) {
		return act(redirect, () -> "Deleted \"" + this.trash.deleteForever(current.id(), Kind.fromPath(kind), id).name()
				+ "\" for good.");
	}

	@PostMapping("/trash/empty")
	ModelAndView empty(CurrentUser current, RedirectAttributes redirect) {
		return act(redirect, () -> {
			int deleted = this.trash.empty(current.id());
			return (deleted == 1) ? "Deleted 1 item for good." : "Deleted " + deleted + " items for good.";
		});
	}

	private static ModelAndView act(RedirectAttributes redirect, Supplier<String> change) {
		try {
			redirect.addFlashAttribute("success", change.get());
		}
		catch (DomainException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return new ModelAndView(REDIRECT);
	}

}
