package io.cachet.benchmarks;

import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
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
 * Where the inline threshold belongs: Cachet ({@code normal}) get and put of 16 to 128 KiB values stored in the
 * row (threshold 16 MiB) or in blob files (threshold 0), over 16 MiB of keys, µs/op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InlineThresholdBenchmark {
  private static final long TOTAL = 16L << 20;

  @Param({"16384", "32768", "65536", "131072"})
  public int size;

  @Param({"inline", "blob"})
  public String storage;

  private Path root;
  private CacheManager manager;
  private Cache<Object, Object> cache;
  private int keys;
  private byte[][] values;

  @Setup(Level.Trial)
  public void setUp() {
    root = Providers.newRoot("cachet-" + storage);
    Properties properties = new Properties();
    properties.setProperty("root", root.toString());
    properties.setProperty("inlineThreshold", storage.equals("inline") ? String.valueOf(16 << 20) : "0");
    ClassLoader loader = InlineThresholdBenchmark.class.getClassLoader();
    CachingProvider provider = Caching.getCachingProvider("io.cachet.CachetCachingProvider", loader);
    manager = provider.getCacheManager(root.toUri(), loader, properties);
    cache = Providers.openCache(Providers.CACHET_NORMAL, manager);
    keys = (int) (TOTAL / size);
    values = new byte[4][];
    for (int i = 0; i < values.length; i++) {
      values[i] = Providers.value(size, -i);
    }
    for (int k = 0; k < keys; k++) {
      cache.put(k, values[k % values.length]);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      manager.close();
    } finally {
      Providers.delete(root);
    }
  }

  @Benchmark
  public Object get() {
    Object value = cache.get(ThreadLocalRandom.current().nextInt(keys));
    if (value == null) {
      throw new IllegalStateException("miss");
    }
    return value;
  }

  @Benchmark
  public void put() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    cache.put(random.nextInt(keys), values[random.nextInt(values.length)]);
  }
}
