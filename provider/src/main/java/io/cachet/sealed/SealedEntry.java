package io.cachet.sealed;

import io.cachet.store.RowVersion;
import java.util.Objects;

/**
 * A verified entry read from a {@link SealedNamespace}.
 *
 * @param key the entry's key
 * @param value a fresh copy of the stored value, or null where only the entry's row was read (see
 *     {@link SealedNamespace.ExpiryRule})
 * @param createdAt epoch milliseconds when the value was written
 * @param expiresAt epoch milliseconds after which the entry is expired, or {@link #ETERNAL}
 * @param version which write of the key this entry is, for the store's conditional changes
 */
public record SealedEntry(StoredKey key, Object value, long createdAt, long expiresAt, RowVersion version) {

  /** The expiry time of an entry that never expires. */
  public static final long ETERNAL = Long.MAX_VALUE;

  public SealedEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(version, "version");
  }

  /** Whether the entry is expired at the given epoch millisecond. */
  public boolean isExpiredAt(long now) {
    return expiresAt != ETERNAL && expiresAt <= now;
  }
}
