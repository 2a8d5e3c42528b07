package io.cachet.sealed;

import java.util.HashMap;
import java.util.Map;

/**
 * Refuses change messages that are stale or were seen before: each origin's sequence numbers must increase, and
 * a message must be sent within {@link #FRESHNESS_MILLIS} of the receiver's clock and not before the receiver
 * started. An origin is forgotten once its last message is stale, since any replay of its messages then is too.
 * Thread-safe.
 */
final class ReplayGuard {
  /** How far a message's send time may be from the receiver's clock, either way. */
  static final long FRESHNESS_MILLIS = 60_000;

  private final long startedAt;
  private final Map<String, Seen> origins = new HashMap<>();

  private record Seen(long sequence, long sentAt) {}

  /** @param startedAt the receiver's clock when it started listening; older messages are refused */
  ReplayGuard(long startedAt) {
    this.startedAt = startedAt;
  }

  /** Whether the message is fresh and new; if so, it is remembered. */
  synchronized boolean admit(String origin, long sequence, long sentAt, long now) {
    if (sentAt < startedAt || Math.abs(now - sentAt) > FRESHNESS_MILLIS) {
      return false;
    }
    Seen seen = origins.get(origin);
    if (seen != null && sequence <= seen.sequence()) {
      return false;
    }
    origins.values().removeIf(other -> now - other.sentAt() > FRESHNESS_MILLIS);
    origins.put(origin, new Seen(sequence, sentAt));
    return true;
  }
}
