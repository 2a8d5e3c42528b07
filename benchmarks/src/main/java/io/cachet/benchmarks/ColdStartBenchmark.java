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
 * Reopening a persistent store of 10,000 entries (100-byte values; {@code -p entries=N} for another size),
 * prepared once per trial: open the manager and its cache (then close), or open and read every entry (each read
 * verified by the provider). ms per open. The JVM is warm (JMH iterations), so this is the store's reopen cost,
 * not JVM start-up; with {@code -Dcachet.replayDetection=shared} it includes checking every row against the
 * cache's ledger.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ColdStartBenchmark {
  static final int SIZE = 100;
  static final int BATCH = 1_000;

  @Param({Providers.CACHET_NORMAL, Providers.CACHET_FULL, Providers.EHCACHE_DISK, Providers.INFINISPAN})
  public String provider;

  @Param({"10000"})
  public int entries;

  private Path root;

  @Setup(Level.Trial)
  public void setUp() {
    if (!Providers.persistent(provider)) {
      throw new IllegalArgumentException(provider + " keeps nothing across managers: no cold start to measure");
    }
    root = Providers.newRoot(provider);
    CacheManager manager = Providers.openManager(provider, root);
    Cache<Object, Object> cache = Providers.openCache(provider, manager);
    for (int first = 0; first < entries; first += BATCH) {
      Map<Object, Object> batch = new HashMap<>();
      for (int k = first; k < Math.min(entries, first + BATCH); k++) {
        batch.put(k, Providers.value(SIZE, k));
      }
      cache.putAll(batch);
    }
    manager.close();
    readAll(); // the store really reopens with every entry
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    Providers.delete(root);
  }

  @Benchmark
  public Object open() {
    CacheManager manager = Providers.openManager(provider, root);
    try {
      return Providers.openCache(provider, manager);
    } finally {
      manager.close();
    }
  }

  @Benchmark
  public long openAndReadAll() {
    return readAll();
  }

  private long readAll() {
    CacheManager manager = Providers.openManager(provider, root);
    try {
      Cache<Object, Object> cache = Providers.openCache(provider, manager);
      long bytes = 0;
      for (int k = 0; k < entries; k++) {
        byte[] v = (byte[]) cache.get(k);
        if (v == null) {
          throw new IllegalStateException(provider + ": entry " + k + " missing after reopen");
        }
        bytes += v.length;
      }
      return bytes;
    } finally {
      manager.close();
    }
  }
}
