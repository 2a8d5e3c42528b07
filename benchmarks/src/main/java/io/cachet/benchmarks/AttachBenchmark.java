package io.cachet.benchmarks;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
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
 * Opening the manager and the cache of a persistent store of a million entries (100-byte values), which is when
 * Cachet checks the cache's rows against its signed ledger: ms per open. Run it alone, e.g.
 * {@code -p provider=cachet-normal -f 1 -wi 1 -i 3 AttachBenchmark}: filling the store takes a minute.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AttachBenchmark {
  static final int SIZE = 100;
  static final int BATCH = 1_000;

  @Param({Providers.CACHET_NORMAL})
  public String provider;

  @Param({"1000000"})
  public int entries;

  private Path root;

  @Setup(Level.Trial)
  public void setUp() {
    root = Providers.newRoot(provider);
    CacheManager manager = Providers.openManager(provider, root);
    Cache<Object, Object> cache = Providers.openCache(manager);
    for (int first = 0; first < entries; first += BATCH) {
      Map<Object, Object> batch = new HashMap<>();
      for (int k = first; k < Math.min(entries, first + BATCH); k++) {
        batch.put(k, Providers.value(SIZE, k));
      }
      cache.putAll(batch);
    }
    manager.close();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    Providers.delete(root);
  }

  @Benchmark
  public Object open() {
    CacheManager manager = Providers.openManager(provider, root);
    try {
      Cache<Object, Object> cache = Providers.openCache(manager);
      if (cache.get(entries - 1) == null) {
        throw new IllegalStateException(provider + ": the last entry is missing after reopen");
      }
      return cache;
    } finally {
      manager.close();
    }
  }
}
