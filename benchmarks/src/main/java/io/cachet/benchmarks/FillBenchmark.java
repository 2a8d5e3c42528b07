package io.cachet.benchmarks;

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
 * The time to fill an empty store with 1,000,000 entries of 100 bytes by {@code putAll} of 1,000 (a warm-up or
 * bulk load), seconds per fill. Single shot: each iteration gets a new empty root, opened and, after the fill,
 * checked and removed outside the timed part. run.sh runs it apart from the others, with its own iteration
 * counts: one fill takes seconds to minutes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FillBenchmark {
  static final int SIZE = 100;

  @Param({Providers.CACHET_NORMAL, Providers.CACHET_FULL, Providers.CACHET_HEAP, Providers.EHCACHE_DISK,
      Providers.EHCACHE_HEAP, Providers.INFINISPAN, Providers.CAFFEINE, Providers.RI})
  public String provider;

  @Param({"1000000"})
  public int entries;

  private CacheState state;

  @Setup(Level.Iteration)
  public void setUp() {
    state = new CacheState(provider, 0, SIZE);
  }

  @TearDown(Level.Iteration)
  public void tearDown() {
    try {
      for (int k = 0; k < entries; k += Math.max(1, entries / 1_000)) {
        if (state.cache.get(k) == null) {
          throw new IllegalStateException(provider + ": filled key " + k + " missing");
        }
      }
    } finally {
      state.close();
    }
  }

  @Benchmark
  public void fill() {
    Providers.fill(state.cache, entries, SIZE);
  }
}
