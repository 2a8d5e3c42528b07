package io.cachet.seal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The unambiguous byte string a signature covers: each part as a 4-byte big-endian length and its UTF-8
 * bytes, a null part as length -1, so no two different field lists encode alike.
 */
final class CanonicalMessage {
  private static final int NULL_LENGTH = -1;

  // Not a ByteArrayOutputStream: its writes synchronize, and a row's message is built from a dozen parts.
  private byte[] bytes = new byte[256];
  private int length;

  /** Appends one part. */
  CanonicalMessage add(String part) {
    if (part == null) {
      writeInt(NULL_LENGTH);
    } else {
      byte[] utf8 = part.getBytes(StandardCharsets.UTF_8);
      writeInt(utf8.length);
      ensureRoom(utf8.length);
      System.arraycopy(utf8, 0, bytes, length, utf8.length);
      length += utf8.length;
    }
    return this;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, length);
  }

  private void writeInt(int value) {
    ensureRoom(Integer.BYTES);
    bytes[length++] = (byte) (value >>> 24);
    bytes[length++] = (byte) (value >>> 16);
    bytes[length++] = (byte) (value >>> 8);
    bytes[length++] = (byte) value;
  }

  private void ensureRoom(int more) {
    if (bytes.length - length < more) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }
}
