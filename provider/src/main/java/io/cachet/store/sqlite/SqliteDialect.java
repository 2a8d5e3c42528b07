package io.cachet.store.sqlite;

import io.cachet.store.StorageException;
import io.cachet.store.jdbc.SqlDialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * SQLite's SQL: dynamically typed columns, whose readers check the type of what an integer column holds; the
 * rowid as the write order; {@code INSERT OR REPLACE} and {@code OR IGNORE}; flags as integers 0 and 1. A single
 * writer serializes the writes, so nothing is locked by a read.
 */
final class SqliteDialect implements SqlDialect {
  static final SqliteDialect INSTANCE = new SqliteDialect();

  private SqliteDialect() {}

  @Override
  public String textType() {
    return "TEXT";
  }

  @Override
  public String binaryType() {
    return "BLOB";
  }

  @Override
  public String integerType() {
    return "INTEGER";
  }

  @Override
  public int integerJdbcType() {
    return Types.INTEGER;
  }

  /**
   * {@code typeof} is answered from the record header, without loading the value, so a 600 MB {@code zeroblob}
   * planted in an integer column costs no memory and no time. An integer column holding anything else reads as
   * 0 if NOT NULL (what a NULL reads as), else as NULL.
   */
  @Override
  public String readableInteger(String column, boolean notNull) {
    return "(CASE WHEN typeof(" + column + ") = 'integer' THEN " + column + (notNull ? " ELSE 0" : "") + " END)";
  }

  @Override
  public String greatest() {
    return "max";
  }

  @Override
  public String isSame() {
    return " IS ";
  }

  @Override
  public String lockingRead() {
    return "";
  }

  @Override
  public String lockingSkipRead() {
    return "";
  }

  @Override
  public String writeOrder() {
    return "rowid";
  }

  /** None: {@code INSERT OR REPLACE} deletes the old row and inserts a new one, with a new rowid. */
  @Override
  public String newWriteOrder() {
    return null;
  }

  @Override
  public boolean deleteReturns() {
    return false;
  }

  @Override
  public String insertIfAbsent(String insert, String conflictKey) {
    return insert.replaceFirst("^INSERT ", "INSERT OR IGNORE ");
  }

  @Override
  public String insertOrReplace(String insert, String conflictKey, String assignments) {
    return insert.replaceFirst("^INSERT ", "INSERT OR REPLACE ");
  }

  @Override
  public void setFlag(PreparedStatement statement, int index, boolean value) throws SQLException {
    statement.setInt(index, value ? 1 : 0);
  }

  @Override
  public boolean flag(ResultSet rs, int column) throws SQLException {
    return rs.getInt(column) != 0;
  }

  @Override
  public StorageException.Kind kind(SQLException e) {
    return SqliteFailures.kind(e);
  }
}
