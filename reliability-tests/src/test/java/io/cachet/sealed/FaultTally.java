package io.cachet.sealed;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.Cache;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What one fault test class injected and what that cost, printed as its {@code FAULTS} line when the class
 * ends (docs/RELIABILITY.md quotes them). Registered as a static extension; Cachet's own logging is silenced
 * while the class runs, since every injected fault logs a warning by design.
 */
final class FaultTally implements BeforeAllCallback, AfterAllCallback {
  private static final Logger CACHET_LOGS = Logger.getLogger("io.cachet");

  final AtomicInteger injected = new AtomicInteger();
  final AtomicInteger lost = new AtomicInteger();
  final AtomicInteger corrupt = new AtomicInteger();
  private final String testClass;
  private final Supplier<String> details;
  private Level previousLevel;

  FaultTally(String testClass) {
    this(testClass, () -> "");
  }

  /** @param details printed after the class name, e.g. how many cases ran */
  FaultTally(String testClass, Supplier<String> details) {
    this.testClass = testClass;
    this.details = details;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    previousLevel = CACHET_LOGS.getLevel();
    CACHET_LOGS.setLevel(Level.OFF);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    CACHET_LOGS.setLevel(previousLevel);
    System.out.println("FAULTS " + testClass + details.get() + " injected=" + injected + " lost=" + lost
        + " corrupt=" + corrupt);
  }

  /** The value under the key, counted as lost if missing and as corrupt if not {@code expected}. */
  Object read(Cache<String, Object> cache, String key, Object expected) {
    Object value = cache.get(key);
    if (value == null) {
      lost.incrementAndGet();
    } else if (!Objects.deepEquals(expected, value)) {
      corrupt.incrementAndGet();
    }
    return value;
  }
}
