package io.cachet.store.postgres;

import static io.cachet.store.postgres.EntryColumn.AFTER_KEY;
import static io.cachet.store.postgres.EntryColumn.BLOB_ID;
import static io.cachet.store.postgres.EntryColumn.CREATED_AT;
import static io.cachet.store.postgres.EntryColumn.ENTRY_SIGNATURE;
import static io.cachet.store.postgres.EntryColumn.EXPIRES_AT;
import static io.cachet.store.postgres.EntryColumn.FILE_HASH;
import static io.cachet.store.postgres.EntryColumn.FILE_SIZE;
import static io.cachet.store.postgres.EntryColumn.GENERATION;
import static io.cachet.store.postgres.EntryColumn.INLINE_VALUE;

import io.cachet.store.Displaced;
import io.cachet.store.Ledger;
import io.cachet.store.RowVersion;
import io.cachet.store.StoredRow;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The statements on the {@code entries} table and the rows bound to and mapped from them, from {@link EntryColumn}.
 * Names are unqualified: every connection's search path is Cachet's schema.
 *
 * <p>Besides the columns of a row, the table has {@code write_order}, drawn from a sequence when a row is written
 * as the most recently accessed: the eviction order among rows of one access time, as SQLite's rowid is.
 */
final class EntriesTable {
  private static final String KEY = " WHERE namespace = ? AND cache_key = ?";
  private static final String NEXT_WRITE_ORDER = "nextval('entries_write_order')";

  static final String CREATE_WRITE_ORDER = "CREATE SEQUENCE entries_write_order";
  static final String CREATE = "CREATE TABLE entries ("
      + join(List.of(EntryColumn.values()), EntryColumn::declaration) + ", write_order bigint NOT NULL DEFAULT "
      + NEXT_WRITE_ORDER + ", PRIMARY KEY (namespace, cache_key))";
  static final String CREATE_LRU_INDEX = "CREATE INDEX entries_lru ON entries (namespace, accessed_at, write_order)";
  // Only blob rows are indexed, so that inline writes do not pay for it.
  static final String CREATE_BLOB_INDEX =
      "CREATE INDEX entries_blob ON entries (namespace, blob_id) WHERE blob_id IS NOT NULL";
  // Only expiring rows are indexed, so that eternal entries cost the expiry sweep nothing.
  static final String CREATE_EXPIRY_INDEX =
      "CREATE INDEX entries_expiry ON entries (namespace, expires_at) WHERE expires_at IS NOT NULL";

  // What reads select of a row: each column only if no longer than a writer makes it. The key columns are not
  // fetched: the WHERE clause fixes them.
  private static final String READ_COLUMNS = join(AFTER_KEY, EntryColumn::readable);
  private static final String READ_COLUMNS_WITHOUT_PAYLOAD =
      join(AFTER_KEY, column -> column == INLINE_VALUE ? "NULL" : column.readable());

  static final String SELECT_ROW = "SELECT " + READ_COLUMNS + " FROM entries" + KEY;
  /** The column of {@link #SELECT_ROW_AND_LEDGER} that holds the ledger's generation. */
  static final int LEDGER_GENERATION_COLUMN = AFTER_KEY.size() + 1;
  // For a namespace that keeps a ledger: with the ledger's generation in the same snapshot (one statement).
  static final String SELECT_ROW_AND_LEDGER = "SELECT " + READ_COLUMNS + ", (SELECT generation FROM "
      + "ledgers l WHERE l.namespace = entries.namespace) FROM entries" + KEY;
  // What a write reads of the row it replaces, locking it until the transaction ends.
  private static final String SELECT_ROW_FOR_UPDATE =
      "SELECT " + READ_COLUMNS_WITHOUT_PAYLOAD + " FROM entries" + KEY + " FOR UPDATE";
  // What a delete reports: the row's blob, and to its namespace's ledger, its generation and signature.
  private static final String DELETED = " RETURNING " + BLOB_ID.readable() + ", " + GENERATION.readable() + ", "
      + ENTRY_SIGNATURE.readable();
  static final String DELETE_ROW = "DELETE FROM entries" + KEY + DELETED;
  // Compared as read, so that a row read with an oversized column nulled is still found by its version.
  private static final String VERSION = " AND " + ENTRY_SIGNATURE.readable() + " IS NOT DISTINCT FROM ? AND "
      + CREATED_AT.readable() + " = ? AND " + FILE_HASH.readable() + " IS NOT DISTINCT FROM ? AND "
      + EXPIRES_AT.readable() + " IS NOT DISTINCT FROM ?";
  static final String DELETE_ROW_IF_VERSION = "DELETE FROM entries" + KEY + VERSION + DELETED;
  private static final String INSERT = "INSERT INTO entries (" + join(List.of(EntryColumn.values()),
      EntryColumn::sqlName) + ") VALUES (" + String.join(", ", Collections.nCopies(EntryColumn.values().length, "?"))
      + ") ON CONFLICT (namespace, cache_key) DO UPDATE SET ";
  // A new write order and access time: the row becomes the newest for eviction.
  static final String REPLACE_ROW = INSERT + join(AFTER_KEY, column -> column.sqlName() + " = excluded."
      + column.sqlName()) + ", write_order = " + NEXT_WRITE_ORDER;
  // Same write order, same access time: the row keeps its place in the eviction order.
  static final String UPDATE_ROW_IN_PLACE = INSERT
      + join(AFTER_KEY.stream().filter(column -> column != EntryColumn.ACCESSED_AT).toList(),
          column -> column.sqlName() + " = excluded." + column.sqlName());
  static final String UPDATE_EXPIRY = "UPDATE entries SET expires_at = ?, generation = ?, entry_signature = ?"
      + KEY + VERSION;
  static final String SELECT_STAMPS = "SELECT cache_key, " + GENERATION.readable() + ", "
      + ENTRY_SIGNATURE.readable() + " FROM entries WHERE namespace = ?";
  private static final String DELETE_NAMESPACE_ROWS =
      "DELETE FROM entries WHERE namespace = ? RETURNING " + BLOB_ID.readable();
  // A cache_key longer than any text a writer stores is no key of a writer's and is left out unread.
  static final String SCAN = "SELECT cache_key, " + READ_COLUMNS_WITHOUT_PAYLOAD + " FROM entries "
      + "WHERE namespace = ? AND octet_length(cache_key) <= " + StoredRow.MAX_TEXT_BYTES;
  static final String EXPIRED = SCAN + " AND expires_at IS NOT NULL AND expires_at <= ? LIMIT ?";
  static final String BLOB_REFERENCED = "SELECT EXISTS (SELECT 1 FROM entries WHERE namespace = ? AND blob_id = ?)";
  // A row whose namespace has no record counts: records can be deleted along with the key file.
  static final String KEY_FILE_SIGNS = "SELECT EXISTS (SELECT 1 FROM entries e LEFT JOIN namespaces n "
      + "ON e.namespace = n.name WHERE e.entry_signature IS NOT NULL AND (n.name IS NULL OR n.key_file = ?))";
  static final String TOUCH = "UPDATE entries SET accessed_at = ?" + KEY;
  static final String USAGE = "SELECT COUNT(*), COALESCE(SUM(file_size), 0) FROM entries WHERE namespace = ?";
  // Rows that another transaction is writing are skipped: they are about to become the most recent, and waiting
  // for them could deadlock with a writer of several keys.
  static final String LEAST_RECENTLY_USED = "SELECT cache_key, " + FILE_SIZE.readable() + ", " + BLOB_ID.readable()
      + ", " + GENERATION.readable() + ", " + ENTRY_SIGNATURE.readable()
      + " FROM entries WHERE namespace = ? AND cache_key <> ? ORDER BY accessed_at, write_order FOR UPDATE SKIP LOCKED";
  static final String DELETE_KEY = "DELETE FROM entries" + KEY;

  private EntriesTable() {}

  /** Binds every column of the row to {@link #REPLACE_ROW} or {@link #UPDATE_ROW_IN_PLACE}. */
  static void bind(PreparedStatement statement, StoredRow row) throws SQLException {
    EntryColumn[] columns = EntryColumn.values();
    for (int i = 0; i < columns.length; i++) {
      columns[i].bind(statement, i + 1, row);
    }
  }

  /** Binds a row version to the four parameters of a version condition, from parameter {@code first}. */
  static void bindVersion(PreparedStatement statement, int first, RowVersion version) throws SQLException {
    statement.setString(first, version.entrySignature());
    statement.setLong(first + 1, version.createdAt());
    statement.setString(first + 2, version.fileHash());
    EntryColumn.setLong(statement, first + 3, version.expiresAt());
  }

  /** Maps the columns after the key, which start after {@code skip} leading columns, to a row under this key. */
  static StoredRow row(ResultSet rs, String namespace, String cacheKey, int skip) throws SQLException {
    StoredRow.Builder row = StoredRow.builder(namespace, cacheKey);
    for (int i = 0; i < AFTER_KEY.size(); i++) {
      AFTER_KEY.get(i).read(rs, skip + i + 1, row);
    }
    return row.build();
  }

  /** The row under the key, without its inline value, or null; locked until the transaction ends. */
  static StoredRow currentRow(PostgresSession session, String namespace, String cacheKey) throws SQLException {
    PreparedStatement select = session.statement(SELECT_ROW_FOR_UPDATE);
    select.setString(1, namespace);
    select.setString(2, cacheKey);
    try (ResultSet rs = select.executeQuery()) {
      return rs.next() ? row(rs, namespace, cacheKey, 0) : null;
    }
  }

  /**
   * Runs {@code delete} ({@link #DELETE_ROW}, or {@link #DELETE_ROW_IF_VERSION} with its version bound), its key
   * bound here, and tells the ledger what it deleted.
   */
  static Displaced deleteRow(PreparedStatement delete, String namespace, String cacheKey, Ledger ledger)
      throws SQLException {
    delete.setString(1, namespace);
    delete.setString(2, cacheKey);
    try (ResultSet rs = delete.executeQuery()) {
      if (!rs.next()) {
        return Displaced.NOTHING;
      }
      Displaced displaced = new Displaced(true, rs.getString(1), nullableLong(rs, 2));
      ledger.removed(cacheKey, displaced.generation(), rs.getString(3));
      return displaced;
    }
  }

  /** Deletes every row of the namespace. @return the blobs they named */
  static List<String> deleteRows(PostgresSession session, String namespace) throws SQLException {
    PreparedStatement delete = session.statement(DELETE_NAMESPACE_ROWS);
    delete.setString(1, namespace);
    List<String> blobIds = new ArrayList<>();
    try (ResultSet rs = delete.executeQuery()) {
      while (rs.next()) {
        String blobId = rs.getString(1);
        if (blobId != null) {
          blobIds.add(blobId);
        }
      }
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
