package dev.coffer.server.passkey;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialCreationOptionsRequest;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialRequestOptionsRequest;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyRegistrationRequest;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;

import dev.coffer.server.InvalidInputException;
import dev.coffer.server.SecurityEvent.Outcome;
import dev.coffer.server.SecurityEvent;
import dev.coffer.server.TextRules;

/**
 * Spring Security's WebAuthn relying party (webauthn4j), with Coffer's rules on top:
 * <ul>
 * <li><b>user verification is required</b> (PIN, fingerprint, face) when registering and
 * when signing in, so that a passkey sign-in proves possession and the user: it counts as
 * both factors;</li>
 * <li>a passkey needs a name (1–64 characters, no control characters);</li>
 * <li>registrations are recorded ({@code passkey.registered}); a registration the
 * authenticator's answer does not verify is a 400, not a 500.</li>
 * </ul>
 * The allowed origin defaults to the address the server actually listens on, which is
 * known only once it has started (tests use a random port): until then nothing can reach
 * WebAuthn anyway.
 */
class PasskeyRelyingParty implements WebAuthnRelyingPartyOperations, ApplicationListener<WebServerInitializedEvent> {

	static final int MAX_NAME_LENGTH = 64;

	private final PublicKeyCredentialUserEntityRepository userEntities;

	private final UserCredentialRepository credentials;

	private final PasskeyProperties properties;

	private final boolean tls;

	private final ApplicationEventPublisher events;

	private volatile Webauthn4JRelyingPartyOperations delegate;

	PasskeyRelyingParty(PublicKeyCredentialUserEntityRepository userEntities, UserCredentialRepository credentials,
			PasskeyProperties properties, boolean tls, ApplicationEventPublisher events) {
		this.userEntities = userEntities;
		this.credentials = credentials;
		this.properties = properties;
		this.tls = tls;
		this.events = events;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() != null) {
			return; // a separate management port, say: not where users sign in
		}
		start(allowedOrigins(event.getWebServer().getPort()));
	}

	/** The origins passkeys are accepted from, given the port the server listens on. */
	Set<String> allowedOrigins(int port) {
		if (!this.properties.allowedOrigins().isEmpty()) {
			return new LinkedHashSet<>(this.properties.allowedOrigins());
		}
		boolean defaultPort = !this.tls || port == 443;
		return Set.of("https://" + this.properties.rpId() + (defaultPort ? "" : ":" + port));
	}

	private void start(Set<String> origins) {
		PublicKeyCredentialRpEntity rp = PublicKeyCredentialRpEntity.builder()
			.id(this.properties.rpId())
			.name("Coffer")
			.build();
		Webauthn4JRelyingPartyOperations operations = new Webauthn4JRelyingPartyOperations(this.userEntities,
				this.credentials, rp, origins);
		operations.setCustomizeCreationOptions(
				(options) -> options.authenticatorSelection(AuthenticatorSelectionCriteria.builder()
					.userVerification(UserVerificationRequirement.REQUIRED)
					.residentKey(ResidentKeyRequirement.REQUIRED)
					.build()));
		operations
			.setCustomizeRequestOptions((options) -> options.userVerification(UserVerificationRequirement.REQUIRED));
		this.delegate = operations;
	}

	@Override
	public PublicKeyCredentialCreationOptions createPublicKeyCredentialCreationOptions(
			PublicKeyCredentialCreationOptionsRequest request) {
		return operations().createPublicKeyCredentialCreationOptions(request);
	}

	@Override
	public CredentialRecord registerCredential(RelyingPartyRegistrationRequest request) {
		String name = (request.getPublicKey() != null) ? request.getPublicKey().getLabel() : null;
		checkName(name);
		PublicKeyCredentialUserEntity user = request.getCreationOptions().getUser();
		CredentialRecord registered;
		try {
			registered = operations().registerCredential(request);
		}
		catch (RuntimeException ex) {
			// webauthn4j's verdict (wrong origin, challenge, signature, no user
			// verification...): the client's answer is at fault, not the server.
			throw new InvalidInputException("credential", "The passkey could not be verified. Try again.");
		}
		this.events.publishEvent(new SecurityEvent("passkey.registered", user.getName(), CurrentRequest.clientAddress(),
				"user:" + user.getName(), Outcome.SUCCESS, "name: " + name));
		return registered;
	}

	@Override
	public PublicKeyCredentialRequestOptions createCredentialRequestOptions(
			PublicKeyCredentialRequestOptionsRequest request) {
		return operations().createCredentialRequestOptions(request);
	}

	@Override
	public PublicKeyCredentialUserEntity authenticate(RelyingPartyAuthenticationRequest request) {
		return operations().authenticate(request);
	}

	static void checkName(String name) {
		if (name == null || name.isBlank()) {
			throw new InvalidInputException("label", "Give the passkey a name, e.g. “laptop”.");
		}
		if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
			throw new InvalidInputException("label", "Use at most " + MAX_NAME_LENGTH + " characters for the name.");
		}
		TextRules.requireSingleLine("label", "The name", name);
	}

	private Webauthn4JRelyingPartyOperations operations() {
		Webauthn4JRelyingPartyOperations operations = this.delegate;
		if (operations == null) {
			throw new IllegalStateException("WebAuthn is used before the server has started");
		}
		return operations;
	}

}
