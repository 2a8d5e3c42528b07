package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a manager while other threads use its caches: each operation completes or throws the
 * IllegalStateException JCache specifies for a closed cache, never a storage failure of the closed store.
 */
class CloseRaceTest {
  private static final int ROUNDS = 25;
  private static final int THREADS = 4;

  @TempDir Path parent;

  @Test
  void operationsRacingClose_completeOrThrowIllegalStateException() {
    assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
      List<String> unexpected = new ArrayList<>();
      for (int round = 0; round < ROUNDS; round++) {
        unexpected.addAll(closeWhileHammering(parent.resolve("root-" + round)));
      }
      assertEquals(List.of(), unexpected);
    });
  }

  /** Starts threads putting and getting, closes the manager once each did some work, and returns what failed. */
  private List<String> closeWhileHammering(Path root) throws Exception {
    CachetCachingProvider provider = new CachetCachingProvider();
    ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    try {
      CacheManager manager = provider.getCacheManager(root.toUri(), getClass().getClassLoader());
      Cache<Integer, String> cache = manager.createCache("race",
          new MutableConfiguration<Integer, String>().setTypes(Integer.class, String.class));
      CountDownLatch working = new CountDownLatch(THREADS);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int seed = t;
        Thread thread = new Thread(() -> {
          try {
            for (int i = 0; ; i++) {
              int key = (seed * 31 + i) % 64;
              cache.put(key, "v" + i);
              cache.get((key + 7) % 64);
              cache.putIfAbsent(key + 64, "w");
              cache.remove((key + 3) % 64);
              if (i == 10) {
                working.countDown();
              }
            }
          } catch (IllegalStateException e) {
            // JCache's answer for a closed cache: this thread is done.
          } catch (Throwable e) {
            unexpected.add(e.toString());
            working.countDown();
          }
        });
        threads.add(thread);
        thread.start();
      }
      working.await();
      manager.close();
      for (Thread thread : threads) {
        thread.join();
      }
    } finally {
      provider.close();
    }
    return List.copyOf(unexpected);
  }
}
