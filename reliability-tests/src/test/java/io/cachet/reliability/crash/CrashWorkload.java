package io.cachet.reliability.crash;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Random;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/**
 * The child JVM of {@link CrashRecoveryTest}: runs random operations on one cache, journalling each, until
 * it is killed. Arguments: journal file, random seed, first sequence number, durability.
 */
public final class CrashWorkload {
  static final String CACHE = "crash";

  private CrashWorkload() {}

  public static void main(String[] args) throws Exception {
    Path journalFile = Path.of(args[0]);
    Random random = new Random(Long.parseLong(args[1]));
    long seq = Long.parseLong(args[2]);
    Cache<Object, Object> cache = cacheOf(open(Path.of(System.getProperty("cachet.root")), args[3]));
    try (CrashJournal journal = new CrashJournal(journalFile)) {
      System.out.println("ready");
      while (true) {
        CrashOp op = CrashOp.random(random, seq++);
        journal.begin(op);
        op.applyTo(cache);
        journal.acknowledge(op);
      }
    }
  }

  /** The workload's cache: created in a new root, attached to its stored entries in an existing one. */
  static Cache<Object, Object> cacheOf(CacheManager manager) {
    Cache<Object, Object> cache = manager.getCache(CACHE);
    return cache != null ? cache : manager.createCache(CACHE, new MutableConfiguration<>());
  }

  /** A Cachet manager on the root with the given durability, through javax.cache only. */
  static CacheManager open(Path root, String durability) {
    Properties properties = new Properties();
    properties.setProperty("durability", durability);
    URI uri = root.toUri();
    return Caching.getCachingProvider("io.cachet.CachetCachingProvider")
        .getCacheManager(uri, CrashWorkload.class.getClassLoader(), properties);
  }
}
