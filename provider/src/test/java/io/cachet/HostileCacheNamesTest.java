package io.cachet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Whatever a cache is called, nothing is created, read or deleted outside the manager's root. */
class HostileCacheNamesTest {
  @RegisterExtension final CachetFixture cachet = new CachetFixture();
  // The roots are made under this directory, so that the test can see everything outside them.
  @TempDir Path dir;

  static List<String> hostileNames() {
    return List.of("../escape", "../../etc/passwd", "/tmp/absolute", "C:\\Windows\\x", "a\u0000b", ".", "..",
        "x".repeat(300), "k\u00f6ln/\u6771\u4eac", "", "blobs", "cachet.db", "cache_signing_key.bin");
  }

  @ParameterizedTest
  @MethodSource("hostileNames")
  void hostileCacheName_storesReadsAndDestroysOnlyUnderTheRoot(String name) throws IOException {
    Path root = dir.resolve("root");
    Path sentinel = dir.resolve("sentinel");
    Files.createDirectories(sentinel);
    Files.writeString(sentinel.resolve("keep.txt"), "untouched");
    Set<Path> outsideBefore = listOutside(root);

    CachetCachingProvider provider = cachet.provider();
    try {
      CacheManager manager = provider.getCacheManager(root.toUri(), getClass().getClassLoader());
      Cache<String, byte[]> cache = manager.createCache(name, new MutableConfiguration<>());
      byte[] big = new byte[50_000];
      big[7] = 7;
      cache.put("small", new byte[] {1, 2, 3});
      cache.put("big", big);
      assertArrayEquals(big, cache.get("big"));
      manager.destroyCache(name);
      assertNull(manager.getCache(name));
    } finally {
      provider.close();
    }

    assertEquals(outsideBefore, listOutside(root));
    assertEquals("untouched", Files.readString(sentinel.resolve("keep.txt")));
    if (!Set.of("blobs", "cachet.db", "cache_signing_key.bin").contains(name) && name.length() > 3) {
      String lastSegment = Path.of(name.replace('\0', '_').replace('\\', '/')).getFileName().toString();
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.toList()) {
          assertFalse(file.getFileName().toString().contains(lastSegment), "a file is named after the cache: " + file);
        }
      }
    }
  }

  @Test
  void cacheNamesThatDifferOnlyInCase_orByATrailingSlash_areDifferentCaches() {
    CachetCachingProvider provider = cachet.provider();
    try {
      CacheManager manager = provider.getCacheManager(dir.toUri(), getClass().getClassLoader());
      Cache<String, String> lower = manager.createCache("books", new MutableConfiguration<>());
      Cache<String, String> upper = manager.createCache("Books", new MutableConfiguration<>());
      Cache<String, String> slash = manager.createCache("books/", new MutableConfiguration<>());
      lower.put("k", "lower");
      upper.put("k", "upper");
      slash.put("k", "slash");
      assertEquals("lower", lower.get("k"));
      assertEquals("upper", upper.get("k"));
      assertEquals("slash", slash.get("k"));
    } finally {
      provider.close();
    }
  }

  /** Every path under the test directory except the root itself and what is under it. */
  private Set<Path> listOutside(Path root) throws IOException {
    Set<Path> paths = new TreeSet<>();
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(path -> !path.startsWith(root)).forEach(paths::add);
    }
    return paths;
  }
}
