package io.cachet.store.postgres;

import static io.cachet.store.TestRow.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.store.StoredRow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database user who plants a column longer than a writer makes it gets it read as null, as the SQLite store
 * does, and the row is still found by the version read.
 */
class PostgresOversizedColumnsTest {
  @TempDir Path location;

  @Test
  void aPlantedOversizedColumn_readsAsNull_andTheRowIsStillDeletedByTheVersionRead() throws Exception {
    try (PostgresEntryStore store = PostgresEntryStore.open(TestPostgres.settings(location))) {
      store.upsert(row("ns", "k", "v3:sig", null, 5L), true);
      try (Connection connection = TestPostgres.connect(); Statement statement = connection.createStatement()) {
        statement.executeUpdate("UPDATE " + TestPostgres.schema(location) + ".entries SET file_hash = repeat('x', "
            + (StoredRow.MAX_TEXT_BYTES + 1) + "), key_bytes = decode(repeat('00', " + (StoredRow.MAX_KEY_BYTES + 1)
            + "), 'hex')");
      }

      StoredRow read = store.get("ns", "k");

      assertNull(read.fileHash());
      assertNull(read.keyBytes());
      assertEquals("v3:sig", read.entrySignature());
      assertTrue(store.deleteIfVersion("ns", "k", read.version()).existed());
    }
  }
}
