package io.cachet.seal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The seal of one namespace's change messages between hosts: HMAC-SHA256 under a key derived from the master
 * key ("cachet-change", namespace), apart from the keys that sign rows, so that no change message can pass for
 * a row's signature or the other way round. Thread-safe.
 */
public final class ChangeSeal {
  /** Hex digits of a seal. */
  public static final int HEX_LENGTH = 64;

  private static final String INFO = "cachet-change";
  private static final String HMAC = "HmacSHA256";
  private static final HexFormat HEX = HexFormat.of();

  private final SecretKeySpec key;

  ChangeSeal(String namespace, byte[] masterKey) {
    byte[] derived = Hkdf.derive(masterKey, Hkdf.info(INFO, namespace));
    this.key = new SecretKeySpec(derived, HMAC);
    Arrays.fill(derived, (byte) 0);
  }

  /** {@return the seal of the message, {@link #HEX_LENGTH} lowercase hex digits} */
  public String seal(String message) {
    return HEX.formatHex(mac(message));
  }

  /** Whether {@code seal} is this namespace's seal of the message, compared in constant time. */
  public boolean verifies(String message, String seal) {
    if (seal == null || seal.length() != HEX_LENGTH) {
      return false;
    }
    byte[] given;
    try {
      given = HEX.parseHex(seal);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(mac(message), given);
  }

  private byte[] mac(String message) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
