package io.cachet.sealed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.CachetCachingProvider;
import io.cachet.serial.KryoValueCodec;
import io.cachet.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A read-only root, no injection: a child JVM ({@link ReadOnlyRootWorkload}) opens a root that is a
 * read-only bind mount in its own mount namespace (root ignores permission bits, so chmod proves nothing
 * there; unprivileged, where no mount namespace can be had, the root's write bits are removed instead).
 * Reads work, a tampered entry is a miss, every write is a CacheException, nothing is lost, and once the
 * root is writable again (outside the namespace) the next write succeeds and the orphan sweep runs.
 */
class ReadOnlyRootTest {
  private static String skipped;
  private static String how = "not run";
  private static long refused;
  private static long lost;
  private static long corrupt;
  private static int crashedRoots;

  @TempDir Path directory;

  @AfterAll
  static void summary() {
    System.out.println(skipped != null ? "FAULTS ReadOnlyRootTest skipped: " + skipped
        : "FAULTS ReadOnlyRootTest (" + how + ") injected=" + refused + " lost=" + lost + " corrupt=" + corrupt
            + " crashed roots opened read-only=" + crashedRoots);
  }

  @Test
  void aReadOnlyRoot_servesReads_refusesWritesWithCacheExceptions_andLosesNothing() throws Exception {
    Path root = directory.resolve("root");
    Map<String, Object> seed = ReadOnlyRootWorkload.seed();
    CachetCachingProvider provider = new CachetCachingProvider();
    try {
      CacheManager manager = provider.getCacheManager(root.toUri(), getClass().getClassLoader());
      Cache<String, Object> cache = manager.createCache(ReadOnlyRootWorkload.CACHE, new MutableConfiguration<>());
      cache.putAll(seed);
      cache.put("tampered", "tampered value");
    } finally {
      provider.close();
    }
    assertEquals(1, StoreFixture.execute(root, "UPDATE entries SET inline_value = ? WHERE inline_value = ?",
        "evil".getBytes(StandardCharsets.UTF_8), serialized("tampered value")), "tampered");
    Path blob = StoreFixture.blobFiles(root).get(0);
    Path orphan = blob.resolveSibling("cd".repeat(16));
    Files.copy(blob, orphan);
    FaultyStack.ageBlobFiles(root);

    List<String> lines = runReadOnly("read-only", root);

    refused += lines.stream().filter(line -> line.startsWith("WRITE ") && line.contains(" refused ")).count();
    long missed = lines.stream().filter(line -> line.startsWith("READ ") && line.endsWith(" MISS")
        && !line.startsWith("READ tampered")).count();
    long wrong = lines.stream().filter(line -> line.startsWith("READ ") && line.contains(" WRONG")).count();
    lost += missed;
    corrupt += wrong;
    String output = String.join("\n", lines);
    assertEquals(List.of("OPEN ok", "ATTACH ok"), lines.subList(0, Math.min(2, lines.size())), output);
    assertEquals(List.of(), lines.stream().filter(line -> line.startsWith("RAW ")).toList(), output);
    assertEquals(0, missed, output);
    assertEquals(0, wrong, output);
    assertTrue(lines.contains("READ tampered MISS") && lines.contains("READ getAll ok")
        && lines.contains("READ iteration ok"), output);
    for (String op : List.of("PUT_SMALL", "PUT_BLOB", "PUT_ALL", "REPLACE", "REMOVE", "CLEAR", "CREATE_CACHE")) {
      assertTrue(lines.stream().anyMatch(line -> line.startsWith("WRITE " + op + " refused ")
          && (line.contains("readonly") || line.contains("Read-only file system") || line.contains("denied"))),
          op + " refused saying why:\n" + output);
    }
    assertTrue(lines.contains("DONE"), output);

    // Writable again: nothing was lost, the next write succeeds, and the attach sweeps the orphan.
    provider = new CachetCachingProvider();
    try {
      Cache<String, Object> cache = provider.getCacheManager(root.toUri(), getClass().getClassLoader())
          .createCache(ReadOnlyRootWorkload.CACHE, new MutableConfiguration<>());
      for (Map.Entry<String, Object> entry : seed.entrySet()) {
        assertTrue(Objects.deepEquals(entry.getValue(), cache.get(entry.getKey())), entry.getKey());
      }
      assertNull(cache.get("tampered"));
      cache.put("small", "written again");
      assertEquals("written again", cache.get("small"));
      assertTrue(Files.notExists(orphan), "the orphan is swept once the root is writable");
      assertEquals(Set.of("small", "big", "other"), keys(cache));
    } finally {
      provider.close();
    }
  }

  /**
   * A root left by a process that died with commits in its write-ahead log (the files copied while it ran),
   * opened read-only: with the WAL index there, SQLite reads the log and every entry is there; without it
   * the log cannot be read, and opening the database without it would bring back superseded rows, so the
   * open fails with a CacheException instead.
   */
  @ParameterizedTest(name = "WAL index copied: {0}")
  @ValueSource(booleans = {true, false})
  void aCrashedRootMadeReadOnly_servesEveryEntry_orRefusesToOpen_neverOldRows(boolean withWalIndex)
      throws Exception {
    Path live = directory.resolve("live");
    Path root = directory.resolve("crashed");
    CachetCachingProvider provider = new CachetCachingProvider();
    try {
      Cache<String, Object> cache = provider.getCacheManager(live.toUri(), getClass().getClassLoader())
          .createCache(ReadOnlyRootWorkload.CACHE, new MutableConfiguration<>());
      cache.put("small", "an older value");
      cache.putAll(ReadOnlyRootWorkload.seed());
      copyTree(live, root, withWalIndex);
    } finally {
      provider.close();
    }
    assertTrue(Files.size(root.resolve("cachet.db-wal")) > 0, "the copy has commits in its WAL");

    List<String> lines = runReadOnly(withWalIndex ? "crashed-with-index" : "crashed-without-index", root);
    String output = String.join("\n", lines);
    assertEquals(List.of(), lines.stream().filter(line -> line.startsWith("RAW ")).toList(), output);
    if (withWalIndex) {
      assertTrue(lines.containsAll(List.of("OPEN ok", "ATTACH ok", "READ small ok", "READ big ok",
          "READ other ok", "DONE")), output);
    } else {
      assertEquals(1, lines.size(), output);
      assertTrue(lines.get(0).startsWith("OPEN javax.cache.CacheException") && lines.get(0).contains(
          "write-ahead log"), output);
    }
    crashedRoots++;
  }

  /** Runs the workload on a read-only view of the root; skips the test where none can be had (fails under CI). */
  private static List<String> runReadOnly(String name, Path root) throws Exception {
    List<String> command = ChildJvm.java(ReadOnlyRootWorkload.class, root.toString());
    String unavailable = MountSandbox.unavailableReason();
    List<Path> madeReadOnly = new ArrayList<>();
    if (unavailable == null) {
      command = MountSandbox.wrap("mount --bind \"$0\" \"$0\" && mount -o remount,ro,bind \"$0\"", root, command);
      how = "read-only bind mount";
    } else if (!"root".equals(System.getProperty("user.name"))) {
      madeReadOnly.addAll(removeWriteBits(root));
      how = "write bits removed";
    } else {
      skipped = "running as root, which ignores permission bits, and " + unavailable;
      EnvironmentSkip.skip("ReadOnlyRootTest", skipped);
    }
    try (ChildJvm child = ChildJvm.start(name, root.resolveSibling("logs"), command)) {
      child.assertExitCode(0);
      return child.stdoutLines();
    } finally {
      for (Path path : madeReadOnly) {
        Files.setPosixFilePermissions(path, EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
      }
    }
  }

  private static void copyTree(Path from, Path to, boolean withWalIndex) throws Exception {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(from)) {
      paths = walk.toList();
    }
    for (Path path : paths) {
      Path target = to.resolve(from.relativize(path).toString());
      if (Files.isDirectory(path)) {
        Files.createDirectories(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else if (withWalIndex || !path.getFileName().toString().endsWith("-shm")) {
        Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  private static byte[] serialized(String value) {
    return new KryoValueCodec(ReadOnlyRootTest.class.getClassLoader()).encode(value);
  }

  private static Set<String> keys(Cache<String, Object> cache) {
    Set<String> keys = new HashSet<>();
    cache.forEach(entry -> keys.add(entry.getKey()));
    return keys;
  }

  private static List<Path> removeWriteBits(Path root) throws Exception {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.toList();
    }
    for (Path path : paths) {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
      permissions.removeAll(EnumSet.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.OTHERS_WRITE));
      Files.setPosixFilePermissions(path, permissions);
    }
    return paths.stream().filter(Files::isDirectory).toList();
  }
}
