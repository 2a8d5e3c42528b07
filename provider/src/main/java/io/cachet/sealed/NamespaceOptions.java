package io.cachet.sealed;

import java.util.List;
import java.util.Objects;

/**
 * The security and resource options of one namespace (DESIGN §5), resolved from the manager's options and
 * the cache's overrides.
 *
 * @param entrySigning sign on write and verify on every read ({@code enableEntrySigning})
 * @param inMemoryKey use a random per-process key that is never written ({@code useInMemoryKey})
 * @param signingKeyFile the key file's name, relative to the root ({@code signingKeyFile})
 * @param deleteInvalidSignatures delete a refused entry's row and blob
 * @param allowUnsignedEntries accept rows that carry no signature
 * @param storageMode never delete anything on a failed check, only miss
 * @param minimumSignatureVersion refuse signatures of older versions
 * @param encryptAtRest encrypt payloads with AES-256-GCM under a per-namespace key
 * @param maxValueBytes the largest serialized value accepted, 0 for no limit
 * @param maxEntries the most entries kept before the least recently used are evicted, 0 for no limit
 * @param maxBytes the most payload bytes kept before the least recently used are evicted, 0 for no limit
 * @param allowedClasses class patterns allowed besides the defaults (see {@code io.cachet.serial.ClassFilter})
 * @param sharedLedger keep a ledger of the namespace's writes that every process checks rows against, rather
 *     than only what this process saw ({@code replayDetection=shared})
 * @param observer told of every refused entry
 */
public record NamespaceOptions(boolean entrySigning, boolean inMemoryKey, String signingKeyFile,
    boolean deleteInvalidSignatures, boolean allowUnsignedEntries, boolean storageMode, int minimumSignatureVersion,
    boolean encryptAtRest, long maxValueBytes, long maxEntries, long maxBytes, List<String> allowedClasses,
    boolean sharedLedger, IntegrityObserver observer) {

  /** The default key file name. */
  public static final String DEFAULT_SIGNING_KEY_FILE = "cache_signing_key.bin";

  /** The signature version written. */
  public static final int CURRENT_SIGNATURE_VERSION = 4;

  /**
   * The oldest signature version accepted by default: 3, so that entries written before generations were
   * signed stay readable; they are covered by the ledger from the first attach on (see NamespaceLedger).
   */
  public static final int DEFAULT_MINIMUM_SIGNATURE_VERSION = 3;

  public NamespaceOptions {
    Objects.requireNonNull(signingKeyFile, "signingKeyFile");
    allowedClasses = List.copyOf(allowedClasses);
    Objects.requireNonNull(observer, "observer");
    if (minimumSignatureVersion < 1 || minimumSignatureVersion > CURRENT_SIGNATURE_VERSION) {
      throw new IllegalArgumentException("minimumSignatureVersion must be between 1 and "
          + CURRENT_SIGNATURE_VERSION + ": " + minimumSignatureVersion);
    }
    if (maxValueBytes < 0 || maxEntries < 0 || maxBytes < 0) {
      throw new IllegalArgumentException("maxValueBytes, maxEntries and maxBytes must be >= 0 (0 = no limit)");
    }
    if (encryptAtRest && !entrySigning) {
      throw new IllegalArgumentException("encryptAtRest needs enableEntrySigning: the ciphertext is only trusted"
          + " once its hash and signature verify");
    }
  }

  /** These options, reporting refusals to the given observer. */
  public NamespaceOptions withObserver(IntegrityObserver newObserver) {
    return new NamespaceOptions(entrySigning, inMemoryKey, signingKeyFile, deleteInvalidSignatures,
        allowUnsignedEntries, storageMode, minimumSignatureVersion, encryptAtRest, maxValueBytes, maxEntries,
        maxBytes, allowedClasses, sharedLedger, newObserver);
  }

  /** Cachet's defaults: signed, persistent key, strict, deleting refused entries, no limits. */
  public static NamespaceOptions defaults() {
    return new NamespaceOptions(true, false, DEFAULT_SIGNING_KEY_FILE, true, false, false,
        DEFAULT_MINIMUM_SIGNATURE_VERSION, false, 0, 0, 0, List.of(), false, IntegrityObserver.NONE);
  }
}
