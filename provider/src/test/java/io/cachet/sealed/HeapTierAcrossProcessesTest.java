package io.cachet.sealed;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.CachetCachingProvider;
import io.cachet.CachetConfiguration;
import io.cachet.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.cache.Cache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs on one root, each with its heap tier on: one writes, the other reads through its tier, and never
 * reads a value older than the last put that had returned in the writer when the read began.
 */
class HeapTierAcrossProcessesTest {
  private static final int PUTS = 1_500;
  private static final int KEYS = 8;

  @TempDir Path directory;

  @Test
  void aReaderThroughItsHeapTier_neverReadsAValueOlderThanAPutThatHadReturned() throws Exception {
    Path root = directory.resolve("root");
    Path acknowledged = directory.resolve("acknowledged");
    try (CachetCachingProvider provider = new CachetCachingProvider()) {
      Cache<String, String> cache = provider.getCacheManager(root.toUri(), getClass().getClassLoader())
          .createCache("counters", new CachetConfiguration<String, String>().setTypes(String.class, String.class)
              .setHeapEntries(1_000));
      try (ChildJvm reader = ChildJvm.start("reader", root, directory.resolve("logs"), ChildJvm.Options.WORKLOAD,
          TierReader.class, root.toString(), acknowledged.toString(), String.valueOf(PUTS),
          String.valueOf(KEYS))) {
        reader.awaitLine("READY");
        Path next = directory.resolve("acknowledged.next");
        for (int put = 1; put <= PUTS; put++) {
          cache.put("k" + put % KEYS, String.valueOf(put));
          Files.writeString(next, String.valueOf(put));
          Files.move(next, acknowledged, StandardCopyOption.ATOMIC_MOVE);
        }
        reader.assertExitCode(0);
        List<String> lines = reader.stdoutLines();
        String summary = lines.get(lines.size() - 1);
        assertTrue(summary.matches("READS \\d+ STALE 0"), reader.describe());
        long reads = Long.parseLong(summary.split(" ")[1]);
        assertTrue(reads > PUTS, "the reader read more often than the writer wrote: " + summary);
      }
    }
  }
}
