package dev.coffer.server.keys;

import java.util.List;

/**
 * The master keys with how many data keys each wraps, and how far the re-wrap after the
 * last rotation has come: what {@code keys status} and the admin system page show.
 *
 * @param keys the keys of the ring, then ids that data keys refer to but the ring lacks
 * @param primaryKeyId the primary key
 * @param dataKeysNotOnPrimary data keys, sealed secrets and audit MAC keys the re-wrap
 * job still has to move to the primary
 * @param lastRotation the last rotation, or null if the ring never rotated
 * @param fromEnvironment whether the ring comes from {@code COFFER_MASTER_KEYSET}, so
 * that rotation must be done by changing the variable
 */
public record KeyRingStatus(List<KeyUsage> keys, int primaryKeyId, long dataKeysNotOnPrimary, Rotation lastRotation,
		boolean fromEnvironment) {

	public String primaryKeyIdText() {
		return Integer.toUnsignedString(this.primaryKeyId);
	}

	/** Data keys on the primary, out of all: the re-wrap progress. */
	public long dataKeysOnPrimary() {
		return this.keys.stream().filter(KeyUsage::primary).mapToLong(KeyUsage::dataKeys).sum();
	}

	/**
	 * Every key the ring wraps: file versions' data keys, sealed secrets, audit MAC keys.
	 */
	public long dataKeys() {
		return this.keys.stream().mapToLong(KeyUsage::dataKeys).sum();
	}

	public long fileDataKeys() {
		return this.keys.stream().mapToLong(KeyUsage::fileDataKeys).sum();
	}

	public long secrets() {
		return this.keys.stream().mapToLong(KeyUsage::secrets).sum();
	}

	public long auditMacKeys() {
		return this.keys.stream().mapToLong(KeyUsage::auditMacKeys).sum();
	}

	/**
	 * One master key.
	 *
	 * @param keyId the Tink key id
	 * @param state {@code enabled}, {@code disabled} (retired), or {@code missing}: not
	 * in the ring, yet data keys refer to it (they cannot be read)
	 * @param primary whether new data keys are wrapped with it
	 * @param fileDataKeys how many data keys of file versions it wraps (one per version)
	 * @param secrets how many other keys it wraps: users' TOTP secrets, the tokens of
	 * links that can be copied again, the data keys of thumbnails
	 * @param auditMacKeys how many of the audit log's MAC keys it wraps
	 */
	public record KeyUsage(int keyId, String state, boolean primary, long fileDataKeys, long secrets,
			long auditMacKeys) {

		/**
		 * Everything it wraps: file versions' data keys, sealed secrets, audit MAC keys.
		 */
		public long dataKeys() {
			return this.fileDataKeys + this.secrets + this.auditMacKeys;
		}

		public String keyIdText() {
			return Integer.toUnsignedString(this.keyId);
		}

	}

}
