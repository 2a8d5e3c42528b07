package io.cachet.store.sqlite;

import static io.cachet.store.TestRow.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.store.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the operator's tool asks of an SQLite database: its check, its namespaces, and folding its log back. */
class SqliteMaintenanceTest {
  @TempDir Path directory;

  private Path file() {
    return directory.resolve("cachet.db");
  }

  @Test
  void compact_foldsTheWriteAheadLogIntoTheDatabase_andTruncatesIt_whileAnotherStoreReadsTheFile() throws Exception {
    Path wal = directory.resolve("cachet.db-wal");
    try (SqliteEntryStore store = SqliteEntryStore.open(file(), false);
        SqliteEntryStore other = SqliteEntryStore.open(file(), false)) {
      for (int i = 0; i < 100; i++) {
        store.upsert(row("ns", "k" + i, "s", null, null), true);
      }
      assertEquals(100, other.scan("ns").size());
      assertTrue(Files.size(wal) > 0, "the log holds the writes");

      store.compact();

      assertEquals(0, Files.size(wal));
      assertEquals(100, other.scan("ns").size());
      assertEquals(100, store.scan("ns").size());
    }
  }

  @Test
  void aReadOnlyStore_checksItsDatabase_andNamesItsNamespaces_butRefusesToCompact() throws Exception {
    try (SqliteEntryStore store = SqliteEntryStore.open(file(), false)) {
      store.upsert(row("ns", "k", "s", null, null), true);
    }
    try (SqliteEntryStore readOnly = SqliteEntryStore.openReadOnly(file())) {
      assertEquals(List.of(), readOnly.checkIntegrity());
      assertEquals(Set.of("ns"), readOnly.rowNamespaces());

      StorageException refused = assertThrows(StorageException.class, readOnly::compact);

      assertEquals(StorageException.Kind.IO, refused.kind());
      assertTrue(refused.getMessage().contains("read-only"), refused.getMessage());
      assertEquals(Set.of("ns"), readOnly.rowNamespaces(), "the store stays usable");
    }
  }
}
