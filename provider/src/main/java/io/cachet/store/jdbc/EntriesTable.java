package io.cachet.store.jdbc;

import static io.cachet.store.jdbc.EntryColumn.AFTER_KEY;
import static io.cachet.store.jdbc.EntryColumn.BLOB_ID;
import static io.cachet.store.jdbc.EntryColumn.CREATED_AT;
import static io.cachet.store.jdbc.EntryColumn.ENTRY_SIGNATURE;
import static io.cachet.store.jdbc.EntryColumn.EXPIRES_AT;
import static io.cachet.store.jdbc.EntryColumn.FILE_HASH;
import static io.cachet.store.jdbc.EntryColumn.FILE_SIZE;
import static io.cachet.store.jdbc.EntryColumn.GENERATION;
import static io.cachet.store.jdbc.EntryColumn.INLINE_VALUE;

import io.cachet.store.Displaced;
import io.cachet.store.Ledger;
import io.cachet.store.RowVersion;
import io.cachet.store.StoredRow;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The statements on the {@code entries} table in one dialect, and the rows bound to and mapped from them, from
 * {@link EntryColumn}. Names are unqualified: a backend with schemas puts Cachet's on every connection's path.
 */
final class EntriesTable {
  private static final String KEY = " WHERE namespace = ? AND cache_key = ?";

  /** The names of the namespaces that have rows. */
  static final String ROW_NAMESPACES = "SELECT DISTINCT namespace FROM entries";

  /** The column of {@link #selectRowAndLedger} that holds the ledger's generation. */
  static final int LEDGER_GENERATION_COLUMN = AFTER_KEY.size() + 1;

  final String selectRow;
  // For a namespace that keeps a ledger: with the ledger's generation in the same snapshot (one statement).
  final String selectRowAndLedger;
  // What a write reads of the row it replaces, locked until the transaction ends where the dialect needs it.
  private final String selectCurrentRow;
  // The rows a write of several keys replaces, by an IN list of one of CURRENT_ROWS_SIZES keys.
  private final String[] selectCurrentRows;
  private final String selectDeleted;
  private final String deleteRow;
  private final String deleteKey;
  private final String deleteRowIfVersion;
  private final String selectDeletedIfVersion;
  // A new write order and access time: the row becomes the newest for eviction.
  final String replaceRow;
  // Same write order, same access time: the row keeps its place in the eviction order, and no index changes.
  final String updateRowInPlace;
  final String updateExpiry;
  private final String selectNamespaceBlobs;
  private final String deleteNamespaceRows;
  final String selectStamps;
  final String scan;
  final String expired;
  final String blobReferenced;
  final String keyFileSigns;
  final String touch;
  final String usage;
  final String summary;
  final String signatureVersions;
  final String leastRecentlyUsed;

  private final SqlDialect dialect;

  // IN lists are padded to one of these sizes (the last key repeated), so that a session prepares few statements.
  private static final int[] CURRENT_ROWS_SIZES = {8, 32, 128, 512};

  EntriesTable(SqlDialect dialect) {
    this.dialect = dialect;
    // What reads select of a row: each column only if no longer than a writer makes it. The key columns are not
    // fetched: the WHERE clause fixes them.
    String readColumns = join(AFTER_KEY, column -> column.readable(dialect));
    String readColumnsWithoutPayload =
        join(AFTER_KEY, column -> column == INLINE_VALUE ? "NULL" : column.readable(dialect));
    selectRow = "SELECT " + readColumns + " FROM entries" + KEY;
    selectRowAndLedger = "SELECT " + readColumns + ", (SELECT generation FROM "
        + "ledgers l WHERE l.namespace = entries.namespace) FROM entries" + KEY;
    selectCurrentRow = "SELECT " + readColumnsWithoutPayload + " FROM entries" + KEY + dialect.lockingRead();
    selectCurrentRows = new String[CURRENT_ROWS_SIZES.length];
    for (int i = 0; i < CURRENT_ROWS_SIZES.length; i++) {
      selectCurrentRows[i] = "SELECT cache_key, " + readColumnsWithoutPayload + " FROM entries WHERE namespace = ?"
          + " AND cache_key IN (" + String.join(", ", Collections.nCopies(CURRENT_ROWS_SIZES[i], "?")) + ")"
          + dialect.lockingRead();
    }
    // What a delete reports: the row's blob, and to its namespace's ledger, its generation and signature.
    String deleted = BLOB_ID.readable(dialect) + ", " + GENERATION.readable(dialect) + ", "
        + ENTRY_SIGNATURE.readable(dialect);
    // Compared as read, so that a row read with an oversized column nulled is still found by its version.
    String version = " AND " + ENTRY_SIGNATURE.readable(dialect) + dialect.isSame() + "? AND "
        + CREATED_AT.readable(dialect) + " = ? AND " + FILE_HASH.readable(dialect) + dialect.isSame() + "? AND "
        + EXPIRES_AT.readable(dialect) + dialect.isSame() + "?";
    selectDeleted = "SELECT " + deleted + " FROM entries" + KEY;
    selectDeletedIfVersion = selectDeleted + version;
    String returning = dialect.deleteReturns() ? " RETURNING " + deleted : "";
    deleteKey = "DELETE FROM entries" + KEY;
    deleteRow = deleteKey + returning;
    deleteRowIfVersion = "DELETE FROM entries" + KEY + version + returning;
    String insert = "INSERT INTO entries (" + join(List.of(EntryColumn.values()), EntryColumn::sqlName)
        + ") VALUES (" + String.join(", ", Collections.nCopies(EntryColumn.values().length, "?")) + ")";
    String newWriteOrder = dialect.newWriteOrder() == null ? ""
        : ", " + dialect.writeOrder() + " = " + dialect.newWriteOrder();
    replaceRow = dialect.insertOrReplace(insert, "namespace, cache_key", join(AFTER_KEY,
        column -> column.sqlName() + " = excluded." + column.sqlName()) + newWriteOrder);
    updateRowInPlace = insert + " ON CONFLICT (namespace, cache_key) DO UPDATE SET "
        + join(AFTER_KEY.stream().filter(column -> column != EntryColumn.ACCESSED_AT).toList(),
            column -> column.sqlName() + " = excluded." + column.sqlName());
    updateExpiry = "UPDATE entries SET expires_at = ?, generation = ?, entry_signature = ?" + KEY + version;
    selectNamespaceBlobs =
        "SELECT " + BLOB_ID.readable(dialect) + " FROM entries WHERE namespace = ? AND blob_id IS NOT NULL";
    deleteNamespaceRows = "DELETE FROM entries WHERE namespace = ?"
        + (dialect.deleteReturns() ? " RETURNING " + BLOB_ID.readable(dialect) : "");
    selectStamps = "SELECT cache_key, " + GENERATION.readable(dialect) + ", " + ENTRY_SIGNATURE.readable(dialect)
        + " FROM entries WHERE namespace = ?";
    // A cache_key longer than any text a writer stores is no key of a writer's and is left out unread.
    scan = "SELECT cache_key, " + readColumnsWithoutPayload + " FROM entries "
        + "WHERE namespace = ? AND octet_length(cache_key) <= " + StoredRow.MAX_TEXT_BYTES;
    expired = scan + " AND expires_at IS NOT NULL AND expires_at <= ? LIMIT ?";
    blobReferenced = "SELECT EXISTS (SELECT 1 FROM entries WHERE namespace = ? AND blob_id = ?)";
    // A row whose namespace has no record counts: records can be deleted along with the key file.
    keyFileSigns = "SELECT EXISTS (SELECT 1 FROM entries e LEFT JOIN namespaces n "
        + "ON e.namespace = n.name WHERE e.entry_signature IS NOT NULL AND (n.name IS NULL OR n.key_file = ?))";
    touch = "UPDATE entries SET accessed_at = ?" + KEY;
    usage = "SELECT COUNT(*), COALESCE(SUM(file_size), 0) FROM entries WHERE namespace = ?";
    summary = "SELECT COUNT(*), COALESCE(SUM(CASE WHEN blob_id IS NULL THEN file_size ELSE 0 END), 0), "
        + "COUNT(blob_id), COALESCE(SUM(CASE WHEN blob_id IS NULL THEN 0 ELSE file_size END), 0), "
        + "COALESCE(SUM(CASE WHEN expires_at <= ? THEN 1 ELSE 0 END), 0), MAX(created_at) "
        + "FROM entries WHERE namespace = ?";
    // A signature's version prefix is at most "v99:"; bare hex (version 1) starts with a digit or a-f.
    // From version 6 on a signature names its key after the version: rows are counted per version and key.
    String versionAndKey = "CASE WHEN substr(entry_signature, 1, 3) = 'v6:' THEN substr(entry_signature, 1, 19) "
        + "ELSE substr(entry_signature, 1, 4) END";
    signatureVersions = "SELECT " + versionAndKey + ", COUNT(*) FROM entries WHERE namespace = ? GROUP BY "
        + versionAndKey;
    leastRecentlyUsed = "SELECT cache_key, " + FILE_SIZE.readable(dialect) + ", " + BLOB_ID.readable(dialect)
        + ", " + GENERATION.readable(dialect) + ", " + ENTRY_SIGNATURE.readable(dialect) + " FROM entries "
        + "WHERE namespace = ? AND cache_key <> ? ORDER BY accessed_at, " + dialect.writeOrder()
        + dialect.lockingSkipRead();
  }

  /** Binds every column of the row to {@link #replaceRow} or {@link #updateRowInPlace}. */
  void bind(PreparedStatement statement, StoredRow row) throws SQLException {
    EntryColumn[] columns = EntryColumn.values();
    for (int i = 0; i < columns.length; i++) {
      columns[i].bind(dialect, statement, i + 1, row);
    }
  }

  /** Binds a row version to the four parameters of a version condition, from parameter {@code first}. */
  void bindVersion(PreparedStatement statement, int first, RowVersion version) throws SQLException {
    statement.setString(first, version.entrySignature());
    statement.setLong(first + 1, version.createdAt());
    statement.setString(first + 2, version.fileHash());
    setLong(statement, first + 3, version.expiresAt());
  }

  /** Binds a nullable integer. */
  void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
    EntryColumn.setLong(dialect, statement, index, value);
  }

  /** Maps the columns after the key, which start after {@code skip} leading columns, to a row under this key. */
  static StoredRow row(ResultSet rs, String namespace, String cacheKey, int skip) throws SQLException {
    StoredRow.Builder row = StoredRow.builder(namespace, cacheKey);
    for (int i = 0; i < AFTER_KEY.size(); i++) {
      AFTER_KEY.get(i).read(rs, skip + i + 1, row);
    }
    return row.build();
  }

  /** The row under the key, without its inline value, or null; locked until the transaction ends if need be. */
  StoredRow currentRow(SqlSession session, String namespace, String cacheKey) throws SQLException {
    PreparedStatement select = session.statement(selectCurrentRow);
    select.setString(1, namespace);
    select.setString(2, cacheKey);
    try (ResultSet rs = select.executeQuery()) {
      return rs.next() ? row(rs, namespace, cacheKey, 0) : null;
    }
  }

  /**
   * {@link #currentRow} for several keys, by one statement per 512 keys rather than one per key: what a write of
   * several entries reads of the rows it replaces, by cache key (absent keys left out).
   */
  Map<String, StoredRow> currentRows(SqlSession session, String namespace, List<String> cacheKeys)
      throws SQLException {
    Map<String, StoredRow> rows = new HashMap<>();
    int largest = CURRENT_ROWS_SIZES[CURRENT_ROWS_SIZES.length - 1];
    for (int from = 0; from < cacheKeys.size(); from += largest) {
      List<String> chunk = cacheKeys.subList(from, Math.min(cacheKeys.size(), from + largest));
      int size = 0;
      while (CURRENT_ROWS_SIZES[size] < chunk.size()) {
        size++;
      }
      PreparedStatement select = session.statement(selectCurrentRows[size]);
      select.setString(1, namespace);
      for (int i = 0; i < CURRENT_ROWS_SIZES[size]; i++) {
        select.setString(i + 2, chunk.get(Math.min(i, chunk.size() - 1)));
      }
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          String cacheKey = rs.getString(1);
          rows.put(cacheKey, row(rs, namespace, cacheKey, 1));
        }
      }
    }
    return rows;
  }

  /**
   * Deletes the row under the key, if it has the expected version (null: any), and tells the ledger what it
   * deleted.
   */
  Displaced deleteRow(SqlSession session, String namespace, String cacheKey, RowVersion expected, Ledger ledger)
      throws SQLException {
    if (dialect.deleteReturns()) {
      PreparedStatement delete = session.statement(expected == null ? deleteRow : deleteRowIfVersion);
      return deleted(delete, namespace, cacheKey, expected, ledger);
    }
    PreparedStatement select = session.statement(expected == null ? selectDeleted : selectDeletedIfVersion);
    Displaced displaced = deleted(select, namespace, cacheKey, expected, ledger);
    if (displaced.existed()) {
      PreparedStatement delete = session.statement(deleteKey);
      delete.setString(1, namespace);
      delete.setString(2, cacheKey);
      delete.executeUpdate();
    }
    return displaced;
  }

  /** Runs the query of a deleted row's blob, generation and signature, and tells the ledger. */
  private Displaced deleted(PreparedStatement query, String namespace, String cacheKey, RowVersion expected,
      Ledger ledger) throws SQLException {
    query.setString(1, namespace);
    query.setString(2, cacheKey);
    if (expected != null) {
      bindVersion(query, 3, expected);
    }
    try (ResultSet rs = query.executeQuery()) {
      if (!rs.next()) {
        return Displaced.NOTHING;
      }
      Displaced displaced = new Displaced(true, rs.getString(1), nullableLong(rs, 2));
      ledger.removed(cacheKey, displaced.generation(), rs.getString(3));
      return displaced;
    }
  }

  /** Deletes the rows under the keys, which the caller has read. */
  void deleteRows(SqlSession session, String namespace, List<String> cacheKeys) throws SQLException {
    if (cacheKeys.isEmpty()) {
      return;
    }
    PreparedStatement delete = session.statement(deleteKey);
    for (String cacheKey : cacheKeys) {
      delete.setString(1, namespace);
      delete.setString(2, cacheKey);
      delete.addBatch();
    }
    delete.executeBatch();
  }

  /** Deletes every row of the namespace. @return the blobs they named */
  List<String> deleteRows(SqlSession session, String namespace) throws SQLException {
    List<String> blobIds = new ArrayList<>();
    PreparedStatement query = session.statement(dialect.deleteReturns() ? deleteNamespaceRows : selectNamespaceBlobs);
    query.setString(1, namespace);
    try (ResultSet rs = query.executeQuery()) {
      while (rs.next()) {
        String blobId = rs.getString(1);
        if (blobId != null) {
          blobIds.add(blobId);
        }
      }
    }
    if (!dialect.deleteReturns()) {
      PreparedStatement delete = session.statement(deleteNamespaceRows);
      delete.setString(1, namespace);
      delete.executeUpdate();
    }
    return blobIds;
  }

  /** A nullable integer column, such as a generation. */
  static Long nullableLong(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  private static String join(List<EntryColumn> columns, Function<EntryColumn, String> text) {
    return columns.stream().map(text).collect(Collectors.joining(", "));
  }
}
