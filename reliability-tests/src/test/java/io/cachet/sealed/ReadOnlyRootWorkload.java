package io.cachet.sealed;

import io.cachet.CachetCachingProvider;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

/**
 * Uses a cache whose root is read-only ({@link ReadOnlyRootTest}), in a child JVM. Prints
 * {@code OPEN ok|exception}, {@code ATTACH ok|exception}, {@code READ key ok|MISS|WRONG},
 * {@code WRITE op refused message} for a CacheException, {@code WRITE op ok}, {@code RAW op exception} for
 * any other exception, then {@code DONE}.
 *
 * <p>Argument: the root directory, holding the cache {@link #CACHE} as {@link #seed} wrote it.
 */
public final class ReadOnlyRootWorkload {
  static final String CACHE = "ro";

  private ReadOnlyRootWorkload() {}

  /** What the test stores before the root becomes read-only. */
  static Map<String, Object> seed() {
    return Map.of("small", "small value", "big", FaultMatrixTest.blob(1), "other", "other value");
  }

  public static void main(String[] args) {
    Path root = Path.of(args[0]);
    CacheManager manager;
    Cache<String, Object> cache;
    try {
      manager = new CachetCachingProvider().getCacheManager(root.toUri(), ReadOnlyRootWorkload.class
          .getClassLoader());
      System.out.println("OPEN ok");
    } catch (RuntimeException e) {
      System.out.println("OPEN " + oneLine(e.toString()));
      return;
    }
    try {
      cache = manager.createCache(CACHE, new MutableConfiguration<>());
      System.out.println("ATTACH ok");
    } catch (RuntimeException e) {
      System.out.println("ATTACH " + oneLine(e.toString()));
      return;
    }
    for (Map.Entry<String, Object> entry : seed().entrySet()) {
      Object value = cache.get(entry.getKey());
      System.out.println("READ " + entry.getKey() + " " + verdict(entry.getValue(), value));
    }
    System.out.println("READ tampered " + (cache.get("tampered") == null ? "MISS" : "WRONG"));
    Map<String, Object> all = cache.getAll(Set.of("small", "big", "other", "tampered"));
    System.out.println("READ getAll " + (all.keySet().equals(Set.of("small", "big", "other"))
        && all.entrySet().stream().allMatch(e -> Objects.deepEquals(seed().get(e.getKey()), e.getValue()))
        ? "ok" : "WRONG " + all.keySet()));
    Map<String, Object> iterated = new HashMap<>();
    cache.forEach(entry -> iterated.put(entry.getKey(), entry.getValue()));
    System.out.println("READ iteration " + (iterated.keySet().equals(Set.of("small", "big", "other"))
        ? "ok" : "WRONG " + iterated.keySet()));

    write("PUT_SMALL", () -> cache.put("small", "new"));
    write("PUT_BLOB", () -> cache.put("big", FaultMatrixTest.blob(2)));
    write("PUT_ALL", () -> cache.putAll(Map.of("x", "y", "other", "z")));
    write("REPLACE", () -> cache.replace("other", "replaced"));
    write("REMOVE", () -> cache.remove("small"));
    write("CLEAR", cache::clear);
    write("CREATE_CACHE", () -> manager.createCache("new-cache", new MutableConfiguration<>()));
    for (Map.Entry<String, Object> entry : seed().entrySet()) {
      System.out.println("READ " + entry.getKey() + " " + verdict(entry.getValue(), cache.get(entry.getKey())));
    }
    manager.close();
    System.out.println("DONE");
  }

  private static String verdict(Object expected, Object value) {
    return value == null ? "MISS" : Objects.deepEquals(expected, value) ? "ok" : "WRONG";
  }

  private static void write(String op, Runnable write) {
    try {
      write.run();
      System.out.println("WRITE " + op + " ok");
    } catch (CacheException e) {
      System.out.println("WRITE " + op + " refused " + oneLine(e.getMessage()));
    } catch (RuntimeException e) {
      System.out.println("RAW " + op + " " + oneLine(e.toString()));
    }
  }

  private static String oneLine(String text) {
    return String.valueOf(text).replace('\n', ' ');
  }
}
