package io.cachet.sealed;

import io.cachet.IntegrityEvent.Reason;
import io.cachet.store.StoredRow;
import java.time.InstantSource;

/**
 * {@link Freshness} from what this process saw ({@code replayDetection=process}): a row older than the newest
 * write of its key this process read or wrote, or not newer than its removal by this process, is refused.
 * Nothing is stored beyond the generation each row carries, so a write costs nothing more.
 *
 * <p>Generations come from the clock, in microseconds, and always exceed the generation of the row they
 * replace and every generation this process issued before: processes sharing a root share its clock, so a
 * write made after a row was removed carries a larger generation than that row, and is never taken for it.
 */
final class ProcessFreshness implements Freshness {
  private final InstantSource clock;
  private final SeenGenerations seen = new SeenGenerations();
  private long last;
  // Rows older than this were cleared by this process.
  private volatile long since;

  ProcessFreshness(InstantSource clock) {
    this.clock = clock;
  }

  @Override
  public synchronized long nextGeneration(StoredRow current) {
    long now = Math.multiplyExact(clock.millis(), 1_000L);
    last = Math.max(Math.max(now, last + 1), current == null ? 0 : generationOf(current.generation()) + 1);
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
