package io.cachet.sealed;

import io.cachet.IntegrityEvent.Reason;
import io.cachet.seal.HmacEntrySigner;
import io.cachet.seal.PayloadCipher;
import io.cachet.store.StoredRow;

/**
 * What a row's {@code file_hash} says of its payload, and the check of a payload read against it, which yields
 * the exact bytes to deserialize.
 *
 * <p>An encrypted payload is named by its AES-GCM nonce and tag ({@link PayloadCipher#contentId}, signature
 * version 5 on): decryption verifies the tag over exactly those bytes, so hashing them too would only pay for
 * a second authentication (SHA-256 was 44 % of a 1 MiB get). Its security is AES-GCM's: a forgery succeeds
 * against someone without the key with probability at most about (bytes / 16 + 1) / 2^128 per attempt.
 * Every other payload keeps SHA-256 (128-bit collision, 256-bit second-preimage resistance): no keyed digest
 * the JDK offers is faster with SHA-NI at 64 KiB and 1 MiB without falling below 128 bits (GMAC and Poly1305
 * bound a forgery by the message length over 2^128 and 2^106), and an unsigned row has no key for one.
 */
final class PayloadIntegrity {
  private PayloadIntegrity() {}

  /** The {@code file_hash} of a payload the current signature version will sign. */
  static String fileHash(byte[] payload, boolean encrypted) {
    return encrypted ? PayloadCipher.contentId(payload) : Digests.sha256Hex(payload);
  }

  /**
   * The bytes to deserialize: the payload itself, or its plaintext, once the payload is shown to be the one
   * the row's verified signature names. The caller checked the row's seal and that its encryption is known.
   *
   * @param cipher the namespace's payload cipher; null only where no row can be encrypted (signing disabled)
   */
  static byte[] verified(PayloadCipher cipher, StoredRow row, byte[] payload) throws RefusedEntry {
    if (payload.length != row.fileSize()) {
      throw new RefusedEntry(Reason.SIZE_MISMATCH);
    }
    boolean encrypted = PayloadCipher.NAME.equals(row.encryption());
    if (encrypted && PayloadCipher.isContentId(row.fileHash())
        && HmacEntrySigner.namesCiphertextByTag(row.entrySignature())) {
      // Compared first so that another entry's ciphertext is refused without being decrypted; a failed tag
      // check means the bytes are not the ones signed, as a wrong SHA-256 does for older rows.
      if (!row.fileHash().equals(PayloadCipher.contentId(payload))) {
        throw new RefusedEntry(Reason.HASH_MISMATCH);
      }
      return decrypt(cipher, row, payload, Reason.HASH_MISMATCH);
    }
    if (!Digests.sha256Hex(payload).equals(row.fileHash())) {
      throw new RefusedEntry(Reason.HASH_MISMATCH);
    }
    return encrypted ? decrypt(cipher, row, payload, Reason.DECRYPTION_FAILED) : payload;
  }

  private static byte[] decrypt(PayloadCipher cipher, StoredRow row, byte[] payload, Reason failure) throws RefusedEntry {
    byte[] plaintext = cipher.decrypt(row.cacheKey(), row.createdAt(), payload);
    if (plaintext == null) {
      throw new RefusedEntry(failure);
    }
    return plaintext;
  }
}
