package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The production expiry schedule, the one part of sweeping the provider's tests replace (they sweep on
 * demand): it repeats on a daemon thread of its own, and stopping waits for a running sweep.
 */
class TimedExpirySweepsTest {

  @Test
  void start_runsTheSweepRepeatedly_onADaemonSweeperThread() throws Exception {
    CountDownLatch threeSweeps = new CountDownLatch(3);
    List<Thread> threads = new CopyOnWriteArrayList<>();
    ExpirySweepSchedule.Sweeps sweeps = ExpirySweepSchedule.TIMED.start(() -> {
      threads.add(Thread.currentThread());
      threeSweeps.countDown();
    }, 5);
    try {
      assertTrue(threeSweeps.await(30, TimeUnit.SECONDS), "three sweeps ran");
    } finally {
      assertTrue(sweeps.stop(Duration.ofSeconds(10)));
    }
    Thread sweeper = threads.get(0);
    assertEquals("cachet-expiry-sweeper", sweeper.getName());
    assertTrue(sweeper.isDaemon());
    assertTrue(threads.stream().allMatch(thread -> thread == sweeper), "one thread sweeps");
  }

  @Test
  void stop_reportsASweepStillRunningAfterTheTimeout_andSucceedsOnceItEnds() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExpirySweepSchedule.Sweeps sweeps = ExpirySweepSchedule.TIMED.start(() -> {
      running.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, 5);
    assertTrue(running.await(30, TimeUnit.SECONDS), "a sweep started");

    assertFalse(sweeps.stop(Duration.ofMillis(50)), "the sweep is still running");
    release.countDown();
    assertTrue(sweeps.stop(Duration.ofSeconds(10)));
  }
}
