package dev.coffer.cli.command;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import dev.coffer.cli.CofferException;
import dev.coffer.cli.ExitCodes;
import dev.coffer.cli.e2e.FileKey;
import dev.coffer.cli.e2e.RecipientKey;
import dev.coffer.cli.http.CofferApi;

/**
 * An end-to-end encrypted upload: the content encrypted under a fresh file key while it
 * is sent (the ciphertext's length follows from the plaintext's, so nothing is written to
 * disk first), then the file key wrapped to your public key and to that of every reader
 * the file's earlier versions were wrapped for. Those readers' keys are checked against
 * the fingerprints this computer knows before a byte is sent.
 */
final class EndToEndPut {

	/** A reader a new version is wrapped for. */
	private record Reader(String username, RecipientKey key) {
	}

	private final CofferApi api;

	private final EndToEnd endToEnd;

	private final Consumer<String> tell;

	private JsonObject ownKey;

	EndToEndPut(CofferApi api, EndToEnd endToEnd, Consumer<String> tell) {
		this.api = api;
		this.endToEnd = endToEnd;
		this.tell = tell;
	}

	/**
	 * Encrypts and uploads {@code plaintext} to {@code target} (a folder of yours and a
	 * name in it), encrypting on a second thread while sending.
	 * @param size the plaintext's exact length in bytes (then the request carries the
	 * ciphertext's length, computed from it), or -1 if unknown (standard input: sent
	 * chunked)
	 * @param source what the plaintext is, in messages: its path, or "standard input"
	 * @return the file as the server has it now
	 */
	JsonObject upload(InputStream plaintext, long size, String source, ResumablePut.Target target, Progress progress) {
		String storedName = target.path();
		RecipientKey own = ownKey();
		List<Reader> readers = readers(target);
		FileKey key = FileKey.generate();
		long ciphertextSize = (size < 0) ? -1 : FileKey.ciphertextSize(size);
		boolean[] started = new boolean[1];
		JsonObject file = Transfers.upload(this.api, target, () -> {
			if (started[0]) {
				// A stream of ciphertext cannot be sent twice; the client never retries.
				throw new IllegalStateException("The content of " + storedName + " was asked for twice");
			}
			started[0] = true;
			return new BackgroundEncryption(key, plaintext, size, source);
		}, ciphertextSize, progress, true);
		String fileId = file.get("id").getAsString();
		int version = file.get("currentVersion").getAsInt();
		wrap(key, fileId, version, this.ownKey.get("username").getAsString(), own);
		for (Reader reader : readers) {
			wrap(key, fileId, version, reader.username(), reader.key());
		}
		this.tell.accept("Encrypted " + storedName + " end to end; its key is wrapped for you" + (readers.isEmpty() ? ""
				: " and " + String.join(", ", readers.stream().map(Reader::username).toList())) + ".");
		return file;
	}

	private void wrap(FileKey key, String fileId, int version, String username, RecipientKey recipient) {
		this.api.putWrappedKey(fileId, version, username,
				Base64.getEncoder().encodeToString(recipient.wrap(key, fileId, version)));
	}

	/**
	 * Your public key, checked against the one your account has on the server: what an
	 * upload needs of your keys, checked before anything is made for it.
	 * @throws CofferException with {@link ExitCodes#NOT_FOUND} if there is no key file,
	 * {@link ExitCodes#LOCAL_FILE} if it is damaged, {@link ExitCodes#REFUSED} if your
	 * account has no public key, {@link ExitCodes#UNTRUSTED_SERVER} if it has another
	 */
	RecipientKey ownKey() {
		RecipientKey own = this.endToEnd.ownPublicKey();
		if (this.ownKey == null) {
			this.ownKey = this.api.ownPublicKey()
				.orElseThrow(() -> new CofferException(ExitCodes.REFUSED,
						"Your account has no public key on the server. Register yours with: coffer keys import FILE"));
		}
		if (!own.fingerprint().equals(this.ownKey.get("fingerprint").getAsString())) {
			throw new CofferException(ExitCodes.UNTRUSTED_SERVER,
					"The server has another public key for your account than your private key's; nothing was sent.");
		}
		return own;
	}

	/**
	 * The readers the keys of the file at {@code target} are wrapped for, if it exists.
	 */
	private List<Reader> readers(ResumablePut.Target target) {
		List<Reader> readers = new ArrayList<>();
		Optional<JsonObject> existing = this.api.findFileIn(target.folderId(), target.name());
		if (existing.isEmpty()) {
			return readers;
		}
		for (JsonElement element : this.api.endToEndRecipients(existing.get().get("id").getAsString())) {
			JsonObject recipient = element.getAsJsonObject();
			String username = recipient.get("username").getAsString();
			readers.add(new Reader(username, this.endToEnd.trusted(username, recipient)));
		}
		return readers;
	}

}
