package io.cachet.sealed;

import io.cachet.CachetOptions;
import io.cachet.OptionValues;
import io.cachet.ReplayDetection;
import java.util.List;
import java.util.Objects;

/**
 * The security and resource options of one namespace (DESIGN §5): the values its cache resolved from the
 * manager's options and its own overrides, read here by what the sealed store does with them.
 *
 * @param values every option's value (see {@link CachetOptions})
 * @param observer told of every refused entry
 */
public record NamespaceOptions(OptionValues values, IntegrityObserver observer) {

  /** The default key file name. */
  public static final String DEFAULT_SIGNING_KEY_FILE = CachetOptions.DEFAULT_SIGNING_KEY_FILE;

  /** The signature version written. */
  public static final int CURRENT_SIGNATURE_VERSION = CachetOptions.CURRENT_SIGNATURE_VERSION;

  public NamespaceOptions {
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(observer, "observer");
    int minimumSignatureVersion = values.get(CachetOptions.MINIMUM_SIGNATURE_VERSION);
    if (minimumSignatureVersion < 1 || minimumSignatureVersion > CURRENT_SIGNATURE_VERSION) {
      throw new IllegalArgumentException("minimumSignatureVersion must be between 1 and "
          + CURRENT_SIGNATURE_VERSION + ": " + minimumSignatureVersion);
    }
    if (values.get(CachetOptions.MAX_VALUE_BYTES) < 0 || values.get(CachetOptions.MAX_ENTRIES) < 0
        || values.get(CachetOptions.MAX_BYTES) < 0) {
      throw new IllegalArgumentException("maxValueBytes, maxEntries and maxBytes must be >= 0 (0 = no limit)");
    }
    if (values.get(CachetOptions.ENCRYPT_AT_REST) && !values.get(CachetOptions.ENABLE_ENTRY_SIGNING)) {
      throw new IllegalArgumentException("encryptAtRest needs enableEntrySigning: the ciphertext is only trusted"
          + " once its hash and signature verify");
    }
  }

  /** Options that report refusals to no one. */
  public NamespaceOptions(OptionValues values) {
    this(values, IntegrityObserver.NONE);
  }

  /** These options, reporting refusals to the given observer. */
  public NamespaceOptions withObserver(IntegrityObserver newObserver) {
    return new NamespaceOptions(values, newObserver);
  }

  /** Cachet's defaults: signed, persistent key, strict, deleting refused entries, no limits. */
  public static NamespaceOptions defaults() {
    return new NamespaceOptions(OptionValues.defaults());
  }

  /** Sign on write and verify on every read ({@code enableEntrySigning}). */
  public boolean entrySigning() {
    return values.get(CachetOptions.ENABLE_ENTRY_SIGNING);
  }

  /** Use a random per-process key that is never written ({@code useInMemoryKey}). */
  public boolean inMemoryKey() {
    return values.get(CachetOptions.USE_IN_MEMORY_KEY);
  }

  /** The key file's name, relative to the root ({@code signingKeyFile}). */
  public String signingKeyFile() {
    return values.get(CachetOptions.SIGNING_KEY_FILE);
  }

  /** Delete a refused entry's row and blob. */
  public boolean deleteInvalidSignatures() {
    return values.get(CachetOptions.DELETE_INVALID_SIGNATURES);
  }

  /**
   * Whether an entry that fails its checks is deleted: storage mode never deletes, whatever deleteInvalidSignatures
   * says.
   */
  public boolean deletesRefused() {
    return deleteInvalidSignatures() && !storageMode();
  }

  /** Accept rows that carry no signature. */
  public boolean allowUnsignedEntries() {
    return values.get(CachetOptions.ALLOW_UNSIGNED_ENTRIES);
  }

  /** Never delete anything on a failed check, only miss. */
  public boolean storageMode() {
    return values.get(CachetOptions.STORAGE_MODE);
  }

  /** Refuse signatures of older versions. */
  public int minimumSignatureVersion() {
    return values.get(CachetOptions.MINIMUM_SIGNATURE_VERSION);
  }

  /** Encrypt payloads with AES-256-GCM under a per-namespace key. */
  public boolean encryptAtRest() {
    return values.get(CachetOptions.ENCRYPT_AT_REST);
  }

  /** The largest serialized value accepted, 0 for no limit. */
  public long maxValueBytes() {
    return values.get(CachetOptions.MAX_VALUE_BYTES);
  }

  /** The most entries kept before the least recently used are evicted, 0 for no limit. */
  public long maxEntries() {
    return values.get(CachetOptions.MAX_ENTRIES);
  }

  /** The most payload bytes kept before the least recently used are evicted, 0 for no limit. */
  public long maxBytes() {
    return values.get(CachetOptions.MAX_BYTES);
  }

  /** The most entries kept in memory (the heap tier), 0 for none. */
  public long heapEntries() {
    return values.get(CachetOptions.HEAP_ENTRIES);
  }

  /** The most bytes the heap tier holds. */
  public long heapBytes() {
    return values.get(CachetOptions.HEAP_BYTES);
  }

  /** Class patterns allowed besides the defaults (see {@code io.cachet.serial.ClassFilter}). */
  public List<String> allowedClasses() {
    return values.get(CachetOptions.ALLOWED_CLASSES);
  }

  /**
   * Keep a ledger of the namespace's writes that every process checks rows against, rather than only what
   * this process saw ({@code replayDetection=shared}).
   */
  public boolean sharedLedger() {
    return values.get(CachetOptions.REPLAY_DETECTION) == ReplayDetection.SHARED;
  }
}
