package io.cachet.reliability.persistence;

import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * The program the cross-JVM tests fork. Uses only {@code javax.cache}; Cachet's root comes from
 * the {@code cachet.root} system property the test sets.
 *
 * <p>Entry {@code i} has key {@code "entry-" + i} and the value {@link #expectedValue(int)}, which
 * rotates through String, Long, {@link Book}, {@link EntityKey} and a 100 KiB {@code byte[]} (large
 * enough to be stored as a blob file). Modes:
 * <ul>
 *   <li>{@code write-and-close N}: writes entries 0..N-1, prints {@code ACK i} after each, closes
 *       the provider cleanly, exits 0;
 *   <li>{@code write-and-halt N}: the same, then {@code Runtime.halt(HALTED)}: no close, no hooks;
 *   <li>{@code write-until-killed}: writes and acknowledges entries until killed (exits
 *       {@link #NEVER_KILLED} after {@link #KILL_LIMIT} entries if nobody kills it);
 *   <li>{@code verify N}: reads entries 0..N-1, prints {@code MISSING}/{@code MISMATCH} lines, exits
 *       0 only if every one equals its expected value.
 * </ul>
 */
public final class PersistenceProbe {

  /** The cache every mode uses. */
  public static final String CACHE_NAME = "cross-jvm-persistence";
  /** Size of the blob-sized values. */
  public static final int LARGE_VALUE_BYTES = 200 * 1024;
  /** Exit code of {@code write-and-halt}, proving the process halted instead of closing. */
  public static final int HALTED = 99;
  /** Exit code when {@code write-until-killed} was not killed in time. */
  public static final int NEVER_KILLED = 3;
  /** Exit code of {@code verify} when an entry is missing or different. */
  public static final int VERIFY_FAILED = 1;
  /** Most entries {@code write-until-killed} writes before giving up. */
  static final int KILL_LIMIT = 2_000;

  private PersistenceProbe() {}

  /** See the class comment for the modes. */
  public static void main(String[] args) {
    // The probe stores its own record and key types; Cachet deserializes only allow-listed classes, and a
    // system property is how a vendor-neutral program can say so to it.
    System.setProperty("cachet.allowedClasses", "io.cachet.reliability.**");
    String mode = args[0];
    switch (mode) {
      case "write-and-close" -> writeAndClose(Integer.parseInt(args[1]));
      case "write-and-halt" -> writeAndHalt(Integer.parseInt(args[1]));
      case "write-until-killed" -> writeUntilKilled();
      case "verify" -> System.exit(verify(Integer.parseInt(args[1])));
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
  }

  /** Key of entry {@code i}. */
  public static String key(int i) {
    return "entry-" + i;
  }

  /** The value entry {@code i} must hold; deterministic, so another JVM can recompute it. */
  public static Object expectedValue(int i) {
    return switch (i % 5) {
      case 0 -> "string value " + i + " \u00e9\u00e8\u00ea";
      case 1 -> Long.valueOf(i * 1_000_003L);
      case 2 -> new Book("978-0-" + i, "Title " + i, new UUID(i, -i), 100 + i);
      case 3 -> new EntityKey("com.example.Order", i);
      default -> largeBytes(i);
    };
  }

  private static byte[] largeBytes(int i) {
    byte[] bytes = new byte[LARGE_VALUE_BYTES];
    new Random(i).nextBytes(bytes);
    return bytes;
  }

  private static void writeAndClose(int count) {
    try (CachingProvider provider = Caching.getCachingProvider();
        CacheManager manager = provider.getCacheManager()) {
      Cache<String, Object> cache = getOrCreate(manager);
      for (int i = 0; i < count; i++) {
        put(cache, i);
      }
    }
    System.out.println("CLOSED");
  }

  private static void writeAndHalt(int count) {
    // Deliberately never closed: the JVM halts with the provider open.
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    Cache<String, Object> cache = getOrCreate(manager);
    for (int i = 0; i < count; i++) {
      put(cache, i);
    }
    System.out.println("HALTING");
    System.out.flush();
    Runtime.getRuntime().halt(HALTED);
  }

  private static void writeUntilKilled() {
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    Cache<String, Object> cache = getOrCreate(manager);
    for (int i = 0; i < KILL_LIMIT; i++) {
      put(cache, i);
    }
    System.out.println("NOT KILLED");
    System.out.flush();
    Runtime.getRuntime().halt(NEVER_KILLED);
  }

  /** Writes entry {@code i}, then acknowledges it: an ACK line means {@code put} returned. */
  private static void put(Cache<String, Object> cache, int i) {
    cache.put(key(i), expectedValue(i));
    System.out.println("ACK " + i);
    System.out.flush();
  }

  private static int verify(int count) {
    int failures = 0;
    try (CachingProvider provider = Caching.getCachingProvider();
        CacheManager manager = provider.getCacheManager()) {
      Cache<String, Object> cache = getOrCreate(manager);
      for (int i = 0; i < count; i++) {
        Object expected = expectedValue(i);
        Object actual = cache.get(key(i));
        if (actual == null) {
          failures++;
          System.out.println("MISSING " + key(i) + " (expected " + describe(expected) + ")");
        } else if (!sameValue(expected, actual)) {
          failures++;
          System.out.println("MISMATCH " + key(i) + ": expected " + describe(expected)
              + ", got " + describe(actual));
        }
      }
    }
    System.out.println(failures == 0 ? "VERIFIED " + count : "FAILED " + failures + " of " + count);
    return failures == 0 ? 0 : VERIFY_FAILED;
  }

  private static boolean sameValue(Object expected, Object actual) {
    if (expected instanceof byte[] e) {
      return actual instanceof byte[] a && Arrays.equals(e, a);
    }
    return expected.equals(actual);
  }

  private static String describe(Object value) {
    if (value instanceof byte[] bytes) {
      return "byte[" + bytes.length + "] hash " + Arrays.hashCode(bytes);
    }
    return value.getClass().getName() + " " + value;
  }

  /** Attaches to the cache if this manager knows it, else creates it (re-attaching stored data). */
  static Cache<String, Object> getOrCreate(CacheManager manager) {
    Cache<String, Object> cache = manager.getCache(CACHE_NAME);
    if (cache != null) {
      return cache;
    }
    return manager.createCache(CACHE_NAME, new MutableConfiguration<String, Object>());
  }
}
