package dev.coffer.server.audit;

import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.coffer.crypto.CryptoException;
import dev.coffer.crypto.MacKey;
import dev.coffer.crypto.WrappedDataKey;
import dev.coffer.server.keys.MasterKeys;
import dev.coffer.server.keys.SealedSecretTable;

/**
 * The MAC keys of the audit chain ({@code audit_mac_keys}): Tink HMAC-SHA256 keys, stored
 * only wrapped by the master key ring and bound to their id, so that database access
 * alone neither reads nor forges a link. Key rotation re-wraps them with the other keys
 * the ring wraps (the table is a {@link SealedSecretTable} of MAC keys); a key is never
 * deleted, so every link stays verifiable. The sealer uses the newest key and creates the
 * first one.
 */
@Component
class AuditMacKeys {

	private static final SealedSecretTable TABLE = new SealedSecretTable("audit_mac_keys", "id", "audit-mac:",
			"wrapped_key", "master_key_id", SealedSecretTable.Kind.MAC_KEY);

	private final JdbcClient jdbc;

	private final MasterKeys masterKeys;

	private final Clock clock;

	private final Map<String, MacKey> unwrapped = new ConcurrentHashMap<>();

	AuditMacKeys(JdbcClient jdbc, MasterKeys masterKeys, Clock clock) {
		this.jdbc = jdbc;
		this.masterKeys = masterKeys;
		this.clock = clock;
	}

	/** A key and its id. */
	record Current(String id, MacKey key) {
	}

	/** The newest key, created if there is none yet (by the sealer, under its lock). */
	Current current() {
		Optional<String> newest = this.jdbc
			.sql("select id from audit_mac_keys order by created_at desc, id desc limit 1")
			.query(String.class)
			.optional();
		if (newest.isPresent()) {
			return new Current(newest.get(), byId(newest.get()).orElseThrow());
		}
		return create();
	}

	/**
	 * The key with this id, or empty if there is no such row.
	 * @throws IllegalStateException if the row exists but cannot be unwrapped (its master
	 * key is missing or the row was altered)
	 */
	Optional<MacKey> byId(String id) {
		MacKey cached = this.unwrapped.get(id);
		if (cached != null) {
			return Optional.of(cached);
		}
		Optional<WrappedDataKey> wrapped = this.jdbc
			.sql("select wrapped_key, master_key_id from audit_mac_keys where id = ?")
			.param(id)
			.query((rs, row) -> new WrappedDataKey(Base64.getDecoder().decode(rs.getString(1)), (int) rs.getLong(2)))
			.optional();
		if (wrapped.isEmpty()) {
			return Optional.empty();
		}
		try {
			MacKey key = this.masterKeys.unwrapMacKey(wrapped.get(), boundId(id));
			this.unwrapped.put(id, key);
			return Optional.of(key);
		}
		catch (CryptoException ex) {
			throw new AuditKeyUnavailableException(id, ex);
		}
	}

	private Current create() {
		String id = UUID.randomUUID().toString();
		try {
			MacKey key = MacKey.generate();
			WrappedDataKey wrapped = this.masterKeys.wrap(key, boundId(id));
			this.jdbc.sql("insert into audit_mac_keys (id, wrapped_key, master_key_id, created_at) values (?, ?, ?, ?)")
				.params(id, Base64.getEncoder().encodeToString(wrapped.ciphertext()),
						Integer.toUnsignedLong(wrapped.masterKeyId()), this.clock.millis())
				.update();
			this.unwrapped.put(id, key);
			return new Current(id, key);
		}
		catch (CryptoException ex) {
			throw new IllegalStateException("Cannot create the audit MAC key: " + ex.getMessage(), ex);
		}
	}

	/** Where the keys are, for key rotation and the key counts. */
	@Bean
	static SealedSecretTable auditMacKeyTable() {
		return TABLE;
	}

	/** What a MAC key is bound to when wrapped: its row cannot be moved to another id. */
	static String boundId(String id) {
		return TABLE.boundId(id);
	}

}
