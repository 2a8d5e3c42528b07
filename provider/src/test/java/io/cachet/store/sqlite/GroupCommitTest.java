package io.cachet.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.cachet.store.JournalEntry;
import io.cachet.store.Ledger;
import io.cachet.store.LedgerState;
import io.cachet.store.StoredRow;
import io.cachet.store.TestRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes of several threads that share the writer's transactions (group commit). */
class GroupCommitTest {
  @TempDir Path location;
  private SqliteEntryStore store;

  @BeforeEach
  void open() {
    store = SqliteEntryStore.open(location.resolve("cachet.db"), false);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void concurrentWriters_eachFindTheirRowOnceTheirWriteReturned_andEveryRowIsStored() throws Exception {
    int threads = 8;
    int writesEach = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        writers.add(pool.submit(() -> {
          for (int i = 0; i < writesEach; i++) {
            String key = thread + "-" + i;
            store.upsert(TestRow.of("ns", key).entrySignature("s" + key).build(), false);
            StoredRow stored = store.get("ns", key);
            assertNotNull(stored, key);
            assertEquals("s" + key, stored.entrySignature());
          }
          return null;
        }));
      }
      for (Future<?> writer : writers) {
        writer.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(threads * writesEach, store.scan("ns").size());
  }

  @Test
  void aFailingReplacement_inASharedTransaction_failsOnlyItsOwnWrite_andItsLedgerStoresNothing() throws Exception {
    CountingLedger failingLedger = new CountingLedger();
    CountingLedger okLedger = new CountingLedger();
    store.keepLedger("failing", failingLedger);
    store.keepLedger("ok", okLedger);
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch othersQueued = new CountDownLatch(1);
    CompletableFuture<Void> first = CompletableFuture.runAsync(() -> store.upsert("plain", "first", current -> {
      firstRunning.countDown();
      return awaitThen(othersQueued, TestRow.of("plain", "first").build());
    }, false));
    firstRunning.await();
    // The first write's transaction is open: the next three queue behind it, and once it committed, one of them
    // runs all three in the next transaction.
    IllegalStateException ownFailure = new IllegalStateException("the caller's own failure");
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    List<Thread> queued = List.of(
        new Thread(() -> {
          try {
            store.upsert("failing", "k", current -> {
              throw ownFailure;
            }, false);
          } catch (Throwable e) {
            thrown.set(e);
          }
        }),
        new Thread(() -> store.upsert(TestRow.of("plain", "second").build(), false)),
        new Thread(() -> store.upsert(TestRow.of("ok", "k").generation(1L).build(), false)));
    queued.forEach(Thread::start);
    for (Thread thread : queued) {
      while (thread.getState() != Thread.State.WAITING && thread.isAlive()) {
        Thread.sleep(1);
      }
    }
    othersQueued.countDown();
    first.get();
    for (Thread thread : queued) {
      thread.join();
    }

    assertSame(ownFailure, thrown.get());
    assertNull(store.get("failing", "k"));
    assertNotNull(store.get("plain", "first"));
    assertNotNull(store.get("plain", "second"));
    assertNotNull(store.get("ok", "k"));
    assertEquals(List.of("begin null", "end", "committed"), okLedger.events);
    assertEquals(1L, (long) store.<Long>readLedger("ok", (state, reads) -> state.generation()));
    assertEquals(List.of("begin null"), failingLedger.events);
    assertNull(store.readLedger("failing", (state, reads) -> state));
    store.upsert(TestRow.of("failing", "k").generation(1L).build(), false);
    assertEquals(List.of("begin null", "begin null", "end", "committed"), failingLedger.events);
  }

  private static StoredRow awaitThen(CountDownLatch latch, StoredRow row) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return row;
  }

  /** A ledger that records the calls that bracket its transactions, each storing the next generation. */
  private static final class CountingLedger implements Ledger {
    final List<String> events = new ArrayList<>();
    private long generation;

    @Override
    public void begin(LedgerState stored, Reads reads) {
      events.add("begin " + (stored == null ? null : stored.generation()));
      generation = stored == null ? 0 : stored.generation();
    }

    @Override
    public long nextGeneration(StoredRow current) {
      return generation + 1;
    }

    @Override
    public void removed(String cacheKey, Long rowGeneration, String signature) {}

    @Override
    public void written(String cacheKey, Long rowGeneration, String signature) {}

    @Override
    public void cleared() {}

    @Override
    public Update end() {
      events.add("end");
      generation++;
      return new Update(new LedgerState(generation, 0, 0, "digest", "hash", "sig"),
          List.of(new JournalEntry(generation, "k", false)), 0);
    }

    @Override
    public void committed() {
      events.add("committed");
    }
  }
}
