package io.cachet.store.postgres;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Runs a store's orphan collection every so often on a daemon thread, on every open host: a host killed between
 * a blob's write and its row's commit, or between a commit and the superseded blob's delete, leaves blobs that only
 * another host, or a later one, can delete. Each run is jittered, so that hosts started together do not collect in
 * step; a failed run is logged and the next one tries again.
 */
final class BlobCollector implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("io.cachet.store.postgres");
  // Often enough that a short grace is honoured promptly, rarely enough to cost nothing with the default hour.
  private static final Duration LONGEST_PERIOD = Duration.ofSeconds(30);
  private static final Duration SHORTEST_PERIOD = Duration.ofMillis(500);

  private final IntSupplier collection;
  private final long periodMillis;
  private final ScheduledThreadPoolExecutor executor;

  private BlobCollector(IntSupplier collection, Duration grace) {
    this.collection = collection;
    Duration half = grace.dividedBy(2);
    this.periodMillis = Math.max(SHORTEST_PERIOD.toMillis(),
        (half.compareTo(LONGEST_PERIOD) < 0 ? half : LONGEST_PERIOD).toMillis());
    this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "cachet-blob-collector");
      thread.setDaemon(true);
      return thread;
    });
    executor.setRemoveOnCancelPolicy(true);
  }

  /**
   * Starts collecting: every about {@code min(grace / 2, 30 s)}, the first run within one period.
   *
   * @param collection deletes the orphans and returns how many it deleted
   * @param grace the collection's grace, which the period follows
   */
  static BlobCollector start(IntSupplier collection, Duration grace) {
    BlobCollector collector = new BlobCollector(collection, grace);
    collector.scheduleNext();
    return collector;
  }

  /** The period, jittered by up to a quarter either way. */
  private void scheduleNext() {
    long jitter = ThreadLocalRandom.current().nextLong(-periodMillis / 4, periodMillis / 4 + 1);
    try {
      executor.schedule(this::run, periodMillis + jitter, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closed meanwhile: nothing more to schedule.
    }
  }

  private void run() {
    try {
      int deleted = collection.getAsInt();
      if (deleted > 0) {
        LOG.log(Level.INFO, "Deleted " + deleted + " orphan blobs");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Collecting orphan blobs failed; the next run tries again: " + e.getMessage());
    } finally {
      scheduleNext();
    }
  }

  /** Stops collecting and waits briefly for a run in progress, whose transaction then ends either way. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
