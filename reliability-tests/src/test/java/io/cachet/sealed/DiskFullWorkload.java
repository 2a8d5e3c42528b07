package io.cachet.sealed;

import io.cachet.CachetCachingProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

/**
 * Fills a small file system with a real cache until the disk is full, in a child JVM whose root is a
 * size-limited tmpfs ({@link DiskFullTest}). Prints one line per outcome for the test to check:
 * {@code ACK key} for an acknowledged write, {@code FULL op message} for a write refused with a
 * CacheException, {@code RAW op exception} for any other exception, {@code READ key ok|MISS|WRONG},
 * {@code REMOVE key ok}, {@code AFTER op ok|exception}, {@code BALLAST freed}, then {@code DISK ...} and
 * {@code DONE}.
 *
 * <p>Argument: the root directory.
 */
public final class DiskFullWorkload {
  private static final String CACHE = "full";
  private static final Map<String, Object> ACKED = new LinkedHashMap<>();

  private DiskFullWorkload() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    // Space someone else holds on the same file system, freed at the end as an operator would.
    Path ballast = root.resolve("ballast");
    Files.write(ballast, new byte[512 * 1024]);
    CachetCachingProvider provider = new CachetCachingProvider();
    CacheManager manager = provider.getCacheManager(root.toUri(), DiskFullWorkload.class.getClassLoader());
    Cache<String, Object> cache = manager.createCache(CACHE, new MutableConfiguration<>());

    // Fill with blob puts, and a small one every third step, until a blob put is refused.
    int step = 0;
    boolean full = false;
    while (!full) {
      if (step > 500) {
        System.out.println("NEVER FULL");
        System.exit(2);
      }
      full = !put(cache, "blob-" + step, FaultMatrixTest.blob(step));
      if (step % 3 == 0) {
        put(cache, "small-" + step, "small value " + step);
      }
      step++;
    }
    readAll(cache);
    // The cache makes room itself: remove some blob entries, then write again.
    remove(cache, "blob-0", "blob-1", "blob-2");
    after("PUT_BLOB", () -> cache.put("room-blob", FaultMatrixTest.blob(5_555)), "room-blob",
        FaultMatrixTest.blob(5_555));
    after("PUT_SMALL", () -> cache.put("room-small", "room"), "room-small", "room");

    // Now to the last byte: small puts until SQLite itself is refused, then every kind of write.
    for (int i = 0; i < 1_000; i++) {
      if (!put(cache, "late-" + i, "late value " + i + " " + "x".repeat(2_000))) {
        break;
      }
    }
    put(cache, "late-blob", FaultMatrixTest.blob(9_999));
    write("PUTALL", () -> cache.putAll(Map.of("late-all-small", "s", "late-all-blob", FaultMatrixTest.blob(9_998))),
        Map.of("late-all-small", "s", "late-all-blob", FaultMatrixTest.blob(9_998)));
    write("REPLACE", () -> cache.replace("blob-3", FaultMatrixTest.blob(9_997)), Map.of("blob-3",
        FaultMatrixTest.blob(9_997)));
    // A delete must append to SQLite's write-ahead log too: on a disk full to the last byte it may be refused.
    remove(cache, "blob-3", "blob-4");
    readAll(cache);

    // The fault clears: space is freed outside the cache; removes and writes work again.
    Files.delete(ballast);
    System.out.println("BALLAST freed");
    remove(cache, "blob-3", "blob-4", "blob-5");
    after("PUT_BLOB", () -> cache.put("after-blob", FaultMatrixTest.blob(7_777)), "after-blob",
        FaultMatrixTest.blob(7_777));
    after("PUT_SMALL", () -> cache.put("after-small", "after"), "after-small", "after");

    readAll(cache);
    manager.close();
    disk(root);
    System.out.println("DONE");
  }

  private static void remove(Cache<String, Object> cache, String... keys) {
    for (String key : keys) {
      try {
        cache.remove(key);
        ACKED.remove(key);
        System.out.println("REMOVE " + key + " ok");
      } catch (CacheException e) {
        System.out.println("FULL REMOVE " + key + " " + oneLine(e.getMessage()));
      } catch (RuntimeException e) {
        System.out.println("RAW REMOVE " + oneLine(e.toString()));
      }
    }
  }

  /** Puts and reports; returns whether it was acknowledged. */
  private static boolean put(Cache<String, Object> cache, String key, Object value) {
    return write("PUT " + key, () -> cache.put(key, value), Map.of(key, value));
  }

  private static boolean write(String op, Runnable write, Map<String, Object> effect) {
    try {
      write.run();
      ACKED.putAll(effect);
      for (String key : effect.keySet()) {
        System.out.println("ACK " + key);
      }
      return true;
    } catch (CacheException e) {
      System.out.println("FULL " + op + " " + oneLine(e.getMessage()));
      return false;
    } catch (RuntimeException e) {
      System.out.println("RAW " + op + " " + oneLine(e.toString()));
      return false;
    }
  }

  private static void after(String op, Runnable write, String key, Object value) {
    try {
      write.run();
      ACKED.put(key, value);
      System.out.println("AFTER " + op + " ok");
    } catch (RuntimeException e) {
      System.out.println("AFTER " + op + " " + oneLine(e.toString()));
    }
  }

  private static void readAll(Cache<String, Object> cache) {
    for (Map.Entry<String, Object> entry : ACKED.entrySet()) {
      Object value;
      try {
        value = cache.get(entry.getKey());
      } catch (RuntimeException e) {
        System.out.println("RAW GET " + oneLine(e.toString()));
        continue;
      }
      String verdict = value == null ? "MISS" : Objects.deepEquals(value, entry.getValue()) ? "ok" : "WRONG";
      System.out.println("READ " + entry.getKey() + " " + verdict);
    }
  }

  /** The database's integrity and whether the blob files are exactly those its rows name. */
  private static void disk(Path root) throws Exception {
    Set<String> referenced = new HashSet<>();
    String integrity;
    long rows;
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("cachet.db"))) {
      try (ResultSet rs = db.createStatement().executeQuery("PRAGMA integrity_check")) {
        rs.next();
        integrity = rs.getString(1);
      }
      try (ResultSet rs = db.createStatement().executeQuery("SELECT blob_id FROM entries")) {
        while (rs.next()) {
          if (rs.getString(1) != null) {
            referenced.add(rs.getString(1));
          }
        }
      }
      try (ResultSet rs = db.createStatement().executeQuery("SELECT COUNT(*) FROM entries")) {
        rs.next();
        rows = rs.getLong(1);
      }
    }
    Set<String> files = new HashSet<>();
    try (Stream<Path> walk = Files.walk(root.resolve("blobs"))) {
      for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        files.add(file.getFileName().toString());
      }
    }
    Set<String> orphans = new HashSet<>(files);
    orphans.removeAll(referenced);
    Set<String> dangling = new HashSet<>(referenced);
    dangling.removeAll(files);
    System.out.println("DISK integrity=" + integrity + " rows=" + rows + " acked=" + ACKED.size() + " orphans="
        + orphans.size() + " dangling=" + dangling.size());
  }

  private static String oneLine(String text) {
    return String.valueOf(text).replace('\n', ' ');
  }

}
