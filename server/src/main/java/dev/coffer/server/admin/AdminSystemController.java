package dev.coffer.server.admin;

import java.security.Principal;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.coffer.server.DomainException;
import dev.coffer.server.keys.MasterKeyRotation;

/**
 * The admin system page: version, storage used, counts, master keys with how many data
 * keys each wraps, the last rotation, and a button that rotates the master key. Only
 * admins reach {@code /admin/**}; anyone else gets a 404 (see the security
 * configuration).
 */
@Controller
class AdminSystemController {

	static final String VIEW = "admin/system";

	private final SystemRepository system;

	private final MasterKeyRotation rotation;

	AdminSystemController(SystemRepository system, MasterKeyRotation rotation) {
		this.system = system;
		this.rotation = rotation;
	}

	@GetMapping("/admin/system")
	String show(Model model) {
		String version = AdminSystemController.class.getPackage().getImplementationVersion();
		model.addAttribute("version", (version != null) ? version : "development build");
		model.addAttribute("facts", this.system.facts());
		model.addAttribute("keys", this.rotation.status());
		model.addAttribute("rotationInProgress", this.rotation.rotationInProgress());
		return VIEW;
	}

	@PostMapping("/admin/system/rotate")
	String rotate(Principal principal, RedirectAttributes redirect) {
		try {
			this.rotation.startRotation(principal.getName());
			redirect.addFlashAttribute("success", "Master key rotation started. The new key becomes the primary once "
					+ "every server has loaded it; then the data keys are re-wrapped in the background.");
		}
		catch (DomainException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/admin/system";
	}

}
