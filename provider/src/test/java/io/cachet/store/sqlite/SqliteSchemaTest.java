package io.cachet.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.store.NamespaceRecord;
import io.cachet.store.StorageException;
import io.cachet.store.StoredRow;
import java.nio.file.Path;
import io.cachet.store.jdbc.EntryColumn;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema version in {@code PRAGMA user_version}: new databases get the current one, databases written before
 * versioning (none of them set it) are upgraded without losing a row, and a newer version is refused.
 */
class SqliteSchemaTest {
  // The schema as the release before versioning wrote it (commit 1db9f25), verbatim.
  private static final List<String> UNVERSIONED_SCHEMA = List.of(
      "CREATE TABLE IF NOT EXISTS entries ("
          + "namespace TEXT NOT NULL, cache_key TEXT NOT NULL, key_bytes BLOB NOT NULL, data_type TEXT NOT NULL, "
          + "prefix TEXT NOT NULL, file_size INTEGER NOT NULL, file_hash TEXT NOT NULL, object_type TEXT NOT NULL, "
          + "storage_format TEXT NOT NULL, serializer TEXT NOT NULL, compression_codec TEXT NOT NULL, "
          + "encryption TEXT, created_at INTEGER NOT NULL, expires_at INTEGER, entry_signature TEXT, blob_id TEXT, "
          + "accessed_at INTEGER NOT NULL, generation INTEGER, inline_value BLOB, PRIMARY KEY (namespace, cache_key))",
      "CREATE TABLE IF NOT EXISTS namespaces ("
          + "name TEXT NOT NULL PRIMARY KEY, id TEXT NOT NULL, created_at INTEGER NOT NULL, key_file TEXT, "
          + "key_id TEXT, signature TEXT, ledger INTEGER)",
      "CREATE TABLE IF NOT EXISTS ledgers (namespace TEXT NOT NULL PRIMARY KEY, generation INTEGER NOT NULL, "
          + "since INTEGER NOT NULL, live_rows INTEGER NOT NULL, digest TEXT, journal_hash TEXT, signature TEXT)",
      "CREATE TABLE IF NOT EXISTS ledger_journal (namespace TEXT NOT NULL, "
          + "generation INTEGER NOT NULL, cache_key TEXT NOT NULL, removed INTEGER NOT NULL, "
          + "PRIMARY KEY (namespace, generation)) WITHOUT ROWID",
      "CREATE INDEX IF NOT EXISTS entries_lru ON entries (namespace, accessed_at)",
      "CREATE INDEX IF NOT EXISTS entries_blob ON entries (namespace, blob_id) WHERE blob_id IS NOT NULL",
      "CREATE INDEX IF NOT EXISTS entries_expiry ON entries (namespace, expires_at) WHERE expires_at IS NOT NULL");

  @TempDir Path directory;

  private Path file() {
    return directory.resolve("cachet.db");
  }

  @Test
  void open_ofADatabaseWrittenBeforeVersioning_findsItsRows_andRecordsTheCurrentVersion() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA journal_mode = WAL");
      for (String ddl : UNVERSIONED_SCHEMA) {
        statement.executeUpdate(ddl);
      }
      statement.executeUpdate("INSERT INTO entries VALUES ('ns', 'k1', x'0102', 'object', 'ns', 3, 'h1', "
          + "'java.lang.String', 'inline', 'kryo5', 'none', 'none', 10, 99, 'v3:s1', NULL, 11, 7, x'070809')");
      statement.executeUpdate("INSERT INTO entries VALUES ('ns', 'k2', x'03', 'object', 'ns', 4, 'h2', "
          + "'java.lang.Long', 'blob', 'kryo5', 'none', 'none', 20, NULL, 'v3:s2', 'b2', 21, NULL, NULL)");
      statement.executeUpdate("INSERT INTO namespaces VALUES ('ns', 'id-ns', 5, 'k.bin', 'kid', 'sig', 1)");
      assertEquals(0, userVersion(statement), "the release before versioning leaves user_version unset");
    }

    try (SqliteEntryStore store = SqliteEntryStore.open(file(), false)) {
      StoredRow inline = store.get("ns", "k1");
      assertArrayEquals(new byte[] {1, 2}, inline.keyBytes());
      assertEquals("v3:s1", inline.entrySignature());
      assertEquals(99L, inline.expiresAt());
      assertEquals(7L, inline.generation());
      assertEquals(11, inline.accessedAt());
      assertArrayEquals(new byte[] {7, 8, 9}, inline.inlineValue());
      StoredRow blob = store.get("ns", "k2");
      assertEquals("b2", blob.blobId());
      assertNull(blob.expiresAt());
      assertNull(blob.generation());
      assertEquals(2, store.scan("ns").size());
      assertEquals(new NamespaceRecord("ns", "id-ns", 5, "k.bin", "kid", "sig", true), store.namespace("ns"));
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement statement = connection.createStatement()) {
      assertEquals(SqliteSchema.CURRENT_VERSION, userVersion(statement));
    }
  }

  @Test
  void open_ofAFirstReleaseEntriesTable_addsTheColumnsAddedSince_andKeepsItsRows() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("CREATE TABLE entries (namespace TEXT NOT NULL, cache_key TEXT NOT NULL, "
          + "key_bytes BLOB NOT NULL, data_type TEXT NOT NULL, prefix TEXT NOT NULL, file_size INTEGER NOT NULL, "
          + "file_hash TEXT NOT NULL, object_type TEXT NOT NULL, storage_format TEXT NOT NULL, "
          + "serializer TEXT NOT NULL, compression_codec TEXT NOT NULL, created_at INTEGER NOT NULL, "
          + "expires_at INTEGER, entry_signature TEXT, inline_value BLOB, blob_id TEXT, "
          + "accessed_at INTEGER NOT NULL, PRIMARY KEY (namespace, cache_key))");
      statement.executeUpdate("INSERT INTO entries VALUES ('ns', 'k', x'01', 'object', 'ns', 1, 'h', "
          + "'java.lang.String', 'inline', 'kryo5', 'none', 10, NULL, 'v1:s', x'05', NULL, 10)");
    }

    try (SqliteEntryStore store = SqliteEntryStore.open(file(), false)) {
      StoredRow row = store.get("ns", "k");
      assertEquals("v1:s", row.entrySignature());
      assertArrayEquals(new byte[] {5}, row.inlineValue());
      assertNull(row.encryption(), "a row written before the column existed");
      assertNull(row.generation(), "a row written before the column existed");
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement statement = connection.createStatement()) {
      assertTrue(columns(statement, "entries").containsAll(List.of("encryption", "generation")));
      assertEquals(SqliteSchema.CURRENT_VERSION, userVersion(statement));
    }
  }

  @Test
  void open_ofANewDatabase_createsTheEntriesTableFromItsColumnList_atTheCurrentVersion() throws Exception {
    SqliteEntryStore.open(file(), false).close();

    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement statement = connection.createStatement()) {
      List<String> expected = new ArrayList<>();
      for (EntryColumn column : EntryColumn.values()) {
        expected.add(column.sqlName());
      }
      assertEquals(expected, columns(statement, "entries"));
      assertEquals(SqliteSchema.CURRENT_VERSION, userVersion(statement));
    }
  }

  @Test
  void open_ofADatabaseOfANewerSchemaVersion_isRefused_andLeavesItsVersion() throws Exception {
    SqliteEntryStore.open(file(), false).close();
    int newer = SqliteSchema.CURRENT_VERSION + 1;
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("PRAGMA user_version = " + newer);
    }

    StorageException refused = assertThrows(StorageException.class, () -> SqliteEntryStore.open(file(), false));

    assertTrue(refused.getMessage().contains("schema version " + newer), refused.getMessage());
    assertTrue(refused.getMessage().contains("newer release"), refused.getMessage());
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement statement = connection.createStatement()) {
      assertEquals(newer, userVersion(statement));
    }
  }

  private static int userVersion(Statement statement) throws SQLException {
    try (ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
      return rs.getInt(1);
    }
  }

  private static List<String> columns(Statement statement, String table) throws SQLException {
    List<String> names = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (rs.next()) {
        names.add(rs.getString("name"));
      }
    }
    return names;
  }
}
