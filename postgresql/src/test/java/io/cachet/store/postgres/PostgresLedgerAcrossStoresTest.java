package io.cachet.store.postgres;

import static io.cachet.store.TestRow.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cachet.store.JournalEntry;
import io.cachet.store.Ledger;
import io.cachet.store.LedgerState;
import io.cachet.store.StoredRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stores on one schema, as two hosts, each keeping the namespace's ledger: their ledgered transactions take
 * turns, so every one begins with the state the one before stored and no generation is issued twice.
 */
class PostgresLedgerAcrossStoresTest {
  @TempDir Path location;

  @Test
  void ledgeredWritesOfTwoStores_takeTurns_soEveryGenerationIsIssuedOnce() throws Exception {
    int writesPerThread = 40;
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try (PostgresEntryStore first = PostgresEntryStore.open(TestPostgres.settings(location));
        PostgresEntryStore second = PostgresEntryStore.open(TestPostgres.settings(location))) {
      first.keepLedger("ns", new CountingLedger());
      second.keepLedger("ns", new CountingLedger());
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        PostgresEntryStore store = t % 2 == 0 ? first : second;
        String prefix = "t" + t + "-";
        writers.add(threads.submit(() -> {
          for (int i = 0; i < writesPerThread; i++) {
            store.upsert(row("ns", prefix + i, "s", null, null), true);
          }
        }));
      }
      for (Future<?> writer : writers) {
        writer.get(60, TimeUnit.SECONDS);
      }

      List<JournalEntry> journal = first.readLedger("ns", (stored, reads) -> reads.journalAfter(0));
      assertEquals(4L * writesPerThread, (long) first.readLedger("ns", (stored, reads) -> stored.generation()));
      assertEquals(4 * writesPerThread, journal.size(), "one journal entry per generation, none overwritten");
    } finally {
      threads.shutdownNow();
    }
  }

  /** Issues the next generation in each transaction and journals the keys written in it. */
  private static final class CountingLedger implements Ledger {
    private long generation;
    private final List<JournalEntry> appended = new ArrayList<>();

    @Override
    public void begin(LedgerState stored, Reads reads) {
      generation = stored == null ? 0 : stored.generation();
      appended.clear();
    }

    @Override
    public long nextGeneration(StoredRow current) {
      return generation + 1;
    }

    @Override
    public void removed(String cacheKey, Long rowGeneration, String signature) {}

    @Override
    public void written(String cacheKey, Long rowGeneration, String signature) {
      appended.add(new JournalEntry(generation + 1, cacheKey, false));
    }

    @Override
    public void cleared() {}

    @Override
    public Update end() {
      generation++;
      return new Update(new LedgerState(generation, 0, 0, null, null, null), List.copyOf(appended), 0);
    }

    @Override
    public void committed() {}
  }
}
