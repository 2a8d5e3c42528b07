package io.cachet.sealed;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to open an embedded {@link SealedStore}.
 *
 * @param root the root directory; created (mode 0700) if missing
 * @param classLoader the class loader keys and values are deserialized with
 * @param inlineThreshold payloads of at most this many bytes are stored in the row, larger ones in a blob
 * @param durability what a completed write survives
 */
public record SealedStoreSettings(Path root, ClassLoader classLoader, int inlineThreshold, Durability durability) {

  /**
   * The default inline threshold: 128 KiB. Below it a payload in the row is written faster than a blob file
   * (no file to create, rename and later unlink) and read about as fast: benchmarks/RESULTS.md.
   */
  public static final int DEFAULT_INLINE_THRESHOLD = 128 * 1024;

  public SealedStoreSettings {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(classLoader, "classLoader");
    Objects.requireNonNull(durability, "durability");
    if (inlineThreshold < 0) {
      throw new IllegalArgumentException("inlineThreshold must not be negative: " + inlineThreshold);
    }
  }

  /** What a completed write survives. */
  public enum Durability {
    /** A process crash: SQLite WAL with {@code synchronous=NORMAL}, blobs renamed into place. */
    NORMAL,
    /** A power loss: fsync of blob, its directory and the commit. */
    FULL
  }
}
