package io.cachet.store.postgres;

import static io.cachet.store.TestRow.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.store.EntryLocks;
import io.cachet.store.StorageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A store, and a set of locks, keep at most {@code poolSize} connections and so run that many operations at once. */
class PostgresPoolSizeTest {
  private final PostgresSettings settings = TestPostgres.settings(TestPostgres.server().getPort(),
      "pool_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));

  @Test
  void aStore_runsAtMostPoolSizeTransactionsAtOnce() throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try (PostgresEntryStore store = PostgresEntryStore.open(settings.withPoolSize(3))) {
      List<Future<?>> writes = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        String key = "k" + t;
        writes.add(threads.submit(() -> store.upsert("ns", key, current -> {
          most.accumulateAndGet(inside.incrementAndGet(), Math::max);
          sleep(150);
          inside.decrementAndGet();
          return row("ns", key, "s", null, null);
        }, true)));
      }
      for (Future<?> write : writes) {
        write.get(30, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }

    assertEquals(3, most.get(), "transactions at once, with 8 threads writing different keys");
  }

  @Test
  void locks_holdAtMostPoolSizeThreadsAtOnce_andAThreadBeyondThemFailsBusy() throws Exception {
    CountDownLatch held = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    try (PostgresEntryLocks locks =
        PostgresEntryLocks.open(settings.withPoolSize(2).withConnectionTimeout(Duration.ofMillis(300)))) {
      List<Thread> holders = new ArrayList<>();
      for (String key : List.of("a", "b")) {
        Thread holder = new Thread(() -> {
          try (EntryLocks.Held hold = locks.lock("ns", List.of(key))) {
            held.countDown();
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        holder.start();
        holders.add(holder);
      }
      assertTrue(held.await(10, TimeUnit.SECONDS));

      StorageException busy = assertThrows(StorageException.class, () -> locks.lock("ns", List.of("c")));

      assertEquals(StorageException.Kind.BUSY, busy.kind());
      release.countDown();
      for (Thread holder : holders) {
        holder.join(10_000);
      }
      locks.lock("ns", List.of("c")).close();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
