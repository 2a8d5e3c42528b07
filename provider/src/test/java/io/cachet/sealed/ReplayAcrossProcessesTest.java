package io.cachet.sealed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.CachetCachingProvider;
import io.cachet.CachetConfiguration;
import io.cachet.ReplayDetection;
import io.cachet.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.cache.Cache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code replayDetection=shared}, a row put back while another JVM has the cache open is a replayed miss
 * in that JVM too, though it never read the key, while what was written after it opened reads back.
 */
class ReplayAcrossProcessesTest {
  @TempDir Path directory;

  @Test
  void anOlderRowPutBack_isAReplayedMissInAnotherJvm_thatNeverReadTheKey_andItsNewerWritesReadBack()
      throws Exception {
    Path root = directory.resolve("root");
    Path go = directory.resolve("go");
    try (CachetCachingProvider provider = new CachetCachingProvider()) {
      Cache<String, String> cache = provider.getCacheManager(root.toUri(), getClass().getClassLoader())
          .createCache("tokens", new CachetConfiguration<String, String>().setTypes(String.class, String.class)
              .setReplayDetection(ReplayDetection.SHARED));
      cache.put("token", "v1");
      SavedRow v1 = SavedRow.of(root, "tokens", (String) StoreFixture.query(root, "SELECT cache_key FROM entries"));
      cache.put("token", "v2");
      try (ChildJvm reader = ChildJvm.start("reader", directory.resolve("logs"),
          ChildJvm.java(ReplayReader.class, root.toString(), "tokens", go.toString(), "token", "fresh"))) {
        reader.awaitLine("READY");
        cache.put("fresh", "written after the reader opened");
        v1.putBack(root);
        Files.createFile(go);
        reader.assertExitCode(0);

        List<String> lines = reader.stdoutLines();
        assertTrue(lines.contains("GOT token null"), reader.describe());
        assertTrue(lines.contains("GOT fresh written after the reader opened"), reader.describe());
        assertEquals("EVENTS [REPLAYED]", lines.get(lines.size() - 1), reader.describe());
      }
    }
  }
}
