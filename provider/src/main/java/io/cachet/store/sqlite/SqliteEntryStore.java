package io.cachet.store.sqlite;

import io.cachet.store.CorruptDatabaseException;
import io.cachet.store.StorageException;
import io.cachet.store.jdbc.JdbcEntryStore;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@link io.cachet.store.EntryStore} on one SQLite file: the {@link JdbcEntryStore} in SQLite's dialect
 * ({@link SqliteDialect}), each operation a transaction on a single writer or a pooled reader
 * ({@link SqliteTransactions}), in a database file checked at open ({@link SqliteDatabaseFile}) whose schema is
 * brought to the current version ({@link SqliteSchema}).
 *
 * <p>A database whose directory is not writable (a read-only file system, or no write permission) is opened
 * read-only: reads work, every write fails with {@code SQLITE_READONLY}, until it is reopened.
 */
public final class SqliteEntryStore extends JdbcEntryStore {
  /**
   * Databases up to this size are checked whole ({@code PRAGMA quick_check}) at every open; larger ones only
   * after a run met damage in them.
   *
   * <p>The check reads every page, about 1 ms per MB on a warm file system cache (opening a 10,000-entry,
   * 7.2 MB database: 1.6 ms without it, 7.9 ms with it; 100,000 entries, 72 MB: 1.8 ms and 77 ms), and as long
   * as reading the whole file takes on a cold disk. Up to this size that is a few tens of milliseconds per open.
   * Beyond it every open would pay, in proportion to the data, for damage that may never matter: SQLite checks
   * each page's structure when it reads it, so damage is reported at the first read that meets it, naming the
   * file, and that read leaves the damage report that makes the next open check the whole file, whatever its
   * size. A damaged value inside an intact page is the seal's to find: it fails its hash. An unclean stop is no
   * reason to check: WAL commits survive a crash intact, which the crash harness verifies after every kill.
   */
  static final long QUICK_CHECK_MAX_BYTES = 64L * 1024 * 1024;

  private static final System.Logger LOG = System.getLogger(SqliteEntryStore.class.getName());
  private static final int BUSY_TIMEOUT_MILLIS = 10_000;
  private static final String OPEN = "open SQLite database";

  private SqliteEntryStore(SqliteTransactions transactions) {
    super(transactions, SqliteDialect.INSTANCE);
  }

  /**
   * Opens (creating if needed) the database file, after checking that an existing one is intact: a whole
   * number of pages, a database header, a readable schema, and, up to {@link #QUICK_CHECK_MAX_BYTES} or after
   * a run met damage in it, {@code PRAGMA quick_check}. Nothing is written to a file that fails a check. A
   * database whose directory is not writable is opened read-only.
   *
   * @param fullSync whether commits are fsynced ({@code synchronous=FULL}) rather than only ordered
   * @throws CorruptDatabaseException if the file is not an intact database
   * @throws StorageException if the file cannot be opened or its schema created, or a newer release wrote it
   */
  public static SqliteEntryStore open(Path file, boolean fullSync) {
    return open(file, fullSync, QUICK_CHECK_MAX_BYTES, BUSY_TIMEOUT_MILLIS, UnaryOperator.identity());
  }

  /** As {@link #open(Path, boolean)}, checking whole databases up to the given size. */
  static SqliteEntryStore open(Path file, boolean fullSync, long quickCheckMaxBytes) {
    return open(file, fullSync, quickCheckMaxBytes, BUSY_TIMEOUT_MILLIS, UnaryOperator.identity());
  }

  /**
   * {@link #open(Path, boolean)} waiting at most {@code busyTimeoutMillis} for another connection's lock, with
   * every connection it opens passed through {@code connections}: the seam of the lock and fault tests.
   */
  static SqliteEntryStore open(Path file, boolean fullSync, int busyTimeoutMillis,
      UnaryOperator<Connection> connections) {
    return open(file, fullSync, QUICK_CHECK_MAX_BYTES, busyTimeoutMillis, connections);
  }

  private static SqliteEntryStore open(Path file, boolean fullSync, long quickCheckMaxBytes, int busyTimeoutMillis,
      UnaryOperator<Connection> connections) {
    SqliteDatabaseFile database =
        new SqliteDatabaseFile(file.toAbsolutePath(), fullSync, busyTimeoutMillis, connections);
    SqliteTransactions transactions = null;
    try {
      boolean damageWasReported = database.requireIntact(quickCheckMaxBytes);
      transactions = new SqliteTransactions(database, database.writer(), database.reader(), false);
      SqliteSchema.migrate(transactions);
      database.opened(damageWasReported);
      return new SqliteEntryStore(transactions);
    } catch (SQLException | IOException | RuntimeException e) {
      if (transactions != null) {
        transactions.close();
      }
      if (e instanceof CorruptDatabaseException corrupt) {
        throw corrupt;
      }
      if (SqliteFailures.isCorruption(e)) {
        throw new CorruptDatabaseException(OPEN, database.path(), SqliteFailures.sqliteReport(e), e);
      }
      if (database.inReadOnlyDirectory()) {
        return openReadOnly(database, e);
      }
      throw StorageException.of(SqliteFailures.kind(e), OPEN).file(database.path())
          .because(e.getMessage() + database.atFault(), e);
    }
  }

  /**
   * Opens an existing database for reads only, for an operator's tool running beside the applications that write
   * it: every connection is read-only, nothing is created, checked at open or migrated, and every write fails.
   *
   * @throws StorageException if the file cannot be opened
   */
  public static SqliteEntryStore openForReading(Path file) {
    SqliteDatabaseFile database =
        new SqliteDatabaseFile(file.toAbsolutePath(), false, BUSY_TIMEOUT_MILLIS, UnaryOperator.identity());
    try {
      ReaderPool.Opener opener = database.forReading();
      SqliteEntryStore store = new SqliteEntryStore(new SqliteTransactions(database, opener, opener, true));
      database.openedReadOnly();
      return store;
    } catch (SQLException | RuntimeException e) {
      if (SqliteFailures.isCorruption(e)) {
        throw new CorruptDatabaseException(OPEN + " for reading", database.path(), SqliteFailures.sqliteReport(e), e);
      }
      throw StorageException.of(SqliteFailures.kind(e), OPEN + " for reading").file(database.path()).because(e);
    }
  }

  /** Opens a database in a directory this process cannot write, for reads only: {@link SqliteDatabaseFile#readOnly}. */
  private static SqliteEntryStore openReadOnly(SqliteDatabaseFile database, Exception writable) {
    try {
      SqliteEntryStore store = readOnly(database, writable);
      LOG.log(Level.WARNING, "The directory of SQLite database " + database.path() + " is not writable: opened "
          + "read-only, every write will fail until it is reopened writable (" + writable.getMessage() + ")");
      return store;
    } catch (IOException | SQLException e) {
      e.addSuppressed(writable);
      throw StorageException.of(SqliteFailures.kind(e), OPEN + " read-only").file(database.path()).because(e);
    }
  }

  /**
   * Opens an existing database read-only, as {@link #open(Path, boolean)} does where its directory is not
   * writable, whatever the directory: the seam of the read-only tests (root writes whatever the permissions).
   */
  static SqliteEntryStore openReadOnly(Path file) throws IOException, SQLException {
    return readOnly(new SqliteDatabaseFile(file.toAbsolutePath(), false, BUSY_TIMEOUT_MILLIS,
        UnaryOperator.identity()), new IOException("a read-only open was asked for"));
  }

  private static SqliteEntryStore readOnly(SqliteDatabaseFile database, Exception writable)
      throws IOException, SQLException {
    ReaderPool.Opener opener = database.readOnly(writable);
    SqliteEntryStore store = new SqliteEntryStore(new SqliteTransactions(database, opener, opener, true));
    database.openedReadOnly();
    return store;
  }

  /**
   * Whether a file or directory is in the way of {@link #moveAside} to this target: the target or one of the
   * names derived from it exists.
   */
  public static boolean cannotMoveAside(Path target) {
    return SqliteDatabaseFile.cannotMoveAside(target);
  }

  /**
   * Renames a database file, and those of its companions that exist (write-ahead log, shared-memory index,
   * rollback journal, damage report), to {@code target} and the names SQLite derives from it, so that the
   * moved database opens with its own log. Nothing is deleted or replaced. Call it only while no connection,
   * in any process, has the database open.
   *
   * @param target a path in the same directory
   * @return the paths the files now have
   * @throws StorageException naming what was already moved, if a rename fails
   */
  public static List<Path> moveAside(Path file, Path target) {
    return SqliteDatabaseFile.moveAside(file, target);
  }

  /** The files SQLite opens beside the database: its write-ahead log, shared-memory index and rollback journal. */
  public static List<Path> companions(Path file) {
    return SqliteDatabaseFile.companions(file);
  }
}
