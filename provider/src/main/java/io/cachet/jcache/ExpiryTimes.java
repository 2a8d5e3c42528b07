package io.cachet.jcache;

import io.cachet.sealed.SealedEntry;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;

/**
 * Turns a user's {@link ExpiryPolicy} into absolute expiry times, applying the JCache rules for failures:
 * a policy that throws or returns null leaves an existing entry's expiry unchanged, and a new entry eternal.
 */
final class ExpiryTimes {
  /** Returned by the update and access variants when the expiry time must not change. */
  static final long UNCHANGED = Long.MIN_VALUE;

  private static final System.Logger LOG = System.getLogger(ExpiryTimes.class.getName());

  private final ExpiryPolicy policy;

  ExpiryTimes(ExpiryPolicy policy) {
    this.policy = policy;
  }

  ExpiryPolicy policy() {
    return policy;
  }

  /** The expiry time of an entry created at {@code now}; {@code now} itself means "not to be stored". */
  long forCreation(long now) {
    Duration duration;
    try {
      duration = policy.getExpiryForCreation();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "ExpiryPolicy.getExpiryForCreation failed; using eternal", e);
      return SealedEntry.ETERNAL;
    }
    return duration == null ? SealedEntry.ETERNAL : absolute(duration, now);
  }

  /** The new expiry time of an entry updated at {@code now}, or {@link #UNCHANGED}. */
  long forUpdate(long now) {
    Duration duration;
    try {
      duration = policy.getExpiryForUpdate();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "ExpiryPolicy.getExpiryForUpdate failed; expiry unchanged", e);
      return UNCHANGED;
    }
    return duration == null ? UNCHANGED : absolute(duration, now);
  }

  /** The new expiry time of an entry read at {@code now}, or {@link #UNCHANGED}. */
  long forAccess(long now) {
    Duration duration;
    try {
      duration = policy.getExpiryForAccess();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "ExpiryPolicy.getExpiryForAccess failed; expiry unchanged", e);
      return UNCHANGED;
    }
    return duration == null ? UNCHANGED : absolute(duration, now);
  }

  private static long absolute(Duration duration, long now) {
    if (duration.isEternal()) {
      return SealedEntry.ETERNAL;
    }
    if (duration.isZero()) {
      return now;
    }
    long adjusted = duration.getAdjustedTime(now);
    return adjusted < now ? SealedEntry.ETERNAL : adjusted;
  }
}
