package io.cachet.seal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM encryption of one namespace's payloads. The key is HKDF-SHA256 of the master key with the info
 * ("cachet-encryption", namespace), apart from the signing subkey; every payload gets a fresh random 96-bit
 * nonce, and the associated data binds the namespace, the entry's {@code cache_key} and its
 * {@code created_at}, so ciphertext moved to another entry does not decrypt. Thread-safe.
 */
public final class PayloadCipher {
  /** The {@code encryption} column of an encrypted row. */
  public static final String NAME = "aes-256-gcm";
  /** The {@code encryption} column of a plaintext row. */
  public static final String NONE = "none";

  private static final String ENCRYPTION_INFO = "cachet-encryption";
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String CONTENT_ID_PREFIX = "gcm:";
  private static final HexFormat HEX = HexFormat.of();

  private final String namespace;
  private final SecretKeySpec key;

  PayloadCipher(String namespace, byte[] masterKey) {
    this.namespace = namespace;
    byte[] derived = Hkdf.derive(masterKey, Hkdf.info(ENCRYPTION_INFO, namespace));
    this.key = new SecretKeySpec(derived, "AES");
    Arrays.fill(derived, (byte) 0);
  }

  /** nonce ‖ ciphertext ‖ tag of the plaintext, bound to this entry. */
  public byte[] encrypt(String cacheKey, long createdAt, byte[] plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, cacheKey, createdAt);
      ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + cipher.getOutputSize(plaintext.length));
      out.put(nonce);
      cipher.doFinal(ByteBuffer.wrap(plaintext), out);
      return out.array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * The plaintext of stored bytes, or null if they do not decrypt under this entry's binding (wrong key,
   * entry or bytes).
   */
  public byte[] decrypt(String cacheKey, long createdAt, byte[] stored) {
    if (stored.length < NONCE_BYTES + TAG_BITS / 8) {
      return null;
    }
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(stored, NONCE_BYTES), cacheKey, createdAt);
      return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      return null;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed", e);
    }
  }

  /**
   * What names stored bytes in a version-5 {@code file_hash}: {@code gcm:} and the hex of their nonce and tag,
   * or null if they are too short to hold both. Signed with the row, it pins the one encryption that made them:
   * other bytes under the same nonce, binding and tag that decrypt would be a forgery of AES-GCM, which
   * succeeds against someone without the key with probability at most about (bytes / 16 + 1) / 2^128 per
   * attempt (2^-112 for 1 MiB), as long as no nonce repeats under the namespace's key (random 96-bit nonces:
   * fewer than 2^-32 odds of any repeat in 2^32 writes).
   */
  public static String contentId(byte[] stored) {
    if (stored.length < NONCE_BYTES + TAG_BITS / 8) {
      return null;
    }
    return CONTENT_ID_PREFIX + HEX.formatHex(stored, 0, NONCE_BYTES)
        + HEX.formatHex(stored, stored.length - TAG_BITS / 8, stored.length);
  }

  /** Whether a {@code file_hash} is a {@link #contentId} rather than a SHA-256. */
  public static boolean isContentId(String fileHash) {
    return fileHash != null && fileHash.startsWith(CONTENT_ID_PREFIX);
  }

  private Cipher cipher(int mode, byte[] nonce, String cacheKey, long createdAt) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance(TRANSFORMATION);
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(new CanonicalMessage().add(namespace).add(cacheKey).add(Long.toString(createdAt))
        .toByteArray());
    return cipher;
  }
}
