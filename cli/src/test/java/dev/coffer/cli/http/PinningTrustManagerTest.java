package dev.coffer.cli.http;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLEngine;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import dev.coffer.cli.http.PinningTrustManager.Refusal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Which certificates the client offers to pin: only a self-signed leaf like the one
 * Coffer makes at first start. Certificates from a certificate authority the JDK does not
 * trust (a private CA, an intercepting proxy's) are refused outright, never offered.
 */
class PinningTrustManagerTest {

	private static final AtomicLong SERIAL = new AtomicLong(1);

	private static final X500Name CA = new X500Name("CN=Some Private CA");

	private static final X500Name SERVER = new X500Name("CN=localhost");

	@Test
	void aSelfSignedLeaf_isOfferedForPinning() throws Exception {
		KeyPair server = keyPair();
		X509Certificate leaf = certificate(SERVER, server.getPublic(), SERVER, server.getPrivate(), false);

		Refusal refusal = refused(new X509Certificate[] { leaf });
		assertThat(refusal.kind()).isEqualTo(Refusal.Kind.UNKNOWN_SELF_SIGNED);
		assertThat(refusal.selfSignedLeaf()).isTrue();
		assertThat(refusal.presented()).isEqualTo(Fingerprints.of(leaf));
	}

	@Test
	void aLeafSignedByACertificateAuthority_isNeverOfferedForPinning() throws Exception {
		KeyPair ca = keyPair();
		KeyPair server = keyPair();
		X509Certificate caCertificate = certificate(CA, ca.getPublic(), CA, ca.getPrivate(), true);
		X509Certificate leaf = certificate(SERVER, server.getPublic(), CA, ca.getPrivate(), false);

		assertThat(refused(new X509Certificate[] { leaf, caCertificate }).kind()).isEqualTo(Refusal.Kind.NOT_TRUSTED);
		assertThat(refused(new X509Certificate[] { leaf }).kind()).isEqualTo(Refusal.Kind.NOT_TRUSTED);
		assertThat(PinningTrustManager.isSelfSignedLeaf(new X509Certificate[] { leaf, caCertificate })).isFalse();
		assertThat(PinningTrustManager.isSelfSignedLeaf(new X509Certificate[] { leaf })).isFalse();
	}

	@Test
	void aSelfSignedCertificateAuthority_isNeverOfferedForPinning() throws Exception {
		KeyPair ca = keyPair();
		X509Certificate caCertificate = certificate(CA, ca.getPublic(), CA, ca.getPrivate(), true);

		assertThat(refused(new X509Certificate[] { caCertificate }).kind()).isEqualTo(Refusal.Kind.NOT_TRUSTED);
		assertThat(PinningTrustManager.isSelfSignedLeaf(new X509Certificate[] { caCertificate })).isFalse();
	}

	@Test
	void aLeafNamingItselfAsIssuer_butSignedByAnotherKey_isNeverOfferedForPinning() throws Exception {
		KeyPair other = keyPair();
		KeyPair server = keyPair();
		X509Certificate forged = certificate(SERVER, server.getPublic(), SERVER, other.getPrivate(), false);

		assertThat(refused(new X509Certificate[] { forged }).kind()).isEqualTo(Refusal.Kind.NOT_TRUSTED);
		assertThat(PinningTrustManager.isSelfSignedLeaf(new X509Certificate[] { forged })).isFalse();
	}

	@Test
	void aPinnedSelfSignedLeaf_isTrusted_andAnotherIsAChange() throws Exception {
		KeyPair server = keyPair();
		X509Certificate leaf = certificate(SERVER, server.getPublic(), SERVER, server.getPrivate(), false);
		PinningTrustManager trust = new PinningTrustManager(Fingerprints.of(leaf));
		trust.checkServerTrusted(new X509Certificate[] { leaf }, "ECDHE_ECDSA", (SSLEngine) null);
		assertThat(trust.refusal()).isEmpty();

		KeyPair replaced = keyPair();
		X509Certificate other = certificate(SERVER, replaced.getPublic(), SERVER, replaced.getPrivate(), false);
		assertThatExceptionOfType(CertificateException.class).isThrownBy(
				() -> trust.checkServerTrusted(new X509Certificate[] { other }, "ECDHE_ECDSA", (SSLEngine) null));
		assertThat(trust.refusal()).hasValueSatisfying((refusal) -> {
			assertThat(refusal.kind()).isEqualTo(Refusal.Kind.CHANGED);
			assertThat(refusal.pinned()).isEqualTo(Fingerprints.of(leaf));
			assertThat(refusal.presented()).isEqualTo(Fingerprints.of(other));
		});
	}

	/**
	 * What a client with nothing pinned says about {@code chain}, which the JDK's trust
	 * store does not vouch for.
	 */
	private static Refusal refused(X509Certificate[] chain) {
		PinningTrustManager trust = new PinningTrustManager(null);
		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> trust.checkServerTrusted(chain, "ECDHE_ECDSA", (SSLEngine) null));
		return trust.refusal().orElseThrow();
	}

	private static KeyPair keyPair() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		return generator.generateKeyPair();
	}

	private static X509Certificate certificate(X500Name subject, PublicKey key, X500Name issuer, PrivateKey signer,
			boolean certificateAuthority) throws Exception {
		Instant now = Instant.now();
		JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
				BigInteger.valueOf(SERIAL.getAndIncrement()), Date.from(now.minus(Duration.ofHours(1))),
				Date.from(now.plus(Duration.ofDays(30))), subject, key);
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(certificateAuthority));
		return new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
	}

}
