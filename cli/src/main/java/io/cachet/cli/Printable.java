package io.cachet.cli;

/**
 * Stored text made safe to print: names and ids come from the store, which whoever can write its files or rows
 * can change, so control characters (a terminal's escape sequences among them) are shown as {@code \\uXXXX}.
 */
final class Printable {
  private Printable() {}

  static String of(String stored) {
    if (stored == null) {
      return "-";
    }
    StringBuilder shown = new StringBuilder(stored.length());
    stored.codePoints().forEach(c -> {
      if (Character.isISOControl(c) || c == '\\' || Character.getType(c) == Character.FORMAT) {
        shown.append(String.format("\\u%04x", c));
      } else {
        shown.appendCodePoint(c);
      }
    });
    return shown.toString();
  }
}
