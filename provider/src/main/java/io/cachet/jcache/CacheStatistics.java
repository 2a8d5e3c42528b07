package io.cachet.jcache;

import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/** A cache's JCache statistics, counted with {@link LongAdder}s; exposed over JMX when enabled. */
final class CacheStatistics implements CacheStatisticsMXBean {
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder getNanos = new LongAdder();
  private final LongAdder putNanos = new LongAdder();
  private final LongAdder removeNanos = new LongAdder();

  private volatile boolean enabled;

  boolean isEnabled() {
    return enabled;
  }

  void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** The start time for an operation's timing, or 0 when statistics are off. */
  long start() {
    return enabled ? System.nanoTime() : 0;
  }

  /** One read: a hit or a miss, and its time since {@code start}. */
  void recordGet(boolean hit, long start) {
    if (enabled) {
      (hit ? hits : misses).increment();
      getNanos.add(System.nanoTime() - start);
    }
  }

  /** Reads of several keys together: their hits and misses, and the time they all took since {@code start}. */
  void recordGets(long hitCount, long missCount, long start) {
    if (enabled) {
      hits.add(hitCount);
      misses.add(missCount);
      getNanos.add(System.nanoTime() - start);
    }
  }

  /** Puts, and the time they took since {@code start}. */
  void recordPuts(long count, long start) {
    if (enabled) {
      puts.add(count);
      putNanos.add(System.nanoTime() - start);
    }
  }

  /** Removals, and the time they took since {@code start}. */
  void recordRemovals(long count, long start) {
    if (enabled) {
      removals.add(count);
      removeNanos.add(System.nanoTime() - start);
    }
  }

  /** Entries evicted to keep the cache within its limits. */
  void recordEvictions(int count) {
    if (enabled && count > 0) {
      evictions.add(count);
    }
  }

  @Override
  public void clear() {
    hits.reset();
    misses.reset();
    puts.reset();
    removals.reset();
    evictions.reset();
    getNanos.reset();
    putNanos.reset();
    removeNanos.reset();
  }

  @Override
  public long getCacheHits() {
    return hits.sum();
  }

  @Override
  public float getCacheHitPercentage() {
    long hitCount = getCacheHits();
    long gets = hitCount + getCacheMisses();
    return gets == 0 ? 0f : (float) hitCount / gets * 100f;
  }

  @Override
  public long getCacheMisses() {
    return misses.sum();
  }

  @Override
  public float getCacheMissPercentage() {
    long missCount = getCacheMisses();
    long gets = getCacheHits() + missCount;
    return gets == 0 ? 0f : (float) missCount / gets * 100f;
  }

  @Override
  public long getCacheGets() {
    return getCacheHits() + getCacheMisses();
  }

  @Override
  public long getCachePuts() {
    return puts.sum();
  }

  @Override
  public long getCacheRemovals() {
    return removals.sum();
  }

  @Override
  public long getCacheEvictions() {
    return evictions.sum();
  }

  @Override
  public float getAverageGetTime() {
    return averageMicros(getNanos.sum(), getCacheGets());
  }

  @Override
  public float getAveragePutTime() {
    return averageMicros(putNanos.sum(), getCachePuts());
  }

  @Override
  public float getAverageRemoveTime() {
    return averageMicros(removeNanos.sum(), getCacheRemovals());
  }

  private static float averageMicros(long totalNanos, long count) {
    return count == 0 ? 0f : (float) totalNanos / count / 1000f;
  }
}
