package dev.coffer.cli.http;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a server the way SSH does when no certificate authority vouches for it:
 * <ol>
 * <li>a certificate the JDK's trust store accepts, for the host name asked for, is
 * trusted (normal CA validation, hostname checking on);</li>
 * <li>otherwise the leaf is trusted only if its fingerprint is the one pinned for this
 * server;</li>
 * <li>anything else is refused, and {@link #refusal()} says why: a self-signed leaf
 * nobody confirmed yet (which the caller may offer to pin), a certificate that differs
 * from the pinned one, or one that is simply not trusted.</li>
 * </ol>
 * There is deliberately no way to accept everything.
 */
final class PinningTrustManager extends X509ExtendedTrustManager {

	private final X509ExtendedTrustManager system;

	private final AtomicReference<String> pinned;

	private final AtomicReference<Refusal> refusal = new AtomicReference<>();

	PinningTrustManager(String pinnedFingerprint) {
		this.system = systemTrustManager();
		this.pinned = new AtomicReference<>(pinnedFingerprint);
	}

	/** Trusts the certificate with this fingerprint from now on. */
	void pin(String fingerprint) {
		this.pinned.set(fingerprint);
	}

	/** Why the last handshake was refused, if it was. */
	Optional<Refusal> refusal() {
		return Optional.ofNullable(this.refusal.get());
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		try {
			this.system.checkServerTrusted(chain, authType, engine);
		}
		catch (CertificateException ex) {
			checkPinned(chain, ex);
		}
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		try {
			this.system.checkServerTrusted(chain, authType, socket);
		}
		catch (CertificateException ex) {
			checkPinned(chain, ex);
		}
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		// Only reached without an engine or socket, where no host name can be checked.
		throw new CertificateException("No host name to check the certificate against");
	}

	private void checkPinned(X509Certificate[] chain, CertificateException notTrusted) throws CertificateException {
		String presented = Fingerprints.of(chain[0]);
		String pinnedFingerprint = this.pinned.get();
		Refusal why;
		if (pinnedFingerprint != null && pinnedFingerprint.equals(presented)) {
			this.refusal.set(null);
			return;
		}
		else if (pinnedFingerprint != null) {
			why = new Refusal(Refusal.Kind.CHANGED, presented, pinnedFingerprint, isSelfSignedLeaf(chain),
					notTrusted.getMessage());
		}
		else if (isSelfSignedLeaf(chain)) {
			why = new Refusal(Refusal.Kind.UNKNOWN_SELF_SIGNED, presented, null, true, notTrusted.getMessage());
		}
		else {
			why = new Refusal(Refusal.Kind.NOT_TRUSTED, presented, null, false, notTrusted.getMessage());
		}
		this.refusal.set(why);
		throw notTrusted;
	}

	/**
	 * A single certificate that signed itself and may not sign others: what Coffer
	 * generates at first start. A CA certificate is never offered for pinning.
	 */
	static boolean isSelfSignedLeaf(X509Certificate[] chain) {
		X509Certificate leaf = chain[0];
		if (chain.length != 1 || leaf.getBasicConstraints() != -1
				|| !leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
			return false;
		}
		try {
			leaf.verify(leaf.getPublicKey());
			return true;
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		throw new CertificateException("A client does not check client certificates");
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		throw new CertificateException("A client does not check client certificates");
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		throw new CertificateException("A client does not check client certificates");
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		return this.system.getAcceptedIssuers();
	}

	private static X509ExtendedTrustManager systemTrustManager() {
		try {
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init((KeyStore) null);
			for (TrustManager manager : factory.getTrustManagers()) {
				if (manager instanceof X509ExtendedTrustManager extended) {
					return extended;
				}
			}
			throw new IllegalStateException("The JDK has no X.509 trust manager");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot load the JDK's trusted certificates", ex);
		}
	}

	/**
	 * Why a server's certificate was refused.
	 *
	 * @param kind what kind of refusal
	 * @param presented the fingerprint of the certificate the server showed
	 * @param pinned the fingerprint pinned for the server, if any
	 * @param selfSignedLeaf whether the certificate is a self-signed leaf
	 * @param reason the JDK's reason for not trusting it by CA validation
	 */
	record Refusal(Kind kind, String presented, String pinned, boolean selfSignedLeaf, String reason) {

		enum Kind {

			UNKNOWN_SELF_SIGNED, CHANGED, NOT_TRUSTED

		}

	}

}
