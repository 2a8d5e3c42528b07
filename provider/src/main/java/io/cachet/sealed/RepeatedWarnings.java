package io.cachet.sealed;

import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Warnings of storage failures that repeat: the first of a kind (an operation in a namespace) is logged as a
 * WARNING, repeats within a minute at DEBUG, and the next WARNING says how many there were. A full disk under a
 * busy cache would otherwise log a line for every read.
 */
final class RepeatedWarnings {
  private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final System.Logger log;
  private final ConcurrentHashMap<String, Kind> kinds = new ConcurrentHashMap<>();

  RepeatedWarnings(System.Logger log) {
    this.log = log;
  }

  /** Logs {@code message}, a failure of this {@code kind}, as a WARNING unless one of its kind was just logged. */
  void warn(String kind, String message, long nanoTime) {
    Kind state = kinds.computeIfAbsent(kind, k -> new Kind());
    long repeats = state.repeatsToReport(nanoTime);
    if (repeats < 0) {
      log.log(Level.DEBUG, message);
    } else if (repeats == 0) {
      log.log(Level.WARNING, message);
    } else {
      log.log(Level.WARNING, message + " (" + repeats + " more like it in the last minute, logged at DEBUG)");
    }
  }

  /** When a kind of failure was last logged as a WARNING, and how many repeats were logged at DEBUG since. */
  private static final class Kind {
    private long warnedAt;
    private boolean warned;
    private final AtomicLong quiet = new AtomicLong();

    /** The repeats to report with a WARNING now, or -1 if this one is a repeat. */
    synchronized long repeatsToReport(long nanoTime) {
      if (warned && nanoTime - warnedAt < INTERVAL_NANOS) {
        quiet.incrementAndGet();
        return -1;
      }
      warned = true;
      warnedAt = nanoTime;
      return quiet.getAndSet(0);
    }
  }
}
