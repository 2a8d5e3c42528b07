package io.cachet.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that stands still until the test advances it. It starts at the real time, because blob files carry
 * real modification times that blob reclamation compares with the clock.
 */
public final class FakeClock implements InstantSource {
  private final AtomicLong millis = new AtomicLong(System.currentTimeMillis());

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public long millis() {
    return millis.get();
  }

  /** Moves the clock forward. */
  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("A fake clock only moves forward, not by " + by);
    }
    millis.addAndGet(by.toMillis());
  }
}
