package io.cachet.sealed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cachet.CachetCachingProvider;
import io.cachet.testing.ChildJvm;
import java.nio.file.Path;
import java.util.List;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A column of a row made far longer than any writer makes it (a {@code zeroblob} written with plain JDBC) is
 * refused without being loaded: a child JVM whose heap is smaller than one such column reads each one as a
 * miss with one integrity event, and the refused rows are deleted (DESIGN §10.8).
 */
class OversizedRowsTest {
  // Each planted column is larger than the child's whole heap.
  private static final String CHILD_HEAP = "48m";
  private static final int PLANTED_BYTES = 80 * 1024 * 1024;
  private static final List<String> KEYS = List.of("inline", "key", "text", "integer", "small");

  @TempDir Path directory;

  @Test
  void oversizedColumns_areRefusedWithoutBeingLoaded_reportedOnce_andDeleted() throws Exception {
    Path root = directory.resolve("root");
    CachetCachingProvider provider = new CachetCachingProvider();
    try {
      Cache<String, String> cache = provider.getCacheManager(root.toUri(), getClass().getClassLoader())
          .createCache(OversizedRowsWorkload.CACHE, new MutableConfiguration<String, String>()
              .setTypes(String.class, String.class));
      for (String key : KEYS) {
        cache.put(key, "value of " + key);
      }
    } finally {
      provider.close();
    }
    plant(root, "inline_value", "inline");
    plant(root, "key_bytes", "key");
    plant(root, "object_type", "text");
    plant(root, "created_at", "integer");

    List<String> lines;
    try (ChildJvm child = ChildJvm.start("oversized", directory.resolve("logs"),
        ChildJvm.java(CHILD_HEAP, OversizedRowsWorkload.class, root.toString()))) {
      child.assertExitCode(0);
      lines = child.stdoutLines();
    }

    assertEquals(List.of("EVENT SIZE_MISMATCH true", "GET inline MISS", "EVENT BAD_SIGNATURE true",
        "CONTAINS text false", "EVENT BAD_SIGNATURE true", "GETALL [small]", "EVENT KEY_MISMATCH true",
        "ITERATE [small]", "DONE"), lines);
    assertEquals(1, StoreFixture.rowCount(root, OversizedRowsWorkload.CACHE), "only the intact row is left");
  }

  /** Makes one column of a key's row a zeroblob of {@link #PLANTED_BYTES}; rows are numbered in put order. */
  private static void plant(Path root, String column, String key) throws Exception {
    int rowid = KEYS.indexOf(key) + 1;
    assertEquals(1, StoreFixture.execute(root, "UPDATE entries SET " + column + " = zeroblob(?) WHERE rowid = ?",
        PLANTED_BYTES, rowid), column);
  }
}
