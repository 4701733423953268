package dev.coffer.server.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

import dev.coffer.server.CofferProperties;

/**
 * Prints where Coffer listens and the SHA-256 fingerprint of its certificate, so that a
 * user who meets the browser's warning about the self-signed certificate can check it is
 * really ours. Silent with TLS off, which is checked at start rather than by a condition
 * on the bean: the launch with Spring AOT fixes the bean definitions when the jar is
 * built.
 */
@Component
@ConditionalOnWebApplication
class CertificateFingerprintLogger implements ApplicationListener<WebServerInitializedEvent> {

	private static final Logger logger = LoggerFactory.getLogger(CertificateFingerprintLogger.class);

	private final boolean tls;

	private final Path certificateFile;

	CertificateFingerprintLogger(CofferProperties coffer,
			@Value("${coffer.tls.certificate-file:#{null}}") Path certificateFile) {
		this.tls = coffer.tls().enabled();
		this.certificateFile = certificateFile;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (!this.tls || this.certificateFile == null) {
			return;
		}
		try {
			X509Certificate certificate = PemCertificates.read(this.certificateFile);
			logger.info("Coffer is listening on https://localhost:{}/", event.getWebServer().getPort());
			logger.info("TLS certificate {} (subject {}, valid until {})", this.certificateFile,
					certificate.getSubjectX500Principal().getName(), certificate.getNotAfter().toInstant());
			logger.info("TLS certificate SHA-256 fingerprint: {}", PemCertificates.sha256Fingerprint(certificate));
		}
		catch (IOException ex) {
			logger.warn("Cannot read the TLS certificate {} to print its fingerprint", this.certificateFile);
		}
	}

}
