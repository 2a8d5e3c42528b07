package io.cachet.reliability.crash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cachet.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Stops a JVM dead at each step of Cachet's write protocol (through its {@code cachet.test.crashAt} hook)
 * while it overwrites a blob-sized entry: the entry is then wholly the old value (crash before the commit)
 * or wholly the new one (after), the database is intact, its neighbour untouched, and the next open after
 * the sweep's grace period leaves exactly one blob file.
 */
class CrashPointTest {
  // CrashPoint.EXIT_STATUS in the provider, which this module reaches only through javax.cache.
  private static final int HALTED = 77;

  @TempDir Path root;
  @TempDir Path logs;

  @ParameterizedTest(name = "{0}, {1}")
  @CsvSource({
      "BLOB_TEMP_WRITTEN, normal, 1", "BLOB_RENAMED, normal, 1", "ROW_COMMITTED, normal, 2",
      "SUPERSEDED_BLOB_DELETED, normal, 2", "BLOB_TEMP_WRITTEN, full, 1", "BLOB_RENAMED, full, 1",
      "ROW_COMMITTED, full, 2", "SUPERSEDED_BLOB_DELETED, full, 2"})
  void aWriteStoppedAtAnyStep_leavesTheOldOrTheNewValueWhole_andNoOrphanAfterTheSweep(String point,
      String durability, int expectedVersion) throws Exception {
    ChildJvm.runToSuccess("seed", root, logs, CrashPointWorkload.class, "seed", durability);

    ChildJvm.run("overwrite", root, logs, CrashPointWorkload.class, "overwrite", durability, point)
        .assertExitCode(HALTED);

    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("cachet.db"));
        ResultSet rs = db.createStatement().executeQuery("PRAGMA integrity_check")) {
      rs.next();
      assertEquals("ok", rs.getString(1));
    }
    ageBlobFiles();
    try (CacheManager manager = CrashWorkload.open(root, durability)) {
      Cache<Object, Object> cache = CrashWorkload.cacheOf(manager);
      assertArrayEquals(CrashPointWorkload.version(expectedVersion),
          (byte[]) cache.get(CrashPointWorkload.BLOB_KEY));
      assertEquals("small value", cache.get(CrashPointWorkload.SMALL_KEY));
    }
    assertEquals(1, blobFiles().size(), "blob files after the sweep: " + blobFiles());
  }

  private void ageBlobFiles() throws Exception {
    FileTime earlier = FileTime.from(Instant.now().minus(Duration.ofMinutes(2)));
    for (Path file : blobFiles()) {
      Files.setLastModifiedTime(file, earlier);
    }
  }

  private List<Path> blobFiles() throws Exception {
    try (Stream<Path> files = Files.walk(root.resolve("blobs"))) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
