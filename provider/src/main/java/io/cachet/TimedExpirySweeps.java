package io.cachet;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The production expiry schedule: a manager's sweep on a daemon thread, every interval. */
final class TimedExpirySweeps implements ExpirySweepSchedule.Sweeps {
  private final ScheduledExecutorService sweeper;

  private TimedExpirySweeps(ScheduledExecutorService sweeper) {
    this.sweeper = sweeper;
  }

  static ExpirySweepSchedule.Sweeps start(Runnable sweep, long intervalMillis) {
    ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "cachet-expiry-sweeper");
      thread.setDaemon(true);
      return thread;
    });
    sweeper.scheduleWithFixedDelay(sweep, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    return new TimedExpirySweeps(sweeper);
  }

  @Override
  public boolean stop(Duration timeout) throws InterruptedException {
    sweeper.shutdown();
    return sweeper.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
