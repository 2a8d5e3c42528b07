package io.cachet.store.sqlite;

import static io.cachet.store.TestRow.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.store.NamespaceRecord;
import io.cachet.store.StoredRow;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What only the SQLite store does: its file's schema and columns, as read with plain JDBC. What every entry
 * store does is {@link SqliteEntryStoreContractTest}'s.
 */
class SqliteEntryStoreTest {
  @TempDir Path directory;
  private Path file;
  private SqliteEntryStore store;

  @BeforeEach
  void open() {
    file = directory.resolve("cachet.db");
    store = SqliteEntryStore.open(file, false);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void open_createsEntriesTable_withTheDesignColumnNames_inWalMode() throws Exception {
    try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      List<String> columns = new ArrayList<>();
      try (ResultSet rs = connection.createStatement().executeQuery("PRAGMA table_info(entries)")) {
        while (rs.next()) {
          columns.add(rs.getString("name"));
        }
      }
      assertEquals(List.of("namespace", "cache_key", "key_bytes", "data_type", "prefix", "file_size", "file_hash",
          "object_type", "storage_format", "serializer", "compression_codec", "encryption", "created_at", "expires_at",
          "entry_signature", "blob_id", "accessed_at", "generation", "inline_value"), columns);
      try (ResultSet rs = connection.createStatement().executeQuery("PRAGMA journal_mode")) {
        assertEquals("wal", rs.getString(1));
      }
    }
  }

  @Test
  void open_addsColumnsMissingFromAnOlderSchema() throws Exception {
    store.close();
    Path old = file.resolveSibling("old.db");
    try (var connection = DriverManager.getConnection("jdbc:sqlite:" + old)) {
      connection.createStatement().executeUpdate("CREATE TABLE namespaces (name TEXT NOT NULL PRIMARY KEY, "
          + "id TEXT NOT NULL, created_at INTEGER NOT NULL, signature TEXT)");
    }
    store = SqliteEntryStore.open(old, false);

    store.insertNamespace(new NamespaceRecord("a", "id-a", 1, "k.bin", "kid", "sig"));
    assertEquals("k.bin", store.namespace("a").keyFile());
  }

  /** A value longer than any writer stores in the column, or (for an integer column) a blob. */
  static Stream<Arguments> oversizedColumns() {
    String text = "hex(zeroblob(" + (StoredRow.MAX_TEXT_BYTES / 2 + 1) + "))";
    return Stream.of(
        Arguments.of("inline_value", "zeroblob(" + (StoredRow.MAX_INLINE_BYTES + 1) + ")"),
        Arguments.of("key_bytes", "zeroblob(" + (StoredRow.MAX_KEY_BYTES + 1) + ")"),
        Arguments.of("data_type", text), Arguments.of("prefix", text), Arguments.of("file_hash", text),
        Arguments.of("object_type", text), Arguments.of("storage_format", text), Arguments.of("serializer", text),
        Arguments.of("compression_codec", text), Arguments.of("encryption", text),
        Arguments.of("entry_signature", text), Arguments.of("blob_id", text),
        Arguments.of("file_size", "zeroblob(100)"), Arguments.of("created_at", "zeroblob(100)"),
        Arguments.of("expires_at", "zeroblob(100)"), Arguments.of("accessed_at", "zeroblob(100)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oversizedColumns")
  void anOversizedColumn_readsAsNullOrZero_inEveryRead_andTheRowIsStillDeletableByItsVersion(String column,
      String oversized) throws Exception {
    store.upsert(row("ns", "k", "sig", null, 99L), true);
    try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      assertEquals(1, connection.createStatement().executeUpdate("UPDATE entries SET " + column + " = "
          + oversized));
    }

    StoredRow read = store.get("ns", "k");
    List<StoredRow> reads = new ArrayList<>(List.of(read, store.getAll("ns", List.of("k")).get("k"),
        store.scan("ns").get(0)));
    if (!column.equals("expires_at")) {
      // A blob in expires_at is no expiry time: the row is eternal and not among the expired ones.
      reads.add(store.expired("ns", 100, 10).get(0));
    }
    for (StoredRow row : reads) {
      assertEquals(null, column(row, column), column);
    }
    assertTrue(store.deleteIfVersion("ns", "k", read.version()).existed(), "deleted by the version read");
    assertNull(store.get("ns", "k"));
  }

  /** A column of a row as read, with integers read as 0 from a non-integer value shown as null. */
  private static Object column(StoredRow row, String column) {
    return switch (column) {
      case "inline_value" -> row.inlineValue();
      case "key_bytes" -> row.keyBytes();
      case "data_type" -> row.dataType();
      case "prefix" -> row.prefix();
      case "file_hash" -> row.fileHash();
      case "object_type" -> row.objectType();
      case "storage_format" -> row.storageFormat();
      case "serializer" -> row.serializer();
      case "compression_codec" -> row.compressionCodec();
      case "encryption" -> row.encryption();
      case "entry_signature" -> row.entrySignature();
      case "blob_id" -> row.blobId();
      case "file_size" -> row.fileSize() == 0 ? null : row.fileSize();
      case "created_at" -> row.createdAt() == 0 ? null : row.createdAt();
      case "expires_at" -> row.expiresAt();
      case "accessed_at" -> row.accessedAt() == 0 ? null : row.accessedAt();
      default -> throw new IllegalArgumentException(column);
    };
  }
}
