package dev.coffer.server.mfa;

import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.coffer.crypto.WrappedDataKey;
import dev.coffer.server.keys.SealedSecrets.Sealed;

/** TOTP credentials and recovery codes on {@link JdbcClient}. */
@Repository
class SecondFactorRepository {

	private final JdbcClient jdbc;

	SecondFactorRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The user's TOTP credential, confirmed or not. */
	Optional<TotpCredential> find(String userId) {
		return this.jdbc.sql("select * from totp_credentials where user_id = ?")
			.param(userId)
			.query((rs, row) -> new TotpCredential(
					new Sealed(Base64.getDecoder().decode(rs.getString("secret_ciphertext")),
							new WrappedDataKey(Base64.getDecoder().decode(rs.getString("wrapped_key")),
									(int) rs.getLong("master_key_id"))),
					rs.getBoolean("confirmed"), rs.getLong("last_used_step")))
			.optional();
	}

	/**
	 * The ids of the users who have a second factor: a confirmed authenticator app or a
	 * passkey, in one query however many users there are (the administrators' user list).
	 * Passkeys are in Spring Security's tables, under the username
	 * ({@code user_entities.name}), as {@code passkey.PasskeyRepository} reads them.
	 */
	Set<String> usersWithSecondFactor() {
		return new HashSet<>(this.jdbc
			.sql("select u.id from users u where exists (select 1 from totp_credentials t "
					+ "where t.user_id = u.id and t.confirmed = true) or exists (select 1 from user_entities e "
					+ "join user_credentials c on c.user_entity_user_id = e.id where e.name = u.username)")
			.query(String.class)
			.list());
	}

	/** Replaces the user's credential with a new, unconfirmed one. */
	void savePending(String userId, Sealed secret, long now) {
		delete(userId);
		this.jdbc
			.sql("insert into totp_credentials (user_id, secret_ciphertext, wrapped_key, master_key_id, "
					+ "confirmed, last_used_step, created_at) values (?, ?, ?, ?, false, -1, ?)")
			.params(userId, Base64.getEncoder().encodeToString(secret.ciphertext()),
					Base64.getEncoder().encodeToString(secret.wrappedKey().ciphertext()),
					Integer.toUnsignedLong(secret.wrappedKey().masterKeyId()), now)
			.update();
	}

	/**
	 * Records that the code of {@code step} was used, if no code of this or a later step
	 * was used before; atomic, so two requests with one code cannot both succeed.
	 * @return whether the step was still unused
	 */
	boolean useStep(String userId, long step, boolean confirm) {
		return this.jdbc
			.sql("update totp_credentials set last_used_step = ?, confirmed = true "
					+ "where user_id = ? and last_used_step < ? and confirmed = ?")
			.params(step, userId, step, !confirm)
			.update() == 1;
	}

	boolean delete(String userId) {
		this.jdbc.sql("delete from recovery_codes where user_id = ?").param(userId).update();
		return this.jdbc.sql("delete from totp_credentials where user_id = ?").param(userId).update() > 0;
	}

	void replaceRecoveryCodes(String userId, List<String> codeHashes) {
		this.jdbc.sql("delete from recovery_codes where user_id = ?").param(userId).update();
		for (String hash : codeHashes) {
			this.jdbc.sql("insert into recovery_codes (id, user_id, code_hash, used_at) values (?, ?, ?, null)")
				.params(UUID.randomUUID().toString(), userId, hash)
				.update();
		}
	}

	/** Marks an unused recovery code of the user used; whether there was one. */
	boolean useRecoveryCode(String userId, String codeHash, long now) {
		return this.jdbc
			.sql("update recovery_codes set used_at = ? where user_id = ? and code_hash = ? and used_at is null")
			.params(now, userId, codeHash)
			.update() == 1;
	}

	/** How many of these hashes are of the user's unused recovery codes. */
	long unusedRecoveryCodesAmong(String userId, Collection<String> codeHashes) {
		return this.jdbc
			.sql("select count(*) from recovery_codes where user_id = :userId and used_at is null "
					+ "and code_hash in (:hashes)")
			.param("userId", userId)
			.param("hashes", codeHashes)
			.query(Long.class)
			.single();
	}

	long unusedRecoveryCodes(String userId) {
		return this.jdbc.sql("select count(*) from recovery_codes where user_id = ? and used_at is null")
			.param(userId)
			.query(Long.class)
			.single();
	}

	record TotpCredential(Sealed secret, boolean confirmed, long lastUsedStep) {
	}

}
