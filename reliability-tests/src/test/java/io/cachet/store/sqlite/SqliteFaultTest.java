package io.cachet.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.store.StorageException;
import io.cachet.store.StoredRow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;

/**
 * SQL-level faults inside the real {@link SqliteEntryStore}: statements of its own transactions (BEGIN,
 * COMMIT, ROLLBACK, the selects of a read transaction) fail as a full disk, an I/O error or a lock would
 * make them, and the store must neither lose a row nor stay broken: the next operation succeeds and sees the
 * latest data, and the write lock is not left held against other connections.
 */
class SqliteFaultTest {
  private static final String NS = "ns";
  private static int injected;
  private static int lost;
  private static int corrupt;

  @TempDir Path directory;
  private SqliteEntryStore store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  @AfterAll
  static void summary() {
    System.out.println("FAULTS SqliteFaultTest injected=" + injected + " lost=" + lost + " corrupt=" + corrupt);
  }

  private SqliteEntryStore open(FailingConnections connections, int busyTimeoutMillis) {
    store = SqliteEntryStore.open(directory.resolve("cachet.db"), false, busyTimeoutMillis, connections);
    return store;
  }

  private static StoredRow row(String key, int value) {
    return StoredRow.builder(NS, key).keyBytes(new byte[] {1}).dataType("object").prefix(NS).fileSize(1)
        .fileHash("h").objectType("java.lang.Integer").storageFormat(StoredRow.INLINE).serializer("kryo5")
        .compressionCodec("none").encryption("none").createdAt(10).entrySignature("sig-" + value)
        .inlineValue(new byte[] {(byte) value}).accessedAt(10).build();
  }

  /** Asserts the row under the key holds the value, counting a missing row as lost and a wrong one as corrupt. */
  private void assertValue(String key, int expected) {
    StoredRow row = store.get(NS, key);
    if (row == null) {
      lost++;
    } else if (row.inlineValue()[0] != expected) {
      corrupt++;
    }
    assertEquals(expected, row == null ? null : (int) row.inlineValue()[0], "the value under " + key);
  }

  @Test
  void write_afterCommitAndRollbackBothFailed_succeeds_andTheFailedWriteLeftNothing() throws Exception {
    FailingConnections connections = new FailingConnections();
    open(connections, 10_000).upsert(row("kept", 1), true);
    connections.fail("COMMIT", SQLiteErrorCode.SQLITE_IOERR, 1).fail("ROLLBACK", SQLiteErrorCode.SQLITE_IOERR, 1);

    StorageException failure = assertThrows(StorageException.class, () -> store.upsert(row("failed", 2), true));
    assertTrue(failure.getMessage().contains("SQLITE_IOERR"), failure.getMessage());
    injected += connections.injected();

    // The connection was left inside the transaction; without recovery every later BEGIN fails on it, and
    // the lock it holds keeps every other connection from writing.
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("cachet.db"));
        Statement statement = other.createStatement()) {
      statement.execute("PRAGMA busy_timeout = 200");
      statement.execute("BEGIN IMMEDIATE");
      statement.execute("ROLLBACK");
    }
    store.upsert(row("next", 3), true);
    assertValue("kept", 1);
    assertValue("next", 3);
    assertNull(store.get(NS, "failed"), "the write whose commit failed was rolled back");
  }

  @Test
  void write_afterCommitFailedAndTheRollbackWorked_succeeds() {
    FailingConnections connections = new FailingConnections();
    open(connections, 10_000).upsert(row("kept", 1), true);
    connections.fail("COMMIT", SQLiteErrorCode.SQLITE_FULL, 1);

    StorageException failure = assertThrows(StorageException.class, () -> store.upsert(row("failed", 2), true));
    assertTrue(failure.getMessage().contains("SQLITE_FULL"), failure.getMessage());
    injected += connections.injected();

    store.upsert(row("kept", 4), true);
    assertValue("kept", 4);
    assertNull(store.get(NS, "failed"));
  }

  @Test
  void read_afterAReadTransactionFailedHalfway_seesLaterWrites() {
    FailingConnections connections = new FailingConnections();
    open(connections, 10_000).upsert(row("k", 1), true);
    // getAll's read transaction: its select fails, then so does the ROLLBACK that would end it.
    connections.fail("SELECT (CASE WHEN octet_length(key_bytes)", SQLiteErrorCode.SQLITE_IOERR, 1)
        .fail("ROLLBACK", SQLiteErrorCode.SQLITE_IOERR, 1);

    assertThrows(StorageException.class, () -> store.getAll(NS, List.of("k")));
    injected += connections.injected();

    // A connection left inside that transaction would take its snapshot at its next read and keep it.
    assertValue("k", 1);
    store.upsert(row("k", 2), true);
    assertValue("k", 2);
    store.upsert(row("k", 3), true);
    assertValue("k", 3);
    assertEquals(3, store.getAll(NS, List.of("k")).get("k").inlineValue()[0]);
  }

  @Test
  void write_waitsOutAShortLock_failsClearlyAfterTheBusyTimeout_andSucceedsOnceReleased() throws Exception {
    open(new FailingConnections(), 300).upsert(row("k", 1), true);
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("cachet.db"));
        Statement statement = other.createStatement()) {
      statement.execute("BEGIN EXCLUSIVE");
      long start = System.nanoTime();
      StorageException failure = assertThrows(StorageException.class, () -> store.upsert(row("k", 2), true));
      long waitedMillis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(failure.getMessage().contains("SQLITE_BUSY"), failure.getMessage());
      assertTrue(waitedMillis >= 250, "waited " + waitedMillis + " ms for the lock");
      // WAL: readers are not blocked by a writer's lock.
      assertValue("k", 1);
      statement.execute("ROLLBACK");
    }
    store.upsert(row("k", 2), true);
    assertValue("k", 2);
  }

  @Test
  void write_afterAStatementReallyFailed_succeeds() throws Exception {
    // A real SQLITE_FULL at the statement: the database may not grow past a few pages. sqlite-jdbc finalizes
    // a statement whose step fails this way, so a connection that caches it must not reuse it.
    UnaryOperator<Connection> smallDatabase = connection -> {
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA max_page_count = 12");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      return connection;
    };
    store = SqliteEntryStore.open(directory.resolve("cachet.db"), false, 10_000, smallDatabase);
    store.upsert(row("kept", 1), true);
    StoredRow big = row("big", 0).toBuilder().objectType("byte[]").entrySignature("sig")
        .inlineValue(new byte[200_000]).build();

    StorageException failure = assertThrows(StorageException.class, () -> store.upsert(big, true));
    assertTrue(failure.getMessage().contains("SQLITE_FULL"), failure.getMessage());
    injected++;

    store.upsert(row("next", 2), true);
    store.upsert(row("kept", 3), true);
    assertValue("kept", 3);
    assertValue("next", 2);
    assertNull(store.get(NS, "big"));
  }

  @Test
  void write_afterAStatementWasRefusedWhileItsTransactionLived_succeeds() throws Exception {
    // A real SQLITE_READONLY at the statement, the transaction still open, as on a database that turned
    // read-only: sqlite-jdbc finalizes a statement whose step fails so, and a session that cached it and
    // kept its connection would fail every later write with "statement is not executing".
    List<Connection> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
    store = SqliteEntryStore.open(directory.resolve("cachet.db"), false, 10_000, connection -> {
      opened.add(connection);
      return connection;
    });
    store.upsert(row("kept", 1), true);
    setQueryOnly(opened, true);

    StorageException failure = assertThrows(StorageException.class, () -> store.upsert(row("kept", 2), true));
    assertTrue(failure.getMessage().contains("SQLITE_READONLY"), failure.getMessage());
    injected++;

    setQueryOnly(opened, false);
    store.upsert(row("kept", 3), true);
    assertValue("kept", 3);
  }

  private static void setQueryOnly(List<Connection> connections, boolean on) throws SQLException {
    for (Connection connection : connections) {
      if (!connection.isClosed()) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("PRAGMA query_only = " + on);
        }
      }
    }
  }
}
