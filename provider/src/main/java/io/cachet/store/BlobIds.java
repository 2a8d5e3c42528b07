package io.cachet.store;

/**
 * The form of a namespace id or a blob id, the same in every blob store: {@value #LENGTH} lowercase hex digits.
 * A blob store builds paths and object keys only from ids of this form, so no id read from a row can name
 * anything outside the store.
 */
public final class BlobIds {
  /** Hex digits in an id: 128 random bits. */
  public static final int LENGTH = 32;

  private BlobIds() {}

  /** Whether the text is an id: exactly {@link #LENGTH} characters, each a digit or a lowercase a to f. */
  public static boolean isHexId(String id) {
    if (id == null || id.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      char c = id.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }
}
