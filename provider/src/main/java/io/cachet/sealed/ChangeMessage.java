package io.cachet.sealed;

import io.cachet.sealed.RemoteChange.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A change message between hosts, as it travels in a {@link io.cachet.store.ChangeFeed}: space-separated ASCII
 * fields {@code c1 kind origin sequence sentAt namespace cacheKey rowSignature keyBytes seal}, the namespace and
 * key bytes in unpadded base64url and {@code -} for an absent field. The seal covers the feed's scope and every
 * field before it; nothing in a message is trusted before it verifies.
 *
 * @param origin the sending store's random id, fresh each time a store is opened
 * @param sequence the message's number among its origin's, increasing
 * @param sentAt the sender's clock when it sealed the message, epoch milliseconds
 * @param rowSignature the written row's signature, for {@link Kind#CREATED} and {@link Kind#UPDATED}; else null
 * @param keyBytes the serialized key, for {@link Kind#REMOVED} and {@link Kind#EXPIRED}; else null
 */
record ChangeMessage(Kind kind, String origin, long sequence, long sentAt, String namespace, String cacheKey,
    String rowSignature, byte[] keyBytes, String seal) {
  private static final String VERSION = "c1";
  private static final int FIELDS = 10;
  private static final String ABSENT = "-";
  private static final Pattern ORIGIN = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final Pattern CACHE_KEY = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern SIGNATURE = Pattern.compile("v[0-9]{1,3}:(?:[0-9a-f]{16}:)?[0-9a-f]{1,128}");
  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,18}");
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /** The text the seal covers: the scope, then every field but the seal. */
  String sealed(String scope) {
    return scope + " " + VERSION + " " + kind.name().charAt(0) + " " + origin + " " + sequence + " " + sentAt + " "
        + ENCODER.encodeToString(namespace.getBytes(StandardCharsets.UTF_8)) + " " + cacheKey + " "
        + (rowSignature == null ? ABSENT : rowSignature) + " "
        + (keyBytes == null ? ABSENT : ENCODER.encodeToString(keyBytes));
  }

  /** The message as it travels, with its seal. */
  String text(String scope) {
    return sealed(scope).substring(scope.length() + 1) + " " + seal;
  }

  /** This message with its seal. */
  ChangeMessage sealedWith(String newSeal) {
    return new ChangeMessage(kind, origin, sequence, sentAt, namespace, cacheKey, rowSignature, keyBytes, newSeal);
  }

  /**
   * The message in a text received from a feed, or null if the text is no well-formed message (its seal not yet
   * checked): the right fields, each of its form, a signature with C and U and key bytes with R and E.
   */
  static ChangeMessage parse(String text) {
    String[] fields = text.split(" ", -1);
    if (fields.length != FIELDS || !fields[0].equals(VERSION) || fields[1].length() != 1
        || !ORIGIN.matcher(fields[2]).matches() || !NUMBER.matcher(fields[3]).matches()
        || !NUMBER.matcher(fields[4]).matches() || !CACHE_KEY.matcher(fields[6]).matches()) {
      return null;
    }
    Kind kind = kind(fields[1].charAt(0));
    if (kind == null) {
      return null;
    }
    boolean written = kind == Kind.CREATED || kind == Kind.UPDATED;
    if (written != SIGNATURE.matcher(fields[7]).matches() || written != fields[8].equals(ABSENT)
        || !written && !fields[7].equals(ABSENT)) {
      return null;
    }
    try {
      String namespace = new String(DECODER.decode(fields[5]), StandardCharsets.UTF_8);
      byte[] keyBytes = written ? null : DECODER.decode(fields[8]);
      return new ChangeMessage(kind, fields[2], Long.parseLong(fields[3]), Long.parseLong(fields[4]), namespace,
          fields[6], written ? fields[7] : null, keyBytes, fields[9]);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The namespace a text names, for routing before anything is checked, or null. */
  static String namespaceOf(String text) {
    int start = nthSpace(text, 5);
    int end = start < 0 ? -1 : text.indexOf(' ', start + 1);
    if (end < 0) {
      return null;
    }
    try {
      return new String(DECODER.decode(text.substring(start + 1, end)), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static int nthSpace(String text, int n) {
    int at = -1;
    for (int i = 0; i < n; i++) {
      at = text.indexOf(' ', at + 1);
      if (at < 0) {
        return -1;
      }
    }
    return at;
  }

  private static Kind kind(char letter) {
    for (Kind kind : Kind.values()) {
      if (kind.name().charAt(0) == letter) {
        return kind;
      }
    }
    return null;
  }
}
