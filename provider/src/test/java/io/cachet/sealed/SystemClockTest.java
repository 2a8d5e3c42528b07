package io.cachet.sealed;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * A backend shared by several hosts is offered its own clock in place of the manager's only when the manager runs
 * on the system clock, however that clock was obtained, and never in place of a clock a test or application set.
 */
class SystemClockTest {
  @Test
  void theSystemClock_isRecognised_whetherAnInstantSourceOrAClock() {
    assertTrue(SealedStores.isSystemClock(InstantSource.system()));
    assertTrue(SealedStores.isSystemClock(Clock.systemUTC()));
  }

  @Test
  void anyOtherClock_isKept() {
    assertFalse(SealedStores.isSystemClock(InstantSource.fixed(Instant.EPOCH)));
    assertFalse(SealedStores.isSystemClock(Clock.offset(Clock.systemUTC(), Duration.ofHours(1))));
    assertFalse(SealedStores.isSystemClock(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)));
  }
}
