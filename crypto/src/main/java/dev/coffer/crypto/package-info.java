/**
 * Coffer's envelope encryption, on Google Tink.
 *
 * <p>
 * A {@link dev.coffer.crypto.MasterKeyRing} (key-encryption keys, AES-256-GCM) wraps one
 * {@link dev.coffer.crypto.DataKey} per blob (streaming AEAD, AES-256-GCM-HKDF with 1 MiB
 * segments); {@link dev.coffer.crypto.BlobCipher} encrypts and decrypts the blob's parts
 * with it. Wrapped keys and parts are bound to their blob id (and part number) through
 * associated data. Failures are {@link dev.coffer.crypto.CryptoException}, or
 * {@link dev.coffer.crypto.BlobIntegrityException} while a part is being streamed. No
 * type here prints key material. Plain Java: no framework, no global mutable state.
 */
package dev.coffer.crypto;
