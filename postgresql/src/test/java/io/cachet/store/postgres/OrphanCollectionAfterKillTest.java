package io.cachet.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.store.s3.S3ProxyServer;
import io.cachet.testing.ChildJvm;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host JVM killed with SIGKILL while it writes large values to S3, another host staying open with a grace of 5 s:
 * its collector deletes every object the dead host left that no row names, no row names a missing object, and every
 * write the dead host was told of is read back.
 */
class OrphanCollectionAfterKillTest {
  private static final int WRITERS = 4;
  private static final long COLLECTION_BOUND_MILLIS = 60_000;

  @TempDir Path temp;

  @Test
  void aHostKilledMidWrite_leavesNoOrphanObjectAMinuteLater_noRowNamingAMissingBlob_andLosesNoAcknowledgedWrite() throws Exception {
    Properties extra = new Properties();
    extra.setProperty("s3.orphanGraceSeconds", "5");
    extra.setProperty("inlineThreshold", "1024");
    HostJvms hosts = new HostJvms(temp, true, extra);
    try (hosts.local) {
      Cache<String, byte[]> large = hosts.local.createCache("large", SharedStoreHost.large());
      Map<String, Long> acknowledged = new HashMap<>();
      try (ChildJvm writer = hosts.start("writer", "write", WRITERS)) {
        while (writer.stdoutLines().stream().filter(line -> line.startsWith("acked ")).count() < 40) {
          assertTrue(writer.isAlive(), writer.describe());
          Thread.sleep(20);
        }
        writer.kill();
        for (String line : writer.stdoutLines()) {
          String[] words = line.split(" ");
          if (words[0].equals("acked")) {
            acknowledged.merge(words[1], Long.parseLong(words[2]), Math::max);
          }
        }
      }

      BucketAudit bucket = new BucketAudit(S3ProxyServer.shared(), TestPostgres::connect, hosts.schema);
      bucket.awaitNoOrphan(COLLECTION_BOUND_MILLIS);
      bucket.assertNoRowNamesAMissingBlob();

      int lost = 0;
      int corrupt = 0;
      for (Map.Entry<String, Long> told : acknowledged.entrySet()) {
        byte[] value = large.get(told.getKey());
        if (value == null) {
          lost++;
          continue;
        }
        long seq = ByteBuffer.wrap(value).getLong();
        // The write in flight at the kill may have committed untold: that one (the key's next, KEYS_PER_THREAD
        // writes of its thread later), or the last one told.
        if (seq != told.getValue() && seq != told.getValue() + SharedStoreHost.KEYS_PER_THREAD) {
          lost++;
        } else if (!Arrays.equals(SharedStoreHost.value(seq), value)) {
          corrupt++;
        }
      }
      System.out.println("FAULTS OrphanCollectionAfterKillTest (SIGKILL of a host writing blobs) injected=1 acked="
          + acknowledged.size() + " lost=" + lost + " corrupt=" + corrupt);
      assertEquals(0, lost, "acknowledged writes lost");
      assertEquals(0, corrupt, "values corrupt");
    }
  }
}
