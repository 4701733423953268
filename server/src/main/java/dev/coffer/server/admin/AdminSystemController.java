package dev.coffer.server.admin;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.coffer.server.DomainException;
import dev.coffer.server.SizeFormatter;
import dev.coffer.server.account.CurrentUser;
import dev.coffer.server.keys.KeyRingStatus;
import dev.coffer.server.keys.MasterKeyRotation;
import dev.coffer.server.keys.RotationPhase;

/**
 * The admin system page: version, storage used, counts, master keys with how many file
 * data keys and TOTP secrets each wraps, where rotation stands, and a confirmed button
 * that rotates the master key. Only admins reach {@code /admin/**}; anyone else gets a
 * 404 (see the security configuration).
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
		model.addAttribute("sizes", new SizeFormatter());
		KeyRingStatus keys = this.rotation.status();
		model.addAttribute("keys", keys);
		RotationPhase phase = RotationPhase.of(keys, this.rotation.rotationInProgress());
		model.addAttribute("phase", phase.name());
		model.addAttribute("rotationInProgress", phase.inProgress());
		return VIEW;
	}

	/**
	 * Starts a rotation once the admin has ticked the confirmation box (the form's
	 * {@code required} checkbox, checked here too), and not while one is in progress.
	 */
	@PostMapping("/admin/system/rotate")
	String rotate(CurrentUser current, @RequestParam(defaultValue = "false") boolean confirm,
			RedirectAttributes redirect) {
		if (!confirm) {
			redirect.addFlashAttribute("error", "Nothing was rotated: tick the box to confirm the rotation first.");
			return "redirect:/admin/system";
		}
		try {
			this.rotation.startRotation(current.username());
			redirect.addFlashAttribute("success", "Master key rotation started. The new key becomes the primary once "
					+ "every server has loaded it; then the data keys are re-wrapped in the background.");
		}
		catch (DomainException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/admin/system";
	}

}
