package io.cachet.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.store.CorruptDatabaseException;
import io.cachet.store.StorageException;
import io.cachet.store.StorageException.Kind;
import io.cachet.store.StoredRow;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;

/**
 * Real SQLite failures reach callers as a {@link StorageException} of the right kind, naming the operation,
 * namespace and file: a lock held by another connection, a full database, a damaged file, a closed store.
 */
class SqliteFailureKindTest {
  private static final String NS = "ns";

  @TempDir Path directory;
  private SqliteEntryStore store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  private Path file() {
    return directory.resolve("cachet.db");
  }

  private static StoredRow row(String key, int valueBytes) {
    return StoredRow.builder(NS, key).keyBytes(new byte[] {1}).dataType("object").prefix(NS).fileSize(valueBytes)
        .fileHash("h").objectType("byte[]").storageFormat(StoredRow.INLINE).serializer("kryo5")
        .compressionCodec("none").encryption("none").createdAt(10).entrySignature("sig")
        .inlineValue(new byte[valueBytes]).accessedAt(10).build();
  }

  @Test
  void write_whileAnotherConnectionHoldsTheWriteLock_isBusy_naming_operationNamespaceAndFile() throws Exception {
    store = SqliteEntryStore.open(file(), false, 100, UnaryOperator.identity());
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement statement = other.createStatement()) {
      statement.execute("BEGIN EXCLUSIVE");

      StorageException failure = assertThrows(StorageException.class, () -> store.upsert(row("k", 1), true));

      assertEquals(Kind.BUSY, failure.kind());
      assertEquals("write rows", failure.operation());
      assertEquals(Optional.of(NS), failure.namespace());
      assertEquals(Optional.of(file().toAbsolutePath()), failure.file());
      assertTrue(failure.getMessage().startsWith("Cannot write rows in namespace \"ns\" (" + file().toAbsolutePath()
          + "): "), failure.getMessage());
      assertTrue(failure.getMessage().contains("SQLITE_BUSY"), failure.getMessage());
      statement.execute("ROLLBACK");
    }
  }

  @Test
  void write_pastTheDatabasesSizeLimit_isFull() {
    store = SqliteEntryStore.open(file(), false, 10_000, connection -> {
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA max_page_count = 12");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      return connection;
    });

    StorageException failure = assertThrows(StorageException.class, () -> store.upsert(row("big", 200_000), true));

    assertEquals(Kind.FULL, failure.kind());
    assertTrue(failure.getMessage().contains("SQLITE_FULL"), failure.getMessage());
  }

  @Test
  void open_ofAFileWhoseHeaderWasOverwritten_isCorrupt() throws IOException {
    SqliteEntryStore written = SqliteEntryStore.open(file(), false);
    written.upsert(row("k", 10), true);
    written.close();
    try (FileChannel channel = FileChannel.open(file(), StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap("not a database!!".getBytes(StandardCharsets.US_ASCII)), 0);
    }

    CorruptDatabaseException failure =
        assertThrows(CorruptDatabaseException.class, () -> SqliteEntryStore.open(file(), false));

    assertEquals(Kind.CORRUPT, failure.kind());
    assertEquals(Optional.of(file().toAbsolutePath()), failure.file());
    assertTrue(failure.damage().contains("SQLITE_NOTADB"), failure.damage());
  }

  @Test
  void readsAndWrites_afterClose_areClosed() {
    store = SqliteEntryStore.open(file(), false);
    store.close();

    StorageException read = assertThrows(StorageException.class, () -> store.get(NS, "k"));
    StorageException write = assertThrows(StorageException.class, () -> store.upsert(row("k", 1), true));

    assertEquals(Kind.CLOSED, read.kind());
    assertEquals("read a row", read.operation());
    assertEquals(Kind.CLOSED, write.kind());
    assertTrue(write.getMessage().endsWith(": the entry store is closed"), write.getMessage());
  }

  @Test
  void write_refusedAsReadOnly_isAnIoFailure() throws SQLException {
    List<Connection> opened = new CopyOnWriteArrayList<>();
    store = SqliteEntryStore.open(file(), false, 10_000, connection -> {
      opened.add(connection);
      return connection;
    });
    for (Connection connection : opened) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA query_only = 1");
      }
    }

    StorageException failure = assertThrows(StorageException.class, () -> store.upsert(row("k", 1), true));

    assertEquals(Kind.IO, failure.kind());
    assertTrue(failure.getMessage().contains("SQLITE_READONLY"), failure.getMessage());
  }

  @Test
  void extendedResultCodes_areClassifiedByTheirPrimaryCode() {
    assertEquals(Kind.BUSY, SqliteFailures.kind(SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT));
    assertEquals(Kind.BUSY, SqliteFailures.kind(SQLiteErrorCode.SQLITE_LOCKED_SHAREDCACHE));
    assertEquals(Kind.CORRUPT, SqliteFailures.kind(SQLiteErrorCode.SQLITE_CORRUPT_VTAB));
    assertEquals(Kind.CORRUPT, SqliteFailures.kind(SQLiteErrorCode.SQLITE_NOTADB));
    assertEquals(Kind.FULL, SqliteFailures.kind(SQLiteErrorCode.SQLITE_FULL));
    assertEquals(Kind.IO, SqliteFailures.kind(SQLiteErrorCode.SQLITE_IOERR_WRITE));
    assertEquals(Kind.IO, SqliteFailures.kind(SQLiteErrorCode.SQLITE_READONLY));
  }
}
