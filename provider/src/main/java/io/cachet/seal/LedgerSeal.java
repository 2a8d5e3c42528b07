package io.cachet.seal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed functions of one namespace's ledger: the digest element of a signed row, and the signature of the
 * ledger's state.
 *
 * <p>The ledger's digest is the sum, modulo 2<sup>128</sup>, of one element per live row. An element is AES-256
 * of the first 16 bytes of the row's signature under a key derived from the master key ("cachet-ledger-element",
 * namespace): whoever lacks the key cannot compute any element, so cannot choose rows to put back or delete
 * whose sum leaves the digest unchanged; with elements anyone could compute (the signatures themselves are
 * stored in clear), subset sums of old rows could be searched for. AES rather than HMAC because an attach sums
 * the elements of every row of the namespace (about 0.1 µs each instead of 1 µs). Thread-safe.
 */
public final class LedgerSeal {
  /** Hex digits of a digest. */
  public static final int DIGEST_HEX_LENGTH = 32;

  private static final String ELEMENT_INFO = "cachet-ledger-element";
  private static final String STATE_INFO = "cachet-ledger";
  private static final String STATE_TAG = "cachet-ledger-state";
  private static final String JOURNAL_TAG = "cachet-ledger-journal";
  private static final String HMAC = "HmacSHA256";
  private static final String AES = "AES/ECB/NoPadding";
  private static final int BLOCK = 16;
  private static final HexFormat HEX = HexFormat.of();

  private final String namespace;
  private final SecretKeySpec elementKey;
  private final SecretKeySpec stateKey;
  private final Queue<Cipher> ciphers = new ConcurrentLinkedQueue<>();
  private final Queue<Mac> macs = new ConcurrentLinkedQueue<>();

  LedgerSeal(String namespace, byte[] masterKey) {
    this.namespace = namespace;
    byte[] element = Hkdf.derive(masterKey, Hkdf.info(ELEMENT_INFO, namespace));
    byte[] state = Hkdf.derive(masterKey, Hkdf.info(STATE_INFO, namespace));
    this.elementKey = new SecretKeySpec(element, "AES");
    this.stateKey = new SecretKeySpec(state, HMAC);
    Arrays.fill(element, (byte) 0);
    Arrays.fill(state, (byte) 0);
  }

  /**
   * Adds ({@code sign} 1) or subtracts ({@code sign} -1) the element of the row carrying this signature to or
   * from {@code digest} (high, low 64 bits).
   *
   * @return false, leaving the digest as it was, if the signature is absent or malformed: such a row is
   *     refused on read and is not part of any ledger
   */
  public boolean accumulate(long[] digest, String signature, int sign) {
    byte[] mac = signature == null || signature.isEmpty() ? null : HmacEntrySigner.macBytes(signature);
    if (mac == null) {
      return false;
    }
    byte[] element = encrypt(mac);
    long high = toLong(element, 0);
    long low = toLong(element, 8);
    if (sign < 0) {
      // Two's complement of the 128-bit element.
      high = ~high;
      low = ~low + 1;
      if (low == 0) {
        high++;
      }
    }
    long sum = digest[1] + low;
    digest[0] += high + (Long.compareUnsigned(sum, digest[1]) < 0 ? 1 : 0);
    digest[1] = sum;
    return true;
  }

  /** A digest as stored: 32 lowercase hex digits. */
  public static String format(long[] digest) {
    return HEX.toHexDigits(digest[0]) + HEX.toHexDigits(digest[1]);
  }

  /** A stored digest's high and low 64 bits, or null unless exactly 32 lowercase hex digits. */
  public static long[] parse(String digest) {
    if (digest == null || digest.length() != DIGEST_HEX_LENGTH || !digest.chars().allMatch(
        c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return null;
    }
    return new long[] {HexFormat.fromHexDigitsToLong(digest, 0, 16), HexFormat.fromHexDigitsToLong(digest, 16, 32)};
  }

  /**
   * The signature of a ledger state: the last generation issued, the oldest trusted, the live rows, their digest
   * and the journal's chained hash.
   */
  public String sign(long generation, long since, long rows, String digest, String journalHash) {
    return HEX.formatHex(mac(stateMessage(generation, since, rows, digest, journalHash)));
  }

  /** Whether a stored ledger state carries its signature. */
  public boolean verifies(long generation, long since, long rows, String digest, String journalHash,
      String signature) {
    byte[] given;
    try {
      given = signature == null ? null : HEX.parseHex(signature);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return given != null
        && MessageDigest.isEqual(mac(stateMessage(generation, since, rows, digest, journalHash)), given);
  }

  /**
   * The journal's hash before its first entry, for a ledger trusting rows from generation {@code since} on: the
   * chain restarts whenever {@code since} moves.
   */
  public String journalStart(long since) {
    return HEX.formatHex(sha256(new CanonicalMessage().add(JOURNAL_TAG).add(namespace).add(Long.toString(since))
        .toByteArray()));
  }

  /** The journal's hash after one more entry. */
  public static String chain(String journalHash, long generation, String cacheKey, boolean removed) {
    return HEX.formatHex(sha256(new CanonicalMessage().add(journalHash).add(Long.toString(generation))
        .add(cacheKey).add(removed ? "removed" : "written").toByteArray()));
  }

  private byte[] stateMessage(long generation, long since, long rows, String digest, String journalHash) {
    return new CanonicalMessage().add(STATE_TAG).add(namespace).add(Long.toString(generation))
        .add(Long.toString(since)).add(Long.toString(rows)).add(digest).add(journalHash).toByteArray();
  }

  private static byte[] sha256(byte[] message) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  private byte[] encrypt(byte[] mac) {
    Cipher cipher = ciphers.poll();
    try {
      if (cipher == null) {
        cipher = Cipher.getInstance(AES);
        cipher.init(Cipher.ENCRYPT_MODE, elementKey);
      }
      byte[] element = cipher.doFinal(mac, 0, BLOCK);
      ciphers.add(cipher);
      return element;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES is unavailable", e);
    }
  }

  private byte[] mac(byte[] message) {
    Mac mac = macs.poll();
    try {
      if (mac == null) {
        mac = Mac.getInstance(HMAC);
        mac.init(stateKey);
      }
      byte[] result = mac.doFinal(message);
      macs.add(mac);
      return result;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  private static long toLong(byte[] bytes, int offset) {
    long value = 0;
    for (int i = offset; i < offset + 8; i++) {
      value = (value << 8) | (bytes[i] & 0xFF);
    }
    return value;
  }
}
