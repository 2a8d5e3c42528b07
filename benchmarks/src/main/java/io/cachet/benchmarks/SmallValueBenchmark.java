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
import org.openjdk.jmh.annotations.Threads;

/** 100-byte values over 1,000 Integer keys: get hit and put (µs/op), and 90 % get / 10 % put on 2 threads. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SmallValueBenchmark {
  static final int KEYS = 1_000;
  static final int SIZE = 100;

  @Param({Providers.CACHET_NORMAL, Providers.CACHET_FULL, Providers.CACHET_HEAP, Providers.EHCACHE_DISK,
      Providers.EHCACHE_HEAP, Providers.INFINISPAN, Providers.CAFFEINE, Providers.RI})
  public String provider;

  private CacheState state;
  private byte[][] values;

  @Setup(Level.Trial)
  public void setUp() {
    state = new CacheState(provider, KEYS, SIZE);
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
    Object v = state.cache.get(ThreadLocalRandom.current().nextInt(KEYS));
    if (v == null) {
      throw new IllegalStateException("miss");
    }
    return v;
  }

  @Benchmark
  public void put() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    state.cache.put(r.nextInt(KEYS), values[r.nextInt(values.length)]);
  }

  /** 90 % get hits, 10 % puts, from 2 threads on the same cache. */
  @Benchmark
  @Threads(2)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Object mixed() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    int key = r.nextInt(KEYS);
    if (r.nextInt(10) == 0) {
      state.cache.put(key, values[r.nextInt(values.length)]);
      return null;
    }
    return state.cache.get(key);
  }
}
