package io.cachet.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.testing.ChildJvm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link EntryLocks} promises: a store passes by subclassing this suite with its factory. */
public abstract class EntryLocksContract {
  /** How long a lock that must wait is given to show that it waits. */
  private static final long BLOCKED_MILLIS = 200;

  @TempDir protected Path location;
  @TempDir Path logs;
  protected EntryLocks locks;
  private final List<EntryLocks> opened = new ArrayList<>();

  /**
   * Opens the locks at this location: a fresh empty directory the first time. Opening the same location again,
   * also in another process ({@link ContractChild}), opens locks on the same keys; locks not kept in files
   * derive their place from the path.
   */
  protected abstract EntryLocks open(Path location);

  @BeforeEach
  final void openLocks() {
    locks = another();
  }

  @AfterEach
  final void closeLocks() {
    opened.forEach(EntryLocks::close);
  }

  /** Other locks on the same location, closed after the test. */
  protected final EntryLocks another() {
    EntryLocks opened = open(location);
    this.opened.add(opened);
    return opened;
  }

  /** A hold belongs to the thread that took it: another thread takes the key and lets it go. */
  private static CompletableFuture<Void> lockAndReleaseAsync(EntryLocks locks, String key) {
    return CompletableFuture.runAsync(() -> locks.lock("ns", List.of(key)).close());
  }

  private static void assertBlocked(CompletableFuture<Void> waiting) {
    assertThrows(TimeoutException.class, () -> waiting.get(BLOCKED_MILLIS, TimeUnit.MILLISECONDS));
  }

  private ChildJvm child(String action, String key) throws Exception {
    return ChildJvm.start(action, logs, ChildJvm.java(ContractChild.class, getClass().getName(),
        location.toString(), action, "ns", key));
  }

  @Test
  void aHeldKey_blocksAnotherThread_untilReleased_evenThroughOtherLocksOnTheLocation() throws Exception {
    EntryLocks other = another();
    EntryLocks.Held held = locks.lock("ns", List.of("k"));
    CompletableFuture<Void> waiting = lockAndReleaseAsync(other, "k");

    assertBlocked(waiting);
    held.close();
    waiting.get(5, TimeUnit.SECONDS);
  }

  @Test
  @SuppressWarnings("try") // the hold guards the block without being read in it
  void holders_excludeEachOther_acrossThreads() throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        EntryLocks target = t % 2 == 0 ? locks : another();
        workers.add(pool.submit(() -> {
          for (int i = 0; i < 200; i++) {
            try (EntryLocks.Held held = target.lock("ns", List.of("shared"))) {
              most.accumulateAndGet(inside.incrementAndGet(), Math::max);
              Thread.yield();
              inside.decrementAndGet();
            }
          }
        }));
      }
      for (Future<?> worker : workers) {
        worker.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(1, most.get(), "holders of one key at once");
  }

  @Test
  void locksAreReentrant_andAHoldReleasesOnlyOnce() throws Exception {
    EntryLocks.Held outer = locks.lock("ns", List.of("k"));
    EntryLocks.Held inner = locks.lock("ns", List.of("k", "other"));
    inner.close();
    inner.close();

    CompletableFuture<Void> waiting = lockAndReleaseAsync(locks, "k");
    assertBlocked(waiting);
    outer.close();
    waiting.get(5, TimeUnit.SECONDS);
  }

  @Test
  void holdersOfSeveralKeys_takeThemInOneOrder_soNeverDeadlock() throws Exception {
    List<String> keys = List.of("a", "b", "c", "d", "e", "f", "g", "h");
    CountDownLatch done = new CountDownLatch(2);
    Runnable forwards = () -> repeatLocking(keys, done);
    Runnable backwards = () -> repeatLocking(List.of("h", "g", "f", "e", "d", "c", "b", "a"), done);
    new Thread(forwards).start();
    new Thread(backwards).start();

    assertTrue(done.await(30, TimeUnit.SECONDS), "two threads locking the same keys in opposite orders");
  }

  private void repeatLocking(List<String> keys, CountDownLatch done) {
    for (int i = 0; i < 500; i++) {
      locks.lock("ns", keys).close();
    }
    done.countDown();
  }

  @Test
  void aKeyHeldByAnotherProcess_blocksThisOne_untilThatProcessDies() throws Exception {
    try (ChildJvm holder = child("hold", "k")) {
      holder.awaitLine("held");
      CompletableFuture<Void> waiting = lockAndReleaseAsync(locks, "k");

      assertBlocked(waiting);
      holder.kill();
      waiting.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void closingTheLocks_releasesTheirHolds_forAnotherProcess() throws Exception {
    try (ChildJvm closer = child("close", "k")) {
      closer.awaitLine("closed");

      lockAndReleaseAsync(locks, "k").get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void closingTheLocks_releasesTheirHolds_forLocksOpenedAfter() throws Exception {
    CompletableFuture.runAsync(() -> locks.lock("ns", List.of("k"))).get(5, TimeUnit.SECONDS);
    locks.close();

    lockAndReleaseAsync(another(), "k").get(5, TimeUnit.SECONDS);
  }

  @Test
  void aClosedInstance_refusesToLock() {
    locks.close();

    assertThrows(StorageException.class, () -> locks.lock("ns", List.of("k")));
  }
}
