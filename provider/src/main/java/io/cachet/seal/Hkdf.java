package io.cachet.seal;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF-SHA256 (RFC 5869) for one 32-byte output block: derives a namespace's subkey from the master key. */
final class Hkdf {
  private static final String HMAC = "HmacSHA256";
  private static final byte[] ZERO_SALT = new byte[32];

  private Hkdf() {}

  /**
   * The HKDF info for a purpose and a namespace, length-prefixed so that no namespace name can make one
   * purpose's info equal another's.
   */
  static byte[] info(String purpose, String namespace) {
    return new CanonicalMessage().add(purpose).add(namespace).toByteArray();
  }

  /** HKDF-SHA256(ikm, salt = zeros, info) truncated to one block of 32 bytes. */
  static byte[] derive(byte[] ikm, byte[] info) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(ZERO_SALT, HMAC));
      byte[] prk = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(prk, HMAC));
      mac.update(info);
      mac.update((byte) 1);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
