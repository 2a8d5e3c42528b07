package io.cachet.store.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cachet.store.s3.S3ProxyServer;
import io.cachet.testing.ChildJvm;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host JVM killed with SIGKILL while it writes large values to S3, another host staying open with a grace of 5 s:
 * its collector deletes every object the dead host left that no row names, and every write the dead host was told
 * of is read back.
 */
class OrphanCollectionAfterKillTest {
  private static final int WRITERS = 4;
  private static final long COLLECTION_BOUND_MILLIS = 60_000;

  @TempDir Path temp;

  @Test
  void aHostKilledMidWrite_leavesNoOrphanObjectAMinuteLater_andLosesNoAcknowledgedWrite() throws Exception {
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

      awaitNoOrphan(hosts.schema);

      for (Map.Entry<String, Long> told : acknowledged.entrySet()) {
        byte[] value = large.get(told.getKey());
        assertNotNull(value, told.getKey());
        long seq = ByteBuffer.wrap(value).getLong();
        // The write in flight at the kill may have committed untold: that one (the key's next, KEYS_PER_THREAD
        // writes of its thread later), or the last one told.
        assertTrue(seq == told.getValue() || seq == told.getValue() + SharedStoreHost.KEYS_PER_THREAD,
            told + " but read " + seq);
        assertArrayEquals(SharedStoreHost.value(seq), value);
      }
    }
  }

  /** Waits until every object under the schema's prefix is named by a row, as listed here by the test only. */
  private static void awaitNoOrphan(String schema) throws Exception {
    long deadline = System.currentTimeMillis() + COLLECTION_BOUND_MILLIS;
    while (true) {
      Set<String> objects = objectIds(schema);
      Set<String> named = namedBlobIds(schema);
      objects.removeAll(named);
      if (objects.isEmpty()) {
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        fail(objects.size() + " orphan objects left a minute after the kill: " + objects);
      }
      Thread.sleep(500);
    }
  }

  private static Set<String> objectIds(String prefix) {
    Set<String> ids = new HashSet<>();
    S3ProxyServer.shared().backend().list(S3ProxyServer.BUCKET, ListContainerOptions.Builder.prefix(prefix + "/")
        .recursive()).forEach(metadata -> {
          if (metadata.getType() == StorageType.BLOB) {
            ids.add(metadata.getName().substring(metadata.getName().lastIndexOf('/') + 1));
          }
        });
    return ids;
  }

  private static Set<String> namedBlobIds(String schema) throws SQLException {
    Set<String> ids = new HashSet<>();
    try (Connection connection = TestPostgres.connect(); Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT blob_id FROM " + schema + ".entries WHERE blob_id IS NOT NULL")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }
}
