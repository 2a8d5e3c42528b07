package io.cachet.sealed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of payloads, of keys (domain-separated) and of namespace names, as lowercase hex. */
final class Digests {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] KEY_DOMAIN = "cachet-key\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NAMESPACE_DOMAIN = "cachet-namespace\0".getBytes(StandardCharsets.US_ASCII);
  private static final int NAMESPACE_ID_LENGTH = 32;
  private static final MessageDigest PROTOTYPE = newSha256();

  private Digests() {}

  /** Hex SHA-256 of the bytes. */
  static String sha256Hex(byte[] bytes) {
    return HEX.formatHex(sha256().digest(bytes));
  }

  /** The {@code cache_key} of serialized key bytes: hex SHA-256 over a domain tag and the bytes. */
  static String keyHash(byte[] keyBytes) {
    MessageDigest digest = sha256();
    digest.update(KEY_DOMAIN);
    return HEX.formatHex(digest.digest(keyBytes));
  }

  /** A namespace's storage id: 32 hex digits of a domain-separated SHA-256 of its name, safe as a file name. */
  static String namespaceId(String name) {
    MessageDigest digest = sha256();
    digest.update(NAMESPACE_DOMAIN);
    return HEX.formatHex(digest.digest(name.getBytes(StandardCharsets.UTF_8))).substring(0, NAMESPACE_ID_LENGTH);
  }

  private static MessageDigest sha256() {
    try {
      // Cloning a ready instance skips the provider lookup of getInstance on every hash.
      return (MessageDigest) PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      return newSha256();
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
