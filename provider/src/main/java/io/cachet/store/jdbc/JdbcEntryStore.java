package io.cachet.store.jdbc;

import io.cachet.store.Displaced;
import io.cachet.store.EntryStore;
import io.cachet.store.Evicted;
import io.cachet.store.Ledger;
import io.cachet.store.NamespaceRecord;
import io.cachet.store.NamespaceSummary;
import io.cachet.store.RowVersion;
import io.cachet.store.StoredRow;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@link EntryStore} on an SQL database: each operation is a unit of work run by the backend's
 * {@link Transactions}, of statements, in the backend's {@link SqlDialect}, on the entries, namespaces and ledger
 * tables ({@link EntriesTable}, {@link NamespacesTable}, {@link LedgerTables}). A backend opens its database,
 * brings its schema to the current version and hands its transactions here.
 *
 * <p>Each write takes the write locks of the keys it reads and writes, and a ledgered write the namespace's ledger
 * lock, before reading ({@link SqlSession#lockRows}, {@link SqlSession#lockLedger}), for a backend whose writers the
 * database does not serialize by itself.
 */
public abstract class JdbcEntryStore implements EntryStore {
  // Eviction candidates are fetched this many at a time: a namespace can hold many more than it evicts.
  private static final int EVICTION_FETCH_SIZE = 100;

  private final Transactions transactions;
  private final EntriesTable entries;
  private final NamespacesTable namespaces;
  private final LedgeredWrites ledgered;
  private final OperatorQueries operator;

  /** @param transactions the backend's, on a database whose schema is current; closing the store closes them */
  protected JdbcEntryStore(Transactions transactions, SqlDialect dialect) {
    this.transactions = transactions;
    this.entries = new EntriesTable(dialect);
    this.namespaces = new NamespacesTable(dialect);
    this.ledgered = new LedgeredWrites(transactions, new LedgerTables(dialect, entries));
    this.operator = new OperatorQueries(transactions, dialect, entries);
  }

  @Override
  public Lookup lookup(String namespace, String cacheKey) {
    boolean ledgered = this.ledgered.keeps(namespace);
    return transactions.read("read a row", namespace, session -> {
      PreparedStatement select = session.statement(ledgered ? entries.selectRowAndLedger : entries.selectRow);
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
    return transactions.readSnapshot("read rows", namespace, session -> {
      Map<String, StoredRow> rows = new HashMap<>();
      long ledgerGeneration = -1;
      PreparedStatement select = session.statement(ledgered ? entries.selectRowAndLedger : entries.selectRow);
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
   * The ledger's generation from {@link EntriesTable#selectRowAndLedger}, or -1 if the namespace keeps none
   * (then the plain {@link EntriesTable#selectRow} was run, and reads pay nothing for ledgers).
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
      session.lockRows(namespace, replacements.keySet());
      PreparedStatement upsert = session.statement(recordAccess ? entries.replaceRow : entries.updateRowInPlace);
      Map<String, StoredRow> replaced = new HashMap<>();
      Map<String, StoredRow> currents = replacements.size() == 1 ? null
          : entries.currentRows(session, namespace, new ArrayList<>(replacements.keySet()));
      for (Map.Entry<String, ? extends UnaryOperator<StoredRow>> replacement : replacements.entrySet()) {
        String cacheKey = replacement.getKey();
        StoredRow current = currents == null ? entries.currentRow(session, namespace, cacheKey)
            : currents.get(cacheKey);
        StoredRow row = replacement.getValue().apply(current);
        if (row != null) {
          if (!row.namespace().equals(namespace) || !row.cacheKey().equals(cacheKey)) {
            throw new IllegalArgumentException("The replacement of a row must keep its namespace and key");
          }
          entries.bind(upsert, row);
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
    return transactions.freeingSpace(() -> ledgered.write("delete a row", namespace, (session, ledger) ->
        entries.deleteRow(session, namespace, cacheKey, null, ledger)));
  }

  @Override
  public Displaced deleteIfVersion(String namespace, String cacheKey, RowVersion expected) {
    return transactions.freeingSpace(() -> ledgered.write("delete a row", namespace, (session, ledger) ->
        entries.deleteRow(session, namespace, cacheKey, expected, ledger)));
  }

  @Override
  public boolean updateExpiryIfVersion(String namespace, String cacheKey, RowVersion expected,
      Long expiresAt, UnaryOperator<StoredRow> reseal) {
    return ledgered.write("update an expiry time", namespace, (session, ledger) -> {
      session.lockRows(namespace, List.of(cacheKey));
      StoredRow current = entries.currentRow(session, namespace, cacheKey);
      if (current == null || !current.version().equals(expected)) {
        return false;
      }
      StoredRow resealed = reseal.apply(current.withExpiresAt(expiresAt));
      if (resealed == null) {
        return false;
      }
      PreparedStatement update = session.statement(entries.updateExpiry);
      entries.setLong(update, 1, resealed.expiresAt());
      entries.setLong(update, 2, resealed.generation());
      update.setString(3, resealed.entrySignature());
      update.setString(4, namespace);
      update.setString(5, cacheKey);
      entries.bindVersion(update, 6, expected);
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
    boolean readOnly = transactions.readOnly();
    Transactions.Work<Void> work = session -> {
      auditLedger(session, namespace, audit, !readOnly);
      return null;
    };
    if (readOnly) {
      transactions.readSnapshot("audit a namespace", namespace, work);
    } else {
      transactions.write("audit a namespace", namespace, work);
    }
  }

  @Override
  public <T> T readLedger(String namespace, Ledger.Reader<T> reader) {
    return transactions.readSnapshot("read a ledger", namespace, session -> {
      try (LedgerTables.Reads reads = ledgered.tables().reads(session, namespace)) {
        return reader.read(LedgerTables.read(session, namespace), reads);
      }
    });
  }

  @Override
  public List<String> deleteAll(String namespace) {
    return ledgered.write("clear a namespace", namespace, (session, ledger) -> {
      ledger.cleared();
      return entries.deleteRows(session, namespace);
    });
  }

  @Override
  public List<StoredRow> scan(String namespace) {
    return transactions.read("scan a namespace", namespace, session -> {
      PreparedStatement scan = session.statement(entries.scan);
      scan.setString(1, namespace);
      return rowsOf(scan, namespace);
    });
  }

  @Override
  public NamespaceSummary summarize(String namespace, long now) {
    return operator.summarize(namespace, now);
  }

  @Override
  public List<StoredRow> expired(String namespace, long now, int limit) {
    return transactions.read("find expired rows", namespace, session -> {
      PreparedStatement select = session.statement(entries.expired);
      select.setString(1, namespace);
      select.setLong(2, now);
      select.setInt(3, limit);
      return rowsOf(select, namespace);
    });
  }

  /** The rows of the namespace a {@link EntriesTable#scan} query returns: the cache key, then the row. */
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
      PreparedStatement select = session.statement(entries.blobReferenced);
      select.setString(1, namespace);
      select.setString(2, blobId);
      return exists(select);
    });
  }

  @Override
  public NamespaceRecord namespace(String name) {
    return transactions.read("read a namespace", name, session -> {
      PreparedStatement select = session.statement(NamespacesTable.SELECT);
      select.setString(1, name);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? namespaces.record(rs) : null;
      }
    });
  }

  @Override
  public boolean insertNamespace(NamespaceRecord record) {
    return transactions.write("record a namespace", record.name(),
        session -> namespaces.write(session.statement(namespaces.insertIfAbsent), record));
  }

  @Override
  public void replaceNamespace(NamespaceRecord record) {
    transactions.write("record a namespace", record.name(),
        session -> namespaces.write(session.statement(namespaces.replace), record));
  }

  @Override
  public void replaceNamespace(NamespaceRecord record, Ledger.Audit ledger) {
    transactions.write("record a namespace", record.name(), session -> {
      auditLedger(session, record.name(), ledger, true);
      return namespaces.write(session.statement(namespaces.replace), record);
    });
  }

  /**
   * Runs an audit over the namespace's ledger and rows in the session; with {@code store}, first locks the ledger, so
   * that no ledgered write of the namespace comes between the audit's read and its update, and stores the update.
   */
  private void auditLedger(SqlSession session, String namespace, Ledger.Audit audit, boolean store)
      throws SQLException {
    if (store) {
      session.lockLedger(namespace);
    }
    try (LedgerTables.Reads reads = ledgered.tables().reads(session, namespace)) {
      Ledger.Update update = audit.audit(LedgerTables.read(session, namespace), reads);
      if (update != null && store) {
        ledgered.tables().store(session, namespace, update);
      }
    }
  }

  @Override
  public List<NamespaceRecord> namespaces() {
    return transactions.read("list namespaces", null, session -> {
      List<NamespaceRecord> records = new ArrayList<>();
      try (ResultSet rs = session.statement(NamespacesTable.SELECT_ALL).executeQuery()) {
        while (rs.next()) {
          records.add(namespaces.record(rs));
        }
      }
      return records;
    });
  }

  @Override
  public List<String> deleteNamespace(String name) {
    return ledgered.write("delete a namespace", name, (session, ledger) -> {
      ledger.cleared();
      List<String> blobIds = entries.deleteRows(session, name);
      PreparedStatement delete = session.statement(NamespacesTable.DELETE);
      delete.setString(1, name);
      delete.executeUpdate();
      return blobIds;
    });
  }

  @Override
  public boolean keyFileSigns(String keyFile) {
    return transactions.read("inspect the database", null, session -> {
      PreparedStatement select = session.statement(entries.keyFileSigns);
      select.setString(1, keyFile);
      return exists(select);
    });
  }

  /** The answer of a {@code SELECT EXISTS} query. */
  private static boolean exists(PreparedStatement query) throws SQLException {
    try (ResultSet rs = query.executeQuery()) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  @Override
  public void touch(String namespace, String cacheKey, long accessedAt) {
    transactions.writeStatement("record an access", namespace, session -> {
      PreparedStatement update = session.statement(entries.touch);
      update.setLong(1, accessedAt);
      update.setString(2, namespace);
      update.setString(3, cacheKey);
      return update.executeUpdate();
    });
  }

  @Override
  public List<Evicted> evict(String namespace, long maxEntries, long maxBytes, String keep) {
    return ledgered.write("evict entries", namespace, (session, ledger) -> {
      PreparedStatement usage = session.statement(entries.usage);
      usage.setString(1, namespace);
      long count;
      long bytes;
      try (ResultSet rs = usage.executeQuery()) {
        rs.next();
        count = rs.getLong(1);
        bytes = rs.getLong(2);
      }
      List<Evicted> evicted = new ArrayList<>();
      if (within(count, maxEntries) && within(bytes, maxBytes)) {
        return evicted;
      }
      PreparedStatement select = session.statement(entries.leastRecentlyUsed);
      select.setFetchSize(EVICTION_FETCH_SIZE);
      select.setString(1, namespace);
      select.setString(2, keep);
      List<String> victims = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        // Checked before reading the next row: a backend that locks the rows it reads locks no more than it evicts.
        while (!(within(count, maxEntries) && within(bytes, maxBytes)) && rs.next()) {
          victims.add(rs.getString(1));
          count--;
          bytes -= rs.getLong(2);
          evicted.add(new Evicted(rs.getString(1), rs.getString(3)));
          ledger.removed(rs.getString(1), EntriesTable.nullableLong(rs, 4), rs.getString(5));
        }
      }
      entries.deleteRows(session, namespace, victims);
      return evicted;
    });
  }

  private static boolean within(long amount, long limit) {
    return limit == 0 || amount <= limit;
  }

  @Override
  public List<String> checkIntegrity() {
    return operator.checkIntegrity();
  }

  @Override
  public Set<String> rowNamespaces() {
    return operator.rowNamespaces();
  }

  @Override
  public void compact() {
    operator.compact();
  }

  /** Closes the backend's transactions. */
  @Override
  public void close() {
    transactions.close();
  }
}
