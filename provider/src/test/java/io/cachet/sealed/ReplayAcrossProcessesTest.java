package io.cachet.sealed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.CachetCachingProvider;
import io.cachet.CachetConfiguration;
import io.cachet.ReplayDetection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
      Map<String, Object> v1 = row(root);
      cache.put("token", "v2");
      try (ChildJvm reader = ChildJvm.start("reader", directory.resolve("logs"),
          ChildJvm.java(ReplayReader.class, root.toString(), "tokens", go.toString(), "token", "fresh"))) {
        reader.awaitLine("READY");
        cache.put("fresh", "written after the reader opened");
        putBack(root, v1);
        Files.createFile(go);
        reader.awaitSuccess();

        List<String> lines = reader.stdoutLines();
        assertTrue(lines.contains("GOT token null"), reader.describe());
        assertTrue(lines.contains("GOT fresh written after the reader opened"), reader.describe());
        assertEquals("EVENTS [REPLAYED]", lines.get(lines.size() - 1), reader.describe());
      }
    }
  }

  private static Map<String, Object> row(Path root) throws Exception {
    Map<String, Object> columns = new LinkedHashMap<>();
    try (Connection db = StoreFixture.jdbc(root);
        ResultSet rs = db.createStatement().executeQuery("SELECT * FROM entries")) {
      assertTrue(rs.next());
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        columns.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
      }
    }
    return columns;
  }

  private static void putBack(Path root, Map<String, Object> columns) throws Exception {
    StoreFixture.execute(root, "DELETE FROM entries WHERE namespace = ? AND cache_key = ?",
        columns.get("namespace"), columns.get("cache_key"));
    List<String> marks = new ArrayList<>();
    columns.keySet().forEach(name -> marks.add("?"));
    try (Connection db = StoreFixture.jdbc(root); PreparedStatement insert = db.prepareStatement(
        "INSERT INTO entries (" + String.join(", ", columns.keySet()) + ") VALUES (" + String.join(", ", marks)
            + ")")) {
      int index = 1;
      for (Object value : columns.values()) {
        insert.setObject(index++, value);
      }
      assertEquals(1, insert.executeUpdate());
    }
  }
}
