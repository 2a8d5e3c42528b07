package io.cachet.sealed;

import io.cachet.CachetOptions;
import io.cachet.ManagerSettings;
import io.cachet.OptionValues;
import io.cachet.store.StoredRow;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How to open a {@link SealedStore}.
 *
 * @param root the root directory; created (mode 0700) if missing
 * @param classLoader the class loader keys and values are deserialized with
 * @param inlineThreshold payloads of at most this many bytes are stored in the row, larger ones in a blob
 * @param durability what a completed write survives
 * @param onCorruptDatabase what opening does with a database that is not intact
 * @param allowGroupAccess whether the root and its files may be readable and writable by their group (a shared
 *     volume); owner, file type and access by others are checked all the same
 * @param store the backend: {@link #EMBEDDED}, or the name of a {@link io.cachet.store.StoreBackend}, whose
 *     rows and blobs then live in its services and the root holds the key files only
 * @param backendOptions the backend's options by name, each set one parsed
 */
public record SealedStoreSettings(Path root, ClassLoader classLoader, int inlineThreshold, Durability durability,
    OnCorruptDatabase onCorruptDatabase, boolean allowGroupAccess, String store,
    Map<String, Object> backendOptions) {

  /** The {@code store} option's value for SQLite and blob files under the root. */
  public static final String EMBEDDED = "embedded";

  /** The default inline threshold (see {@link CachetOptions#INLINE_THRESHOLD}). */
  public static final int DEFAULT_INLINE_THRESHOLD = CachetOptions.INLINE_THRESHOLD.defaultValue();

  /**
   * The largest inline threshold, 16 MiB: a row's {@code inline_value} is never longer, so a longer one found
   * in the database is refused without being loaded.
   */
  public static final int MAX_INLINE_THRESHOLD = StoredRow.MAX_INLINE_BYTES;

  public SealedStoreSettings {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(classLoader, "classLoader");
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(onCorruptDatabase, "onCorruptDatabase");
    Objects.requireNonNull(store, "store");
    backendOptions = Map.copyOf(backendOptions);
    if (inlineThreshold < 0 || inlineThreshold > MAX_INLINE_THRESHOLD) {
      throw new IllegalArgumentException("inlineThreshold must be from 0 to " + MAX_INLINE_THRESHOLD + " bytes: "
          + inlineThreshold);
    }
  }

  /** A cache manager's store settings: its root, and its durability, inline and root-trust options. */
  public static SealedStoreSettings of(ManagerSettings manager, ClassLoader classLoader) {
    OptionValues options = manager.options();
    return new SealedStoreSettings(manager.root(), classLoader, options.get(CachetOptions.INLINE_THRESHOLD),
        Durability.valueOf(options.get(CachetOptions.DURABILITY).toUpperCase(Locale.ROOT)),
        OnCorruptDatabase.valueOf(options.get(CachetOptions.ON_CORRUPT_DATABASE).toUpperCase(Locale.ROOT)),
        options.get(CachetOptions.ALLOW_GROUP_ACCESS), options.get(CachetOptions.STORE), options.backendValues());
  }

  /** Embedded settings that let the group access the root or not. */
  public SealedStoreSettings(Path root, ClassLoader classLoader, int inlineThreshold, Durability durability,
      OnCorruptDatabase onCorruptDatabase, boolean allowGroupAccess) {
    this(root, classLoader, inlineThreshold, durability, onCorruptDatabase, allowGroupAccess, EMBEDDED, Map.of());
  }

  /** Settings that let neither group nor others access the root. */
  public SealedStoreSettings(Path root, ClassLoader classLoader, int inlineThreshold, Durability durability,
      OnCorruptDatabase onCorruptDatabase) {
    this(root, classLoader, inlineThreshold, durability, onCorruptDatabase, false);
  }

  /** Settings that fail to open a database that is not intact. */
  public SealedStoreSettings(Path root, ClassLoader classLoader, int inlineThreshold, Durability durability) {
    this(root, classLoader, inlineThreshold, durability, OnCorruptDatabase.FAIL);
  }

  /** What a completed write survives: the {@code durability} option, by name. */
  public enum Durability {
    /** A process crash: SQLite WAL with {@code synchronous=NORMAL}, blobs renamed into place. */
    NORMAL,
    /** A power loss: fsync of blob, its directory and the commit. */
    FULL
  }

  /**
   * What opening does with a database that is not intact (not a database, truncated, damaged): the
   * {@code onCorruptDatabase} option, by name.
   */
  public enum OnCorruptDatabase {
    /** Fail, naming the file and the recovery, and change nothing. */
    FAIL,
    /**
     * Rename the database, its log and index files and the blob directory aside within the root, and start
     * empty; the signing key files stay, since they are still valid.
     */
    QUARANTINE
  }
}
