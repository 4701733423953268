package dev.coffer.server.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.coffer.crypto.CryptoException;
import dev.coffer.crypto.DataKey;
import dev.coffer.crypto.MasterKeyRing;
import dev.coffer.crypto.WrappedDataKey;
import dev.coffer.server.CofferProperties;

/**
 * The master key ring (key-encryption keys) of this server. Source, first match wins: the
 * environment variable {@code COFFER_MASTER_KEYSET} (a Tink JSON keyset), else
 * {@code <data-dir>/keys/master.json}, created owner-only at first start. A key file that
 * group or others can read stops the server. Key material is never logged.
 */
@Component
public class MasterKeys {

	private static final Logger logger = LoggerFactory.getLogger(MasterKeys.class);

	static final String ENVIRONMENT_VARIABLE = "COFFER_MASTER_KEYSET";

	private final AtomicReference<MasterKeyRing> ring = new AtomicReference<>();

	MasterKeys(CofferProperties coffer, Environment environment) {
		this.ring.set(load(coffer.dataDir(), environment.getProperty(ENVIRONMENT_VARIABLE)));
	}

	/** The ring in use now; after a rotation, the rotated one. */
	public MasterKeyRing ring() {
		return this.ring.get();
	}

	public WrappedDataKey wrap(DataKey key, String blobId) throws CryptoException {
		return ring().wrap(key, blobId);
	}

	public DataKey unwrap(WrappedDataKey wrapped, String blobId) throws CryptoException {
		return ring().unwrap(wrapped, blobId);
	}

	private static MasterKeyRing load(Path dataDir, String keysetJson) {
		try {
			if (keysetJson != null && !keysetJson.isBlank()) {
				logger.info("Master key ring loaded from the environment variable {}", ENVIRONMENT_VARIABLE);
				return MasterKeyRing.fromKeysetJson(keysetJson);
			}
			Path file = dataDir.resolve("keys").resolve("master.json");
			MasterKeyRing ring = MasterKeyRing.loadOrCreate(file);
			logger.info("Master key ring loaded from {} (primary key {})", file,
					Integer.toUnsignedString(ring.primaryKeyId()));
			return ring;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the master key ring", ex);
		}
		catch (CryptoException ex) {
			throw new IllegalStateException("Cannot use the master key ring: " + ex.getMessage(), ex);
		}
	}

}
