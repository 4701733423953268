package dev.coffer.server.passkey;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where passkeys are valid ({@code coffer.webauthn.*}).
 *
 * @param rpId the WebAuthn relying-party id: the host name users type (a passkey works
 * only on this host and its subdomains); {@code localhost} for the zero-configuration
 * start
 * @param allowedOrigins the exact origins ({@code https://host[:port]}) the browser may
 * report; empty: {@code https://<rpId>} with the port the server listens on (with TLS
 * off, the standard HTTPS port of the reverse proxy)
 */
@ConfigurationProperties("coffer.webauthn")
public record PasskeyProperties(@DefaultValue("localhost") String rpId, @DefaultValue List<String> allowedOrigins) {

}
