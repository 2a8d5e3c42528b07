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

/** 64 KiB and 1 MiB values over 64 MiB of keys (1,024 and 64 keys): get hit and put, µs/op. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LargeValueBenchmark {
  static final long TOTAL = 64L << 20;

  @Param({Providers.CACHET_NORMAL, Providers.CACHET_FULL, Providers.CACHET_HEAP, Providers.EHCACHE_DISK,
      Providers.EHCACHE_HEAP, Providers.INFINISPAN, Providers.CAFFEINE, Providers.RI})
  public String provider;

  @Param({"65536", "1048576"})
  public int size;

  private CacheState state;
  private int keys;
  private byte[][] values;

  @Setup(Level.Trial)
  public void setUp() {
    keys = (int) (TOTAL / size);
    state = new CacheState(provider, keys, size);
    values = new byte[4][];
    for (int i = 0; i < values.length; i++) {
      values[i] = Providers.value(size, -i);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    state.close();
  }

  @Benchmark
  public Object get() {
    Object v = state.cache.get(ThreadLocalRandom.current().nextInt(keys));
    if (v == null) {
      throw new IllegalStateException("miss");
    }
    return v;
  }

  @Benchmark
  public void put() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    state.cache.put(r.nextInt(keys), values[r.nextInt(values.length)]);
  }
}
