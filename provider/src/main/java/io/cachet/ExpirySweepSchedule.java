package io.cachet;

import java.time.Duration;

/**
 * When a cache manager's expiry sweep runs: every interval on a daemon thread of the manager's own in
 * production; a test's schedule sweeps only when the test says so, so expiry tests move a clock, not wait.
 * Internal, not for applications: public only so that the cache manager, in another package, can take it.
 */
@FunctionalInterface
public interface ExpirySweepSchedule {
  /** Sweeps every interval on a daemon thread, the first sweep one interval after the start. */
  ExpirySweepSchedule TIMED = TimedExpirySweeps::start;

  /**
   * Starts running {@code sweep} every {@code intervalMillis} until the result is stopped.
   *
   * @param sweep the sweep to run
   * @param intervalMillis the interval, positive
   * @return the started schedule
   */
  Sweeps start(Runnable sweep, long intervalMillis);

  /** A started schedule. */
  interface Sweeps {
    /**
     * Runs no further sweep and waits up to {@code timeout} for a running one to end.
     *
     * @param timeout how long to wait for a running sweep
     * @return false if a sweep still runs after the timeout
     * @throws InterruptedException if interrupted while waiting
     */
    boolean stop(Duration timeout) throws InterruptedException;
  }
}
