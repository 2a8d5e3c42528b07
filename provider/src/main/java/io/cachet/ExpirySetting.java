package io.cachet;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.cache.configuration.Factory;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/**
 * A cache's expiry as the options file sets it, {@code cache.<name>.expiry=created:PT10M}: one of JCache's
 * standard expiry policies and its duration.
 *
 * @param kind which standard policy
 * @param duration how long an entry lives, positive and in whole milliseconds; null for {@code eternal}
 */
record ExpirySetting(Kind kind, Duration duration) {
  /** What a valid expiry is; the message when it is not. */
  static final String RULE = "must be created:<duration>, accessed:<duration>, modified:<duration> or"
      + " touched:<duration>, the duration in ISO-8601 (PT10M, PT30S, PT1H, P1D), positive and in whole"
      + " milliseconds; or eternal";

  /** JCache's standard policies, by the event that starts an entry's time to live. */
  enum Kind {
    /** {@link CreatedExpiryPolicy}: from its creation. */
    CREATED,
    /** {@link AccessedExpiryPolicy}: from its creation and from every read. */
    ACCESSED,
    /** {@link ModifiedExpiryPolicy}: from its creation and every update. */
    MODIFIED,
    /** {@link TouchedExpiryPolicy}: from its creation, every update and every read. */
    TOUCHED,
    /** {@link EternalExpiryPolicy}: entries never expire. */
    ETERNAL
  }

  /**
   * Parses {@code kind:duration} or {@code eternal} (case-insensitive kind, blanks around either part
   * ignored).
   *
   * @throws InvalidOptionValue saying what would be valid
   */
  static ExpirySetting parse(String text) {
    String trimmed = text.trim();
    if (trimmed.equalsIgnoreCase("eternal")) {
      return new ExpirySetting(Kind.ETERNAL, null);
    }
    int colon = trimmed.indexOf(':');
    if (colon < 0) {
      throw new InvalidOptionValue(RULE);
    }
    Kind kind;
    try {
      kind = Kind.valueOf(trimmed.substring(0, colon).trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionValue(RULE, e);
    }
    if (kind == Kind.ETERNAL) {
      throw new InvalidOptionValue(RULE + " (eternal takes no duration)");
    }
    Duration duration;
    try {
      duration = Duration.parse(trimmed.substring(colon + 1).trim());
    } catch (DateTimeParseException e) {
      throw new InvalidOptionValue(RULE, e);
    }
    if (duration.isNegative() || duration.isZero() || duration.getNano() % 1_000_000 != 0) {
      throw new InvalidOptionValue(RULE);
    }
    try {
      duration.toMillis();
    } catch (ArithmeticException e) {
      throw new InvalidOptionValue(RULE + "; at most " + Long.MAX_VALUE + " milliseconds", e);
    }
    return new ExpirySetting(kind, duration);
  }

  /** The standard policy's factory, as {@code MutableConfiguration.setExpiryPolicyFactory} takes it. */
  Factory<ExpiryPolicy> factory() {
    if (kind == Kind.ETERNAL) {
      return EternalExpiryPolicy.factoryOf();
    }
    javax.cache.expiry.Duration jcache = new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, duration.toMillis());
    return switch (kind) {
      case CREATED -> CreatedExpiryPolicy.factoryOf(jcache);
      case ACCESSED -> AccessedExpiryPolicy.factoryOf(jcache);
      case MODIFIED -> ModifiedExpiryPolicy.factoryOf(jcache);
      case TOUCHED -> TouchedExpiryPolicy.factoryOf(jcache);
      case ETERNAL -> EternalExpiryPolicy.factoryOf();
    };
  }
}
