package io.cachet.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.cachet.store.Displaced;
import io.cachet.store.EntryStore;
import io.cachet.store.Ledger;
import io.cachet.store.NamespaceRecord;
import io.cachet.store.RowVersion;
import io.cachet.store.StorageException;
import io.cachet.store.StoredRow;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * {@link EntryStore} on a PostgreSQL schema shared by every host: each operation is a transaction
 * ({@link PostgresTransactions}) of statements on the entries, namespaces and ledger tables ({@link EntriesTable},
 * {@link NamespacesTable}, {@link LedgerTables}), in a schema brought to the current version at open
 * ({@link PostgresSchema}).
 *
 * <p>Each write takes the advisory lock of every key it reads and writes, in ascending order of the locks' ids,
 * before reading: so no other writer, on any host, comes between its read and its write, also for a key that has
 * no row yet, and two writers of several keys never deadlock.
 */
public final class PostgresEntryStore implements EntryStore {
  private static final String OPEN = "open the PostgreSQL store";
  // Eviction candidates are fetched this many at a time: a namespace can hold many more than it evicts.
  private static final int EVICTION_FETCH_SIZE = 100;

  private final PostgresTransactions transactions;
  private final LedgeredWrites ledgered;

  private PostgresEntryStore(PostgresTransactions transactions) {
    this.transactions = transactions;
    this.ledgered = new LedgeredWrites(transactions);
  }

  /**
   * Opens a pool of connections to the database, creates the schema and its tables if missing and brings them to
   * the current version. The pool is closed again if any of that fails.
   *
   * @param settings where the database is, and the schema and pool size
   * @return the open store; closing it closes its pool
   *
   * @throws StorageException if the database cannot be reached or the schema created, or a newer release of
   *     Cachet wrote the schema
   */
  public static PostgresEntryStore open(PostgresSettings settings) {
    HikariDataSource pool;
    try {
      pool = PostgresPool.open(settings, "store");
    } catch (SQLException e) {
      throw PostgresFailures.failure(OPEN + " at " + settings.displayUrl(), null, e, settings.password());
    }
    PostgresTransactions transactions = new PostgresTransactions(pool, settings);
    try {
      PostgresSchema.migrate(transactions, settings.schema());
      return new PostgresEntryStore(transactions);
    } catch (RuntimeException e) {
      transactions.close();
      throw e;
    }
  }

  @Override
  public Lookup lookup(String namespace, String cacheKey) {
    boolean ledgered = this.ledgered.keeps(namespace);
    return transactions.autocommit("read a row", namespace, session -> {
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
    boolean ledgered = this.ledgered.keeps(namespace);
    return transactions.readSnapshot("read rows", namespace, session -> {
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

  /** The ledger's generation from {@link EntriesTable#SELECT_ROW_AND_LEDGER}, or -1 if the namespace keeps none. */
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
      List<String> lockOrder = new ArrayList<>(replacements.keySet());
      lockOrder.sort(Comparator.comparingLong(cacheKey -> session.rowLockId(namespace, cacheKey)));
      for (String cacheKey : lockOrder) {
        session.lockRow(namespace, cacheKey);
      }
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
    return ledgered.write("delete a row", namespace, (session, ledger) ->
        EntriesTable.deleteRow(session.statement(EntriesTable.DELETE_ROW), namespace, cacheKey, ledger));
  }

  @Override
  public Displaced deleteIfVersion(String namespace, String cacheKey, RowVersion expected) {
    return ledgered.write("delete a row", namespace, (session, ledger) -> {
      PreparedStatement delete = session.statement(EntriesTable.DELETE_ROW_IF_VERSION);
      EntriesTable.bindVersion(delete, 3, expected);
      return EntriesTable.deleteRow(delete, namespace, cacheKey, ledger);
    });
  }

  @Override
  public boolean updateExpiryIfVersion(String namespace, String cacheKey, RowVersion expected,
      Long expiresAt, UnaryOperator<StoredRow> reseal) {
    return ledgered.write("update an expiry time", namespace, (session, ledger) -> {
      session.lockRow(namespace, cacheKey);
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
    ledgered.exclusive("audit a namespace", namespace, session -> {
      try (LedgerTables.Reads reads = new LedgerTables.Reads(session, namespace)) {
        Ledger.Update update = audit.audit(LedgerTables.read(session, namespace), reads);
        if (update != null) {
          LedgerTables.store(session, namespace, update);
        }
      }
      return null;
    });
  }

  @Override
  public <T> T readLedger(String namespace, Ledger.Reader<T> reader) {
    return transactions.readSnapshot("read a ledger", namespace, session -> {
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
    return transactions.autocommit("scan a namespace", namespace, session -> {
      PreparedStatement scan = session.statement(EntriesTable.SCAN);
      scan.setString(1, namespace);
      return rowsOf(scan, namespace);
    });
  }

  @Override
  public List<StoredRow> expired(String namespace, long now, int limit) {
    return transactions.autocommit("find expired rows", namespace, session -> {
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
    return transactions.autocommit("look up a blob", namespace, session -> {
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
    return transactions.autocommit("read a namespace", name, session -> {
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
        session -> NamespacesTable.write(session.statement(NamespacesTable.INSERT_IF_ABSENT), record));
  }

  @Override
  public void replaceNamespace(NamespaceRecord record) {
    transactions.write("record a namespace", record.name(),
        session -> NamespacesTable.write(session.statement(NamespacesTable.REPLACE), record));
  }

  @Override
  public List<NamespaceRecord> namespaces() {
    return transactions.autocommit("list namespaces", null, session -> {
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
    return transactions.autocommit("inspect the database", null, session -> {
      PreparedStatement select = session.statement(EntriesTable.KEY_FILE_SIGNS);
      select.setString(1, keyFile);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    });
  }

  @Override
  public void touch(String namespace, String cacheKey, long accessedAt) {
    transactions.autocommit("record an access", namespace, session -> {
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
      select.setFetchSize(EVICTION_FETCH_SIZE);
      select.setString(1, namespace);
      select.setString(2, keep);
      List<String> victims = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (!(within(entries, maxEntries) && within(bytes, maxBytes)) && rs.next()) {
          victims.add(rs.getString(1));
          entries--;
          bytes -= rs.getLong(2);
          evicted.add(new Displaced(true, rs.getString(3)));
          ledger.removed(rs.getString(1), EntriesTable.nullableLong(rs, 4), rs.getString(5));
        }
      }
      PreparedStatement delete = session.statement(EntriesTable.DELETE_KEY);
      for (String cacheKey : victims) {
        delete.setString(1, namespace);
        delete.setString(2, cacheKey);
        delete.addBatch();
      }
      if (!victims.isEmpty()) {
        delete.executeBatch();
      }
      return evicted;
    });
  }

  private static boolean within(long amount, long limit) {
    return limit == 0 || amount <= limit;
  }

  /** Closes the pool. Idempotent. */
  @Override
  public void close() {
    transactions.close();
  }
}
