package io.cachet.sealed;

import java.util.Objects;

/**
 * A verified entry read from a {@link SealedNamespace}.
 *
 * @param key the entry's key
 * @param value a fresh copy of the stored value, or null where only the entry's row was read (see
 *     {@link SealedNamespace.ExpiryRule})
 * @param createdAt epoch milliseconds when the value was written
 * @param expiresAt epoch milliseconds after which the entry is expired, or {@link #ETERNAL}
 */
public record SealedEntry(StoredKey key, Object value, long createdAt, long expiresAt) {

  /** The expiry time of an entry that never expires. */
  public static final long ETERNAL = Long.MAX_VALUE;

  public SealedEntry {
    Objects.requireNonNull(key, "key");
  }

  /** Whether the entry is expired at the given epoch millisecond. */
  public boolean isExpiredAt(long now) {
    return expiresAt != ETERNAL && expiresAt <= now;
  }
}
