package io.cachet.seal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The unambiguous byte string a signature covers: each part as a 4-byte big-endian length and its UTF-8
 * bytes, a null part as length -1, so no two different field lists encode alike.
 */
final class CanonicalMessage {
  private static final int NULL_LENGTH = -1;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);

  /** Appends one part. */
  CanonicalMessage add(String part) {
    if (part == null) {
      writeInt(NULL_LENGTH);
    } else {
      byte[] utf8 = part.getBytes(StandardCharsets.UTF_8);
      writeInt(utf8.length);
      bytes.writeBytes(utf8);
    }
    return this;
  }

  byte[] toByteArray() {
    return bytes.toByteArray();
  }

  private void writeInt(int value) {
    bytes.write(value >>> 24);
    bytes.write(value >>> 16);
    bytes.write(value >>> 8);
    bytes.write(value);
  }
}
