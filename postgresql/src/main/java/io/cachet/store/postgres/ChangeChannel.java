package io.cachet.store.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The name of the NOTIFY channel of a schema's change messages: one per schema, every host of it on the same. */
final class ChangeChannel {
  private static final String PREFIX = "cachet_changes_";
  // PostgreSQL's identifiers, channel names among them, hold at most 63 bytes.
  private static final int MAX_IDENTIFIER_BYTES = 63;
  private static final int HASH_BYTES = 12;

  private ChangeChannel() {}

  /** {@code cachet_changes_<schema>}, or with a hash of the schema's name where that name is too long. */
  static String of(String schema) {
    String plain = PREFIX + schema;
    return plain.length() <= MAX_IDENTIFIER_BYTES ? plain : PREFIX + hash(schema);
  }

  private static String hash(String schema) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(schema.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, HASH_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
