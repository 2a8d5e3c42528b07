package io.cachet.benchmarks;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost growth: 100-byte get hit and put of a uniformly random key of a store of 1,000 and of 1,000,000 entries,
 * µs/op. The store is filled once per trial by {@code putAll} of 1,000, outside the timed part, so the two sizes
 * differ only in how much the store holds: a cost that grows with the data set shows as a ratio above 1. With
 * the heap tiers (10,000 entries), the large store's hits mostly miss the tier, which is the point.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GrowthBenchmark {
  static final int SIZE = 100;

  /** The persistent configurations: a heap cache's hash map grows at no cost worth a trial's minute of filling. */
  @Param({Providers.CACHET_NORMAL, Providers.CACHET_FULL, Providers.CACHET_HEAP, Providers.EHCACHE_DISK,
      Providers.EHCACHE_HEAP, Providers.INFINISPAN})
  public String provider;

  @Param({"1000", "1000000"})
  public int entries;

  private CacheState state;
  private byte[][] values;

  @Setup(Level.Trial)
  public void setUp() {
    state = CacheState.filled(provider, entries, SIZE);
    values = new byte[16][];
    for (int i = 0; i < values.length; i++) {
      values[i] = Providers.value(SIZE, -i);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    state.close();
  }

  @Benchmark
  public Object get() {
    Object v = state.cache.get(ThreadLocalRandom.current().nextInt(entries));
    if (v == null) {
      throw new IllegalStateException("miss");
    }
    return v;
  }

  @Benchmark
  public void put() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    state.cache.put(r.nextInt(entries), values[r.nextInt(values.length)]);
  }
}
