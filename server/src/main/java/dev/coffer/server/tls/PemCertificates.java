package dev.coffer.server.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/** Reads the leaf certificate of a PEM file: its expiry and its SHA-256 fingerprint. */
public final class PemCertificates {

	private PemCertificates() {
	}

	/** The first certificate in a PEM file. */
	public static X509Certificate read(Path pemFile) throws IOException {
		try (InputStream in = Files.newInputStream(pemFile)) {
			return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
		}
		catch (CertificateException ex) {
			throw new IOException("Not a PEM certificate: " + pemFile, ex);
		}
	}

	/**
	 * The SHA-256 fingerprint as colon-separated upper-case hex, the way browsers show
	 * it.
	 */
	public static String sha256Fingerprint(X509Certificate certificate) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
			return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
		}
		catch (NoSuchAlgorithmException | CertificateException ex) {
			throw new IllegalStateException("Cannot fingerprint certificate", ex);
		}
	}

	static boolean expiresWithin(Path pemFile, Duration margin) throws IOException {
		X509Certificate certificate = read(pemFile);
		return certificate.getNotAfter().toInstant().isBefore(Instant.now().plus(margin));
	}

}
