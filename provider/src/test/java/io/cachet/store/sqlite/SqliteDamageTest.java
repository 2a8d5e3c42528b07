package io.cachet.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.store.CorruptDatabaseException;
import io.cachet.store.StoredRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage that the open does not look for in a database above the checked size is reported by the first
 * operation that meets it, and makes the next open check the whole file.
 */
class SqliteDamageTest {
  private static final int PAGE = 4096;
  private static final int ROWS = 400;
  // The b-tree page header: its first byte the page's type, its eighth the count of fragmented free bytes.
  private static final byte TABLE_LEAF = 0x0d;
  private static final byte INDEX_LEAF = 0x0a;
  private static final int FRAGMENTED_BYTES = 7;

  @TempDir Path directory;
  private Path file;
  private Path report;

  @BeforeEach
  void fill() {
    file = directory.resolve("cachet.db").toAbsolutePath();
    report = directory.resolve("cachet.db.damaged");
    SqliteEntryStore store = SqliteEntryStore.open(file, false);
    try {
      Map<String, UnaryOperator<StoredRow>> rows = new HashMap<>();
      for (int i = 0; i < ROWS; i++) {
        StoredRow row = row("k" + i);
        rows.put(row.cacheKey(), current -> row);
      }
      store.upsertAll("ns", rows, true);
    } finally {
      store.close();
    }
  }

  private static StoredRow row(String key) {
    byte[] value = new byte[1000];
    Arrays.fill(value, (byte) key.hashCode());
    return StoredRow.builder("ns", key).keyBytes(key.getBytes()).dataType("object").prefix("ns")
        .fileSize(value.length).fileHash("h").objectType("java.lang.String").storageFormat(StoredRow.INLINE)
        .serializer("kryo5").compressionCodec("none").encryption("none").createdAt(10).entrySignature("v3:s")
        .inlineValue(value).accessedAt(10).build();
  }

  private void zeroAMiddlePage() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int page = bytes.length / PAGE / 2;
    Arrays.fill(bytes, page * PAGE, (page + 1) * PAGE, (byte) 0);
    Files.write(file, bytes);
  }

  @Test
  void damagedPage_aboveTheCheckedSize_failsOnlyTheReadsThatMeetIt_andTheNextOpenChecksTheWholeFile()
      throws Exception {
    zeroAMiddlePage();
    SqliteEntryStore store = SqliteEntryStore.open(file, false, 0);
    int damaged = 0;
    int intact = 0;
    try {
      for (int i = 0; i < ROWS; i++) {
        try {
          StoredRow read = store.get("ns", "k" + i);
          assertArrayEquals(row("k" + i).inlineValue(), read.inlineValue());
          intact++;
        } catch (CorruptDatabaseException e) {
          // Also after an earlier failure on the same connection: the real error, not a stale statement's.
          assertEquals(file.toString(), e.location());
          assertTrue(e.getMessage().contains("SQLITE_CORRUPT"), e.getMessage());
          damaged++;
        }
      }
      assertTrue(damaged > 0 && intact > 0, damaged + " damaged, " + intact + " intact");
      assertTrue(Files.readString(report).contains("SQLITE_CORRUPT"));
    } finally {
      store.close();
    }

    CorruptDatabaseException atOpen = assertThrows(CorruptDatabaseException.class,
        () -> SqliteEntryStore.open(file, false, 0));
    assertTrue(atOpen.damage().contains("quick_check"), atOpen.damage());
    assertTrue(Files.exists(report), "the report stays until a check finds the file intact");
  }

  @Test
  void checkIntegrity_reportsWhatItFindsWrong_inPagesTheOpenDidNotCheck_andLeavesNoDamageReport() throws Exception {
    int page = miscountAFragmentedLeafPage();
    try (SqliteEntryStore store = SqliteEntryStore.open(file, false, 0)) {
      List<String> findings = store.checkIntegrity();

      assertEquals(1, findings.size(), findings::toString);
      assertTrue(findings.get(0).contains("page " + page), findings::toString);
      assertFalse(Files.exists(report), "the check only reads");
    }
  }

  @Test
  void checkIntegrity_reportsDamageThatStopsTheCheck_asOneFinding_likeAnyReadThatMeetsIt() throws Exception {
    zeroAMiddlePage();
    try (SqliteEntryStore store = SqliteEntryStore.open(file, false, 0)) {
      List<String> findings = store.checkIntegrity();

      assertEquals(1, findings.size(), findings::toString);
      assertTrue(findings.get(0).contains("SQLITE_CORRUPT"), findings::toString);
      assertTrue(Files.exists(report), "the next open checks the whole file");
    }
  }

  /**
   * Adds one to the count of fragmented bytes in the header of the first leaf page past the middle of the file:
   * damage no read fails on, which {@code quick_check} reports. Returns the page's number (counted from 1).
   */
  private int miscountAFragmentedLeafPage() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    for (int page = bytes.length / PAGE / 2; page < bytes.length / PAGE; page++) {
      int header = page * PAGE;
      if (bytes[header] == TABLE_LEAF || bytes[header] == INDEX_LEAF) {
        bytes[header + FRAGMENTED_BYTES] = (byte) (bytes[header + FRAGMENTED_BYTES] + 1);
        Files.write(file, bytes);
        return page + 1;
      }
    }
    throw new AssertionError("no leaf page in the second half of " + file);
  }

  @Test
  void damageReport_isRemoved_whenTheWholeFileChecksIntact() throws Exception {
    Files.writeString(report, "stale");

    SqliteEntryStore.open(file, false, 0).close();

    assertFalse(Files.exists(report));
  }

  @Test
  void moveAside_takesTheLogAlong_underTheNamesSqliteDerivesFromTheNewName() throws Exception {
    Files.write(directory.resolve("cachet.db-wal"), new byte[] {1, 2, 3});
    Files.writeString(report, "damage");
    byte[] database = Files.readAllBytes(file);
    Path target = directory.resolve("cachet.db.corrupt-x");

    List<Path> moved = SqliteEntryStore.moveAside(file, target);

    assertEquals(List.of(directory.resolve("cachet.db.corrupt-x-wal").toAbsolutePath(), target.toAbsolutePath(),
        directory.resolve("cachet.db.corrupt-x.damaged").toAbsolutePath()), moved.stream()
        .map(Path::toAbsolutePath).toList());
    assertArrayEquals(database, Files.readAllBytes(target));
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(directory.resolve("cachet.db.corrupt-x-wal")));
    assertFalse(Files.exists(file));
    assertTrue(SqliteEntryStore.cannotMoveAside(target), "a second move there would replace the first");
  }
}
