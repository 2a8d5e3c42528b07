package io.cachet.jcache;

/**
 * What one cache operation changed, for its statistics and its listeners: counted and collected while keys
 * are locked, recorded and dispatched by {@link #finish()} once they are released.
 */
final class OperationEffects<K, V> {
  private final CacheStatistics statistics;
  private final EventDispatcher<K, V> dispatcher;
  private final PendingEvents<K, V> events;
  private final long start;
  private int puts;
  private int removals;

  OperationEffects(CacheStatistics statistics, EventDispatcher<K, V> dispatcher) {
    this.statistics = statistics;
    this.dispatcher = dispatcher;
    this.events = dispatcher.newBatch();
    this.start = statistics.start();
  }

  PendingEvents<K, V> events() {
    return events;
  }

  /** One read of a key: a hit or a miss, timed from the operation's start. */
  void countGet(boolean hit) {
    statistics.recordGet(hit, start);
  }

  /** Reads of several keys together. */
  void countGets(int hits, int misses) {
    statistics.recordGets(hits, misses, start);
  }

  void countPuts(int count) {
    puts += count;
  }

  void countRemoval() {
    removals++;
  }

  void countEvictions(int count) {
    statistics.recordEvictions(count);
  }

  /**
   * Records the puts and removals and delivers the events.
   *
   * @throws javax.cache.event.CacheEntryListenerException if a synchronous listener failed
   */
  void finish() {
    if (puts > 0) {
      statistics.recordPuts(puts, start);
    }
    if (removals > 0) {
      statistics.recordRemovals(removals, start);
    }
    dispatcher.dispatch(events);
  }
}
