package io.cachet.sealed;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What one fault test class injected and what that cost, printed as its {@code FAULTS} line when the class
 * ends (docs/RELIABILITY.md quotes them). Cachet's own logging is silenced meanwhile: every injected fault
 * logs a warning by design.
 */
final class FaultTally {
  private static final Logger CACHET_LOGS = Logger.getLogger("io.cachet");

  final AtomicInteger injected = new AtomicInteger();
  final AtomicInteger lost = new AtomicInteger();
  final AtomicInteger corrupt = new AtomicInteger();
  private final String testClass;
  private Level previousLevel;

  FaultTally(String testClass) {
    this.testClass = testClass;
  }

  void silenceLogs() {
    previousLevel = CACHET_LOGS.getLevel();
    CACHET_LOGS.setLevel(Level.OFF);
  }

  /** Restores logging and prints {@code FAULTS <class><details> injected=… lost=… corrupt=…}. */
  void print(String details) {
    CACHET_LOGS.setLevel(previousLevel);
    System.out.println("FAULTS " + testClass + details + " injected=" + injected + " lost=" + lost + " corrupt="
        + corrupt);
  }
}
