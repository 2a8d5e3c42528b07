package io.cachet.store.jdbc;

import io.cachet.store.StoredRow;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The columns of the {@code entries} table (DESIGN §3), in table order: the one list from which its DDL, its
 * statements, the binding of a {@link StoredRow} and the mapping back all derive. Each column's SQL type is
 * named by the {@link SqlDialect}.
 *
 * <p>{@code inline_value} comes last: a large one spills into overflow pages, which SQLite must walk to reach
 * any column stored after it, so the metadata-only reads of a write would read the whole payload.
 */
public enum EntryColumn {
  // The key columns have no setter: a row's builder takes them first, and reads do not select them.
  NAMESPACE("namespace", Type.TEXT, true, StoredRow::namespace, null),
  CACHE_KEY("cache_key", Type.TEXT, true, StoredRow::cacheKey, null),
  KEY_BYTES("key_bytes", Type.BINARY, true, StoredRow::keyBytes, (row, value) -> row.keyBytes((byte[]) value),
      StoredRow.MAX_KEY_BYTES),
  DATA_TYPE("data_type", Type.TEXT, true, StoredRow::dataType, (row, value) -> row.dataType((String) value)),
  // Bounded by the namespace name itself, or by the name of the namespace a row was copied from.
  PREFIX("prefix", Type.TEXT, true, StoredRow::prefix, (row, value) -> row.prefix((String) value),
      Limit.NAMESPACE_NAME),
  FILE_SIZE("file_size", Type.INTEGER, true, StoredRow::fileSize, (row, value) -> row.fileSize((Long) value)),
  FILE_HASH("file_hash", Type.TEXT, true, StoredRow::fileHash, (row, value) -> row.fileHash((String) value)),
  OBJECT_TYPE("object_type", Type.TEXT, true, StoredRow::objectType, (row, value) -> row.objectType((String) value)),
  STORAGE_FORMAT("storage_format", Type.TEXT, true, StoredRow::storageFormat,
      (row, value) -> row.storageFormat((String) value)),
  SERIALIZER("serializer", Type.TEXT, true, StoredRow::serializer, (row, value) -> row.serializer((String) value)),
  COMPRESSION_CODEC("compression_codec", Type.TEXT, true, StoredRow::compressionCodec,
      (row, value) -> row.compressionCodec((String) value)),
  ENCRYPTION("encryption", Type.TEXT, false, StoredRow::encryption, (row, value) -> row.encryption((String) value)),
  CREATED_AT("created_at", Type.INTEGER, true, StoredRow::createdAt, (row, value) -> row.createdAt((Long) value)),
  EXPIRES_AT("expires_at", Type.INTEGER, false, StoredRow::expiresAt, (row, value) -> row.expiresAt((Long) value)),
  ENTRY_SIGNATURE("entry_signature", Type.TEXT, false, StoredRow::entrySignature,
      (row, value) -> row.entrySignature((String) value)),
  BLOB_ID("blob_id", Type.TEXT, false, StoredRow::blobId, (row, value) -> row.blobId((String) value)),
  ACCESSED_AT("accessed_at", Type.INTEGER, true, StoredRow::accessedAt, (row, value) -> row.accessedAt((Long) value)),
  GENERATION("generation", Type.INTEGER, false, StoredRow::generation, (row, value) -> row.generation((Long) value)),
  INLINE_VALUE("inline_value", Type.BINARY, false, StoredRow::inlineValue,
      (row, value) -> row.inlineValue((byte[]) value), StoredRow.MAX_INLINE_BYTES);

  /** The columns after the key (namespace, cache_key), which fixes them: what a row's reads select. */
  static final List<EntryColumn> AFTER_KEY = List.of(values()).subList(2, values().length);

  private final String sqlName;
  private final Type type;
  private final boolean notNull;
  private final Function<StoredRow, Object> getter;
  private final BiConsumer<StoredRow.Builder, Object> setter;
  private final int maxBytes;

  EntryColumn(String sqlName, Type type, boolean notNull, Function<StoredRow, Object> getter,
      BiConsumer<StoredRow.Builder, Object> setter) {
    this(sqlName, type, notNull, getter, setter, StoredRow.MAX_TEXT_BYTES);
  }

  EntryColumn(String sqlName, Type type, boolean notNull, Function<StoredRow, Object> getter,
      BiConsumer<StoredRow.Builder, Object> setter, int maxBytes) {
    this.sqlName = sqlName;
    this.type = type;
    this.notNull = notNull;
    this.getter = getter;
    this.setter = setter;
    this.maxBytes = maxBytes;
  }

  /** Every column as declared in {@code CREATE TABLE}, in table order, separated by commas. */
  public static String declarations(SqlDialect dialect) {
    return List.of(values()).stream().map(column -> column.declaration(dialect)).collect(Collectors.joining(", "));
  }

  /** The column's name in SQL. */
  public String sqlName() {
    return sqlName;
  }

  /** The column as declared in {@code CREATE TABLE}. */
  private String declaration(SqlDialect dialect) {
    String sqlType = switch (type) {
      case TEXT -> dialect.textType();
      case BINARY -> dialect.binaryType();
      case INTEGER -> dialect.integerType();
    };
    return sqlName + " " + sqlType + (notNull ? " NOT NULL" : "");
  }

  /**
   * The expression that reads the column if no longer than a writer makes it, else NULL. The length of a value is
   * read from its header (SQLite's record header, PostgreSQL's varlena header, even of a TOASTed value), without
   * loading the value, so a huge value planted in any column costs no memory and no time. Every check refuses
   * the NULL in its place (size mismatch, key mismatch, bad signature, bad blob id), or it stands where the writer
   * wrote NULL, and the row is then exactly as signed. An integer column is read as the dialect says
   * ({@link SqlDialect#readableInteger}), here and in comparisons alike.
   */
  String readable(SqlDialect dialect) {
    if (type == Type.INTEGER) {
      return dialect.readableInteger(sqlName, notNull);
    }
    return atMost(sqlName, maxBytes == Limit.NAMESPACE_NAME
        ? dialect.greatest() + "(octet_length(namespace), " + StoredRow.MAX_TEXT_BYTES + ")"
        : Integer.toString(maxBytes));
  }

  /** The expression that reads a text or blob column if at most {@code maxBytes} long, else NULL. */
  static String atMost(String column, String maxBytes) {
    return "(CASE WHEN octet_length(" + column + ") <= " + maxBytes + " THEN " + column + " END)";
  }

  /** Binds this column of the row to the statement's parameter. */
  void bind(SqlDialect dialect, PreparedStatement statement, int index, StoredRow row) throws SQLException {
    Object value = getter.apply(row);
    switch (type) {
      case TEXT -> statement.setString(index, (String) value);
      case BINARY -> statement.setBytes(index, (byte[]) value);
      case INTEGER -> setLong(dialect, statement, index, (Long) value);
    }
  }

  /** Sets this column of the row being built from the result's column. */
  void read(ResultSet rs, int index, StoredRow.Builder row) throws SQLException {
    Object value = switch (type) {
      case TEXT -> rs.getString(index);
      case BINARY -> rs.getBytes(index);
      case INTEGER -> {
        long number = rs.getLong(index);
        yield notNull || !rs.wasNull() ? Long.valueOf(number) : null;
      }
    };
    setter.accept(row, value);
  }

  /** Stand-ins for a column's maximum length, in a class of their own so that the constants can name them. */
  private static final class Limit {
    /** At least as long as the row's namespace name. */
    static final int NAMESPACE_NAME = -1;
  }

  /** A column's kind of value; the dialect names its SQL type. */
  private enum Type {
    TEXT,
    BINARY,
    INTEGER
  }

  /** Binds a nullable integer. */
  static void setLong(SqlDialect dialect, PreparedStatement statement, int index, Long value) throws SQLException {
    if (value == null) {
      statement.setNull(index, dialect.integerJdbcType());
    } else {
      statement.setLong(index, value);
    }
  }
}
