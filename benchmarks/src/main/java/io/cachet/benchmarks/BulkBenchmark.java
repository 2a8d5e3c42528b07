package io.cachet.benchmarks;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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

/** getAll / putAll of 100 entries (100-byte values) over 1,000 keys, µs per call. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BulkBenchmark {
  static final int KEYS = 1_000;
  static final int BATCH = 100;
  static final int SIZE = 100;

  @Param({Providers.CACHET_NORMAL, Providers.CACHET_FULL, Providers.CACHET_HEAP, Providers.EHCACHE_DISK,
      Providers.EHCACHE_HEAP, Providers.INFINISPAN, Providers.CAFFEINE, Providers.RI})
  public String provider;

  private CacheState state;
  private Set<Object>[] keySets;
  private Map<Object, Object>[] maps;

  @Setup(Level.Trial)
  @SuppressWarnings("unchecked")
  public void setUp() {
    state = new CacheState(provider, KEYS, SIZE);
    int batches = KEYS / BATCH;
    keySets = new Set[batches];
    maps = new Map[batches];
    for (int b = 0; b < batches; b++) {
      keySets[b] = new HashSet<>();
      maps[b] = new HashMap<>();
      for (int i = 0; i < BATCH; i++) {
        int k = b * BATCH + i;
        keySets[b].add(k);
        maps[b].put(k, Providers.value(SIZE, -k));
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    state.close();
  }

  @Benchmark
  public Object getAll() {
    Map<Object, Object> all = state.cache.getAll(keySets[ThreadLocalRandom.current().nextInt(keySets.length)]);
    if (all.size() != BATCH) {
      throw new IllegalStateException("getAll returned " + all.size());
    }
    return all;
  }

  @Benchmark
  public void putAll() {
    state.cache.putAll(maps[ThreadLocalRandom.current().nextInt(maps.length)]);
  }
}
