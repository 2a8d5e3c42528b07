package io.cachet.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * Steady-state heap of a store of N entries (Integer keys, 100-byte values): used heap after GC with the filled
 * cache open, minus used heap after GC before the manager was opened. Not a JMH benchmark (JMH has no heap
 * metric); run one provider per JVM by run.sh. Prints one CSV line: provider,entries,fillSeconds,heapBytes.
 *
 * <p>Usage: {@code HeapFootprint <provider> <entries>}.
 */
public final class HeapFootprint {
  private HeapFootprint() {
  }

  public static void main(String[] args) throws Exception {
    String provider = args[0];
    int entries = Integer.parseInt(args[1]);
    long before = usedAfterGc();
    Path root = Providers.newRoot(provider);
    CacheManager manager = Providers.openManager(provider, root);
    try {
      Cache<Object, Object> cache = Providers.openCache(provider, manager);
      long start = System.nanoTime();
      Map<Object, Object> batch = new HashMap<>();
      for (int k = 0; k < entries; k++) {
        batch.put(k, Providers.value(100, k));
        if (batch.size() == 1_000 || k == entries - 1) {
          cache.putAll(batch);
          batch = new HashMap<>();
        }
      }
      double fillSeconds = (System.nanoTime() - start) / 1e9;
      batch = null;
      for (int k = 0; k < entries; k += Math.max(1, entries / 1_000)) {
        if (cache.get(k) == null) {
          throw new IllegalStateException(provider + ": entry " + k + " missing");
        }
      }
      long after = usedAfterGc();
      System.out.printf("%s,%d,%.1f,%d%n", provider, entries, fillSeconds, after - before);
      if (cache.get(0) == null) { // keep the cache reachable through the measurement
        throw new IllegalStateException("missing");
      }
    } finally {
      Providers.close(provider, manager);
      Providers.delete(root);
    }
  }

  private static long usedAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
