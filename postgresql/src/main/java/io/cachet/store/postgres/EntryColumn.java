package io.cachet.store.postgres;

import io.cachet.store.StoredRow;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The columns of the {@code entries} table (DESIGN §3), in table order, as the SQLite store declares them:
 * the one list from which its DDL, its statements, the binding of a {@link StoredRow} and the mapping back all
 * derive. Text is {@code text}, binary {@code bytea}, integers {@code bigint}.
 */
enum EntryColumn {
  // The key columns have no setter: a row's builder takes them first, and reads do not select them.
  NAMESPACE("namespace", Type.TEXT, true, StoredRow::namespace, null),
  CACHE_KEY("cache_key", Type.TEXT, true, StoredRow::cacheKey, null),
  KEY_BYTES("key_bytes", Type.BYTEA, true, StoredRow::keyBytes, (row, value) -> row.keyBytes((byte[]) value),
      StoredRow.MAX_KEY_BYTES),
  DATA_TYPE("data_type", Type.TEXT, true, StoredRow::dataType, (row, value) -> row.dataType((String) value)),
  // Bounded by the namespace name itself, or by the name of the namespace a row was copied from.
  PREFIX("prefix", Type.TEXT, true, StoredRow::prefix, (row, value) -> row.prefix((String) value),
      "greatest(octet_length(namespace), " + StoredRow.MAX_TEXT_BYTES + ")"),
  FILE_SIZE("file_size", Type.BIGINT, true, StoredRow::fileSize, (row, value) -> row.fileSize((Long) value)),
  FILE_HASH("file_hash", Type.TEXT, true, StoredRow::fileHash, (row, value) -> row.fileHash((String) value)),
  OBJECT_TYPE("object_type", Type.TEXT, true, StoredRow::objectType, (row, value) -> row.objectType((String) value)),
  STORAGE_FORMAT("storage_format", Type.TEXT, true, StoredRow::storageFormat,
      (row, value) -> row.storageFormat((String) value)),
  SERIALIZER("serializer", Type.TEXT, true, StoredRow::serializer, (row, value) -> row.serializer((String) value)),
  COMPRESSION_CODEC("compression_codec", Type.TEXT, true, StoredRow::compressionCodec,
      (row, value) -> row.compressionCodec((String) value)),
  ENCRYPTION("encryption", Type.TEXT, false, StoredRow::encryption, (row, value) -> row.encryption((String) value)),
  CREATED_AT("created_at", Type.BIGINT, true, StoredRow::createdAt, (row, value) -> row.createdAt((Long) value)),
  EXPIRES_AT("expires_at", Type.BIGINT, false, StoredRow::expiresAt, (row, value) -> row.expiresAt((Long) value)),
  ENTRY_SIGNATURE("entry_signature", Type.TEXT, false, StoredRow::entrySignature,
      (row, value) -> row.entrySignature((String) value)),
  BLOB_ID("blob_id", Type.TEXT, false, StoredRow::blobId, (row, value) -> row.blobId((String) value)),
  ACCESSED_AT("accessed_at", Type.BIGINT, true, StoredRow::accessedAt, (row, value) -> row.accessedAt((Long) value)),
  GENERATION("generation", Type.BIGINT, false, StoredRow::generation, (row, value) -> row.generation((Long) value)),
  INLINE_VALUE("inline_value", Type.BYTEA, false, StoredRow::inlineValue,
      (row, value) -> row.inlineValue((byte[]) value), StoredRow.MAX_INLINE_BYTES);

  /** The columns after the key (namespace, cache_key), which fixes them: what a row's reads select. */
  static final List<EntryColumn> AFTER_KEY = List.of(values()).subList(2, values().length);

  private final String sqlName;
  private final Type type;
  private final boolean notNull;
  private final Function<StoredRow, Object> getter;
  private final BiConsumer<StoredRow.Builder, Object> setter;
  private final String maxBytes;

  EntryColumn(String sqlName, Type type, boolean notNull, Function<StoredRow, Object> getter,
      BiConsumer<StoredRow.Builder, Object> setter) {
    this(sqlName, type, notNull, getter, setter, Integer.toString(StoredRow.MAX_TEXT_BYTES));
  }

  EntryColumn(String sqlName, Type type, boolean notNull, Function<StoredRow, Object> getter,
      BiConsumer<StoredRow.Builder, Object> setter, int maxBytes) {
    this(sqlName, type, notNull, getter, setter, Integer.toString(maxBytes));
  }

  EntryColumn(String sqlName, Type type, boolean notNull, Function<StoredRow, Object> getter,
      BiConsumer<StoredRow.Builder, Object> setter, String maxBytes) {
    this.sqlName = sqlName;
    this.type = type;
    this.notNull = notNull;
    this.getter = getter;
    this.setter = setter;
    this.maxBytes = maxBytes;
  }

  /** The column's name in SQL. */
  String sqlName() {
    return sqlName;
  }

  /** The column as declared in {@code CREATE TABLE}. */
  String declaration() {
    return sqlName + " " + type.name().toLowerCase(Locale.ROOT) + (notNull ? " NOT NULL" : "");
  }

  /**
   * The expression that reads the column if no longer than a writer makes it, else NULL. {@code octet_length}
   * of a stored (even TOASTed) text or bytea value is read from its header, without detoasting it, so a huge value
   * planted by a database user costs no memory and no time. A {@code bigint} column holds nothing but integers.
   */
  String readable() {
    return type == Type.BIGINT ? sqlName : atMost(sqlName, maxBytes);
  }

  /** The expression that reads a text or bytea column if at most {@code maxBytes} long, else NULL. */
  static String atMost(String column, String maxBytes) {
    return "(CASE WHEN octet_length(" + column + ") <= " + maxBytes + " THEN " + column + " END)";
  }

  /** Binds this column of the row to the statement's parameter. */
  void bind(PreparedStatement statement, int index, StoredRow row) throws SQLException {
    Object value = getter.apply(row);
    switch (type) {
      case TEXT -> statement.setString(index, (String) value);
      case BYTEA -> statement.setBytes(index, (byte[]) value);
      case BIGINT -> setLong(statement, index, (Long) value);
    }
  }

  /** Sets this column of the row being built from the result's column. */
  void read(ResultSet rs, int index, StoredRow.Builder row) throws SQLException {
    Object value = switch (type) {
      case TEXT -> rs.getString(index);
      case BYTEA -> rs.getBytes(index);
      case BIGINT -> {
        long number = rs.getLong(index);
        yield notNull || !rs.wasNull() ? Long.valueOf(number) : null;
      }
    };
    setter.accept(row, value);
  }

  /** A column's SQL type; its name is the type's name in SQL. */
  private enum Type {
    TEXT,
    BYTEA,
    BIGINT
  }

  /** Binds a nullable integer. */
  static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }
}
