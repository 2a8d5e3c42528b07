package io.cachet.sealed;

import io.cachet.IntegrityEvent.Reason;
import io.cachet.store.ChangeCounters;
import io.cachet.store.StoredRow;
import java.time.InstantSource;

/**
 * {@link Freshness} from what this process saw ({@code replayDetection=process}): a row older than the newest
 * write of its key this process read or wrote, or not newer than its removal by this process, is refused.
 * Nothing is stored beyond the generation each row carries, so a write costs nothing more.
 *
 * <p>Generations come from the clock, in microseconds, and always exceed the generation of the row they
 * replace and every generation this process issued before. They are drawn through a sequence that every process
 * sharing the store advances ({@link ChangeCounters#nextGeneration}), so a write made after another process
 * removed a row carries a larger generation than that row, and is never taken for it, even when that process
 * issued its generations faster than the clock moved. Without a shared sequence (a store shared by hosts), that
 * holds only as far as the hosts' clocks and write rates allow.
 */
final class ProcessFreshness implements Freshness {
  private final InstantSource clock;
  private final ChangeCounters counters;
  private final SeenGenerations seen = new SeenGenerations();
  private long last;
  // Rows older than this were cleared by this process.
  private volatile long since;

  /** @param counters whose shared sequence orders generations across the processes sharing the store */
  ProcessFreshness(InstantSource clock, ChangeCounters counters) {
    this.clock = clock;
    this.counters = counters;
  }

  @Override
  public synchronized long nextGeneration(StoredRow current) {
    long now = Math.multiplyExact(clock.millis(), 1_000L);
    long floor = Math.max(Math.max(now, last + 1), current == null ? 0 : generationOf(current.generation()) + 1);
    last = counters.nextGeneration(floor);
    return last;
  }

  @Override
  public void check(StoredRow row, long ledgerGeneration) throws RefusedEntry {
    long generation = generationOf(row.generation());
    if (generation < since || seen.isOlder(row.cacheKey(), generation)) {
      throw new RefusedEntry(Reason.REPLAYED);
    }
  }

  @Override
  public void sawRead(StoredRow row) {
    seen.sawRow(row.cacheKey(), generationOf(row.generation()));
  }

  @Override
  public void sawWrite(String cacheKey, long generation) {
    seen.sawRow(cacheKey, generation);
  }

  @Override
  public void sawRemoval(String cacheKey, Long generation) {
    seen.sawRemoval(cacheKey, generationOf(generation));
  }

  @Override
  public long now() {
    return nextGeneration(null);
  }

  @Override
  public void sawClear(long now) {
    since = Math.max(since, now);
  }

  private static long generationOf(Long generation) {
    return generation == null ? 0 : generation;
  }
}
