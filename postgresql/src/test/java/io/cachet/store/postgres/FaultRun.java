package io.cachet.store.postgres;

import static org.junit.jupiter.api.Assertions.fail;

import io.cachet.store.postgres.FaultWorkload.Call;
import java.util.List;

/** A {@link FaultWorkload} running in the background of a test, in this JVM, until the test stops it. */
final class FaultRun {
  private static final long SUCCESS_BOUND_MILLIS = 30_000;
  private static final int RECOVERED_PUTS = 5;

  private final List<Call> calls;
  private final int writers;
  private final Thread runner;
  private volatile boolean stopped;

  private FaultRun(FaultWorkload workload, int writers, List<Call> calls) {
    this.calls = calls;
    this.writers = writers;
    this.runner = new Thread(() -> {
      try {
        workload.run(writers, () -> stopped);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "fault-run");
  }

  /** Starts the writers; {@code calls} is where the workload reports to. */
  static FaultRun start(FaultWorkload workload, int writers, List<Call> calls) {
    FaultRun run = new FaultRun(workload, writers, calls);
    run.runner.start();
    return run;
  }

  /** Waits until {@code n} puts succeeded, before any fault. */
  void awaitSuccesses(int n) throws InterruptedException {
    long deadline = System.currentTimeMillis() + SUCCESS_BOUND_MILLIS;
    while (calls.stream().filter(call -> call.op().equals("put") && !call.failed()).count() < n) {
      if (System.currentTimeMillis() > deadline) {
        fail("fewer than " + n + " puts succeeded in " + SUCCESS_BOUND_MILLIS + " ms: " + calls);
      }
      Thread.sleep(20);
    }
  }

  /** Waits until every writer's last few puts, started after {@code since}, succeeded. */
  void awaitRecovery(long since, long boundMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + boundMillis;
    while (!new FaultAudit(calls).recovered(writers, since, RECOVERED_PUTS)) {
      if (System.currentTimeMillis() > deadline) {
        stop();
        fail("the writers did not recover within " + boundMillis + " ms of the service's return");
      }
      Thread.sleep(50);
    }
  }

  /** Stops the writers and waits for their calls in flight. */
  void stop() throws InterruptedException {
    stopped = true;
    runner.join();
  }
}
