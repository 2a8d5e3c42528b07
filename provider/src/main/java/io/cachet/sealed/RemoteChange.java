package io.cachet.sealed;

import java.util.Objects;

/**
 * A change another host made to a namespace, verified: a created or updated entry was read back through the
 * verifying path and is still the version the other host wrote; a removed or expired key came in a message
 * sealed with the namespace's key.
 *
 * @param kind what happened to the key
 * @param key a fresh copy of the key
 * @param value a fresh copy of the new value for {@link Kind#CREATED} and {@link Kind#UPDATED}; null for
 *     {@link Kind#REMOVED} and {@link Kind#EXPIRED}, whose value is gone with the row
 */
public record RemoteChange(Kind kind, Object key, Object value) {

  /** What happened to the key. */
  public enum Kind {
    /** An entry was written where no live one was. */
    CREATED,
    /** A live entry was replaced. */
    UPDATED,
    /** An entry was deleted. */
    REMOVED,
    /** An expired entry was deleted; only the host whose delete removed it tells of it. */
    EXPIRED
  }

  public RemoteChange {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
  }
}
