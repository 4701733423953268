package dev.coffer.server.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import dev.coffer.server.OwnerOnlyFiles;

/**
 * The certificate Coffer makes for itself at first start, so that it speaks HTTPS with
 * zero configuration. An ECDSA P-256 key, valid for two years, for {@code localhost}, the
 * loopback addresses and this machine's host name. Both PEM files are written owner-only
 * (0600) in an owner-only directory. Operators replace it with a real certificate via
 * {@code coffer.tls.certificate} and {@code coffer.tls.private-key}.
 */
public final class SelfSignedCertificate {

	static final Duration VALIDITY = Duration.ofDays(730);

	/**
	 * Regenerate this long before expiry, so a running server never serves an expired
	 * one.
	 */
	static final Duration RENEW_BEFORE = Duration.ofDays(30);

	private SelfSignedCertificate() {
	}

	/**
	 * Makes sure a usable self-signed certificate and key exist at the given paths:
	 * creates them if absent, renews them if they expire within {@link #RENEW_BEFORE}.
	 * @return true if new files were written
	 */
	public static boolean ensure(Path certificateFile, Path privateKeyFile) throws IOException {
		if (Files.exists(certificateFile) && Files.exists(privateKeyFile)
				&& !PemCertificates.expiresWithin(certificateFile, RENEW_BEFORE)) {
			return false;
		}
		try {
			generate(certificateFile, privateKeyFile);
		}
		catch (GeneralSecurityException | OperatorCreationException ex) {
			throw new IOException("Cannot generate the self-signed TLS certificate", ex);
		}
		return true;
	}

	private static void generate(Path certificateFile, Path privateKeyFile)
			throws GeneralSecurityException, OperatorCreationException, IOException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
		KeyPair keyPair = generator.generateKeyPair();
		Instant now = Instant.now();
		X500Name subject = new X500Name("CN=Coffer self-signed");
		JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
				new BigInteger(128, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
				Date.from(now.plus(VALIDITY)), subject, keyPair.getPublic());
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
		builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
		builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
		builder.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames());
		X509CertificateHolder holder = builder
			.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate()));
		X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
		// PKCS#8 ("PRIVATE KEY") names its curve; SEC1 without parameters would be
		// misread.
		OwnerOnlyFiles.write(privateKeyFile, pem("PRIVATE KEY", keyPair.getPrivate().getEncoded()));
		OwnerOnlyFiles.write(certificateFile, pem("CERTIFICATE", certificate.getEncoded()));
	}

	private static GeneralNames subjectAlternativeNames() {
		List<GeneralName> names = new ArrayList<>();
		names.add(new GeneralName(GeneralName.dNSName, "localhost"));
		names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
		names.add(new GeneralName(GeneralName.iPAddress, "::1"));
		try {
			String hostName = InetAddress.getLocalHost().getHostName();
			if (!hostName.isBlank() && !hostName.equals("localhost") && hostName.matches("[A-Za-z0-9.-]+")) {
				names.add(new GeneralName(GeneralName.dNSName, hostName));
			}
		}
		catch (IOException ex) {
			// No resolvable host name: localhost and loopback are enough for a first
			// start.
		}
		return new GeneralNames(names.toArray(GeneralName[]::new));
	}

	private static byte[] pem(String type, byte[] der) {
		String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
		return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
			.getBytes(StandardCharsets.US_ASCII);
	}

}
