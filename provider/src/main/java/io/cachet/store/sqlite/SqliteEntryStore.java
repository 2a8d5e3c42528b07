package io.cachet.store.sqlite;

import io.cachet.store.CorruptDatabaseException;
import io.cachet.store.Displaced;
import io.cachet.store.EntryStore;
import io.cachet.store.Ledger;
import io.cachet.store.NamespaceRecord;
import io.cachet.store.RowVersion;
import io.cachet.store.StorageException;
import io.cachet.store.StoredRow;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * {@link EntryStore} on one SQLite file: each operation is a transaction ({@link SqliteTransactions}) of
 * statements on the entries, namespaces and ledger tables ({@link EntriesTable}, {@link NamespacesTable},
 * {@link LedgerTables}), in a database file checked at open ({@link SqliteDatabaseFile}) whose schema is
 * brought to the current version ({@link SqliteSchema}).
 *
 * <p>A database whose directory is not writable (a read-only file system, or no write permission) is opened
 * read-only: reads work, every write fails with {@code SQLITE_READONLY}, until it is reopened.
 */
public final class SqliteEntryStore implements EntryStore {
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

  private final SqliteDatabaseFile database;
  private final SqliteTransactions transactions;
  private final LedgeredWrites ledgered;
  private final boolean readOnly;

  private SqliteEntryStore(SqliteDatabaseFile database, SqliteTransactions transactions, boolean readOnly) {
    this.database = database;
    this.transactions = transactions;
    this.ledgered = new LedgeredWrites(transactions);
    this.readOnly = readOnly;
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
      transactions = new SqliteTransactions(database, database.writer(), database.reader());
      SqliteSchema.migrate(transactions);
      database.opened(damageWasReported);
      return new SqliteEntryStore(database, transactions, false);
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

  /** Opens a database in a directory this process cannot write, for reads only: {@link SqliteDatabaseFile#readOnly}. */
  private static SqliteEntryStore openReadOnly(SqliteDatabaseFile database, Exception writable) {
    try {
      ReaderPool.Opener opener = database.readOnly(writable);
      SqliteEntryStore store = new SqliteEntryStore(database, new SqliteTransactions(database, opener, opener), true);
      database.openedReadOnly();
      LOG.log(Level.WARNING, "The directory of SQLite database " + database.path() + " is not writable: opened "
          + "read-only, every write will fail until it is reopened writable (" + writable.getMessage() + ")");
      return store;
    } catch (IOException | SQLException e) {
      e.addSuppressed(writable);
      throw StorageException.of(SqliteFailures.kind(e), OPEN + " read-only").file(database.path()).because(e);
    }
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

  @Override
  public Lookup lookup(String namespace, String cacheKey) {
    boolean ledgered = this.ledgered.keeps(namespace);
    return transactions.read("read a row", namespace, session -> {
      PreparedStatement select = session.statement(ledgered ? EntriesTable.SELECT_ROW_AND_LEDGER
          : EntriesTable.SELECT_ROW);
      select.setString(1, namespace);
      select.setString(2, cacheKey);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? new Lookup(EntriesTable.row(rs, namespace, cacheKey, 0), ledgerGeneration(rs, ledgered))
            : new Lookup(null, -1);
      }
    });
  }

  @Override
  public LookupAll lookupAll(String namespace, Collection<String> cacheKeys) {
    // One read transaction for all keys: one snapshot, and the locks taken once instead of per key.
    boolean ledgered = this.ledgered.keeps(namespace);
    return transactions.readInTransaction("read rows", namespace, session -> {
      Map<String, StoredRow> rows = new HashMap<>();
      long ledgerGeneration = -1;
      PreparedStatement select = session.statement(ledgered ? EntriesTable.SELECT_ROW_AND_LEDGER
          : EntriesTable.SELECT_ROW);
      for (String cacheKey : cacheKeys) {
        select.setString(1, namespace);
        select.setString(2, cacheKey);
        try (ResultSet rs = select.executeQuery()) {
          if (rs.next()) {
            rows.put(cacheKey, EntriesTable.row(rs, namespace, cacheKey, 0));
            ledgerGeneration = ledgerGeneration(rs, ledgered);
          }
        }
      }
      return new LookupAll(rows, ledgerGeneration);
    });
  }

  /**
   * The ledger's generation from {@link EntriesTable#SELECT_ROW_AND_LEDGER}, or -1 if the namespace keeps none
   * (then the plain {@link EntriesTable#SELECT_ROW} was run, and reads pay nothing for ledgers).
   */
  private static long ledgerGeneration(ResultSet rs, boolean ledgered) throws SQLException {
    if (!ledgered) {
      return -1;
    }
    Long generation = EntriesTable.nullableLong(rs, EntriesTable.LEDGER_GENERATION_COLUMN);
    return generation == null ? -1 : generation;
  }

  @Override
  public Map<String, StoredRow> upsertAll(String namespace,
      Map<String, ? extends UnaryOperator<StoredRow>> replacements, boolean recordAccess) {
    return ledgered.write("write rows", namespace, (session, ledger) -> {
      PreparedStatement upsert = session.statement(recordAccess ? EntriesTable.REPLACE_ROW
          : EntriesTable.UPDATE_ROW_IN_PLACE);
      Map<String, StoredRow> replaced = new HashMap<>();
      for (Map.Entry<String, ? extends UnaryOperator<StoredRow>> replacement : replacements.entrySet()) {
        String cacheKey = replacement.getKey();
        StoredRow current = EntriesTable.currentRow(session, namespace, cacheKey);
        StoredRow row = replacement.getValue().apply(current);
        if (row != null) {
          if (!row.namespace().equals(namespace) || !row.cacheKey().equals(cacheKey)) {
            throw new IllegalArgumentException("The replacement of a row must keep its namespace and key");
          }
          EntriesTable.bind(upsert, row);
          upsert.executeUpdate();
          if (current != null) {
            ledger.removed(cacheKey, current.generation(), current.entrySignature());
          }
          ledger.written(cacheKey, row.generation(), row.entrySignature());
        }
        if (current != null) {
          replaced.put(cacheKey, current);
        }
      }
      return replaced;
    });
  }

  @Override
  public Displaced delete(String namespace, String cacheKey) {
    return freeingSpace(() -> ledgered.write("delete a row", namespace, (session, ledger) ->
        EntriesTable.deleteRow(session, session.statement(EntriesTable.SELECT_BLOB), namespace, cacheKey, ledger)));
  }

  @Override
  public Displaced deleteIfVersion(String namespace, String cacheKey, RowVersion expected) {
    return freeingSpace(() -> ledgered.write("delete a row", namespace, (session, ledger) -> {
      PreparedStatement select = session.statement(EntriesTable.SELECT_BLOB_IF_VERSION);
      EntriesTable.bindVersion(select, 3, expected);
      return EntriesTable.deleteRow(session, select, namespace, cacheKey, ledger);
    }));
  }

  /** Runs a delete; if the disk is too full for it, frees the space held for deletes and tries once more. */
  private <T> T freeingSpace(Supplier<T> delete) {
    try {
      return delete.get();
    } catch (StorageException e) {
      if (e.kind() != StorageException.Kind.FULL || !database.releaseReserve()) {
        throw e;
      }
      LOG.log(Level.WARNING, "The disk of {0} is full: released the space held for deletes, which the next open "
          + "takes again", database.path());
      return delete.get();
    }
  }

  @Override
  public boolean updateExpiryIfVersion(String namespace, String cacheKey, RowVersion expected,
      Long expiresAt, UnaryOperator<StoredRow> reseal) {
    return ledgered.write("update an expiry time", namespace, (session, ledger) -> {
      StoredRow current = EntriesTable.currentRow(session, namespace, cacheKey);
      if (current == null || !current.version().equals(expected)) {
        return false;
      }
      StoredRow resealed = reseal.apply(current.withExpiresAt(expiresAt));
      if (resealed == null) {
        return false;
      }
      PreparedStatement update = session.statement(EntriesTable.UPDATE_EXPIRY);
      EntryColumn.setLong(update, 1, resealed.expiresAt());
      EntryColumn.setLong(update, 2, resealed.generation());
      update.setString(3, resealed.entrySignature());
      update.setString(4, namespace);
      update.setString(5, cacheKey);
      EntriesTable.bindVersion(update, 6, expected);
      if (update.executeUpdate() != 1) {
        return false;
      }
      ledger.removed(cacheKey, current.generation(), current.entrySignature());
      ledger.written(cacheKey, resealed.generation(), resealed.entrySignature());
      return true;
    });
  }

  @Override
  public void keepLedger(String namespace, Ledger ledger) {
    ledgered.keep(namespace, ledger);
  }

  @Override
  public void audit(String namespace, Ledger.Audit audit) {
    SqliteTransactions.Work<Void> work = session -> {
      try (LedgerTables.Reads reads = new LedgerTables.Reads(session, namespace)) {
        Ledger.Update update = audit.audit(LedgerTables.read(session, namespace), reads);
        if (update != null && !readOnly) {
          LedgerTables.store(session, namespace, update);
        }
      }
      return null;
    };
    if (readOnly) {
      transactions.readInTransaction("audit a namespace", namespace, work);
    } else {
      transactions.write("audit a namespace", namespace, work);
    }
  }

  @Override
  public <T> T readLedger(String namespace, Ledger.Reader<T> reader) {
    return transactions.readInTransaction("read a ledger", namespace, session -> {
      try (LedgerTables.Reads reads = new LedgerTables.Reads(session, namespace)) {
        return reader.read(LedgerTables.read(session, namespace), reads);
      }
    });
  }

  @Override
  public List<String> deleteAll(String namespace) {
    return ledgered.write("clear a namespace", namespace, (session, ledger) -> {
      ledger.cleared();
      return EntriesTable.deleteRows(session, namespace);
    });
  }

  @Override
  public List<StoredRow> scan(String namespace) {
    return transactions.read("scan a namespace", namespace, session -> {
      PreparedStatement scan = session.statement(EntriesTable.SCAN);
      scan.setString(1, namespace);
      return rowsOf(scan, namespace);
    });
  }

  @Override
  public List<StoredRow> expired(String namespace, long now, int limit) {
    return transactions.read("find expired rows", namespace, session -> {
      PreparedStatement select = session.statement(EntriesTable.EXPIRED);
      select.setString(1, namespace);
      select.setLong(2, now);
      select.setInt(3, limit);
      return rowsOf(select, namespace);
    });
  }

  /** The rows of the namespace a {@link EntriesTable#SCAN} query returns: the cache key, then the row. */
  private static List<StoredRow> rowsOf(PreparedStatement query, String namespace) throws SQLException {
    List<StoredRow> rows = new ArrayList<>();
    try (ResultSet rs = query.executeQuery()) {
      while (rs.next()) {
        rows.add(EntriesTable.row(rs, namespace, rs.getString(1), 1));
      }
    }
    return rows;
  }

  @Override
  public boolean blobReferenced(String namespace, String blobId) {
    return transactions.read("look up a blob", namespace, session -> {
      PreparedStatement select = session.statement(EntriesTable.BLOB_REFERENCED);
      select.setString(1, namespace);
      select.setString(2, blobId);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    });
  }

  @Override
  public NamespaceRecord namespace(String name) {
    return transactions.read("read a namespace", name, session -> {
      PreparedStatement select = session.statement(NamespacesTable.SELECT);
      select.setString(1, name);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? NamespacesTable.record(rs) : null;
      }
    });
  }

  @Override
  public boolean insertNamespace(NamespaceRecord record) {
    return transactions.write("record a namespace", record.name(),
        session -> NamespacesTable.write(session.statement(NamespacesTable.INSERT), record));
  }

  @Override
  public void replaceNamespace(NamespaceRecord record) {
    transactions.write("record a namespace", record.name(),
        session -> NamespacesTable.write(session.statement(NamespacesTable.REPLACE), record));
  }

  @Override
  public List<NamespaceRecord> namespaces() {
    return transactions.read("list namespaces", null, session -> {
      List<NamespaceRecord> records = new ArrayList<>();
      try (ResultSet rs = session.statement(NamespacesTable.SELECT_ALL).executeQuery()) {
        while (rs.next()) {
          records.add(NamespacesTable.record(rs));
        }
      }
      return records;
    });
  }

  @Override
  public List<String> deleteNamespace(String name) {
    return ledgered.write("delete a namespace", name, (session, ledger) -> {
      ledger.cleared();
      List<String> blobIds = EntriesTable.deleteRows(session, name);
      PreparedStatement delete = session.statement(NamespacesTable.DELETE);
      delete.setString(1, name);
      delete.executeUpdate();
      return blobIds;
    });
  }

  @Override
  public boolean keyFileSigns(String keyFile) {
    return transactions.read("inspect the database", null, session -> {
      PreparedStatement select = session.statement(EntriesTable.KEY_FILE_SIGNS);
      select.setString(1, keyFile);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    });
  }

  @Override
  public void touch(String namespace, String cacheKey, long accessedAt) {
    transactions.write("record an access", namespace, session -> {
      PreparedStatement update = session.statement(EntriesTable.TOUCH);
      update.setLong(1, accessedAt);
      update.setString(2, namespace);
      update.setString(3, cacheKey);
      return update.executeUpdate();
    });
  }

  @Override
  public List<Displaced> evict(String namespace, long maxEntries, long maxBytes, String keep) {
    return ledgered.write("evict entries", namespace, (session, ledger) -> {
      PreparedStatement usage = session.statement(EntriesTable.USAGE);
      usage.setString(1, namespace);
      long entries;
      long bytes;
      try (ResultSet rs = usage.executeQuery()) {
        rs.next();
        entries = rs.getLong(1);
        bytes = rs.getLong(2);
      }
      List<Displaced> evicted = new ArrayList<>();
      if (within(entries, maxEntries) && within(bytes, maxBytes)) {
        return evicted;
      }
      PreparedStatement select = session.statement(EntriesTable.LEAST_RECENTLY_USED);
      select.setString(1, namespace);
      select.setString(2, keep);
      List<String> victims = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next() && !(within(entries, maxEntries) && within(bytes, maxBytes))) {
          victims.add(rs.getString(1));
          entries--;
          bytes -= rs.getLong(2);
          evicted.add(new Displaced(true, rs.getString(3)));
          ledger.removed(rs.getString(1), EntriesTable.nullableLong(rs, 4), rs.getString(5));
        }
      }
      for (String cacheKey : victims) {
        EntriesTable.deleteRow(session, namespace, cacheKey);
      }
      return evicted;
    });
  }

  private static boolean within(long amount, long limit) {
    return limit == 0 || amount <= limit;
  }

  @Override
  public void close() {
    transactions.close();
  }
}
