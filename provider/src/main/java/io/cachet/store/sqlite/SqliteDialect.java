package io.cachet.store.sqlite;

import io.cachet.store.StorageException;
import io.cachet.store.jdbc.SqlDialect;
import io.cachet.store.jdbc.SqlSession;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

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

  /**
   * {@code PRAGMA quick_check}: every page's structure, record and index entry counts, without the index contents
   * {@code integrity_check} compares (which reads every index in full for each row). At most 100 findings.
   */
  @Override
  public String integrityCheck() {
    return "PRAGMA quick_check";
  }

  /**
   * Lets SQLite refresh the statistics of the indexes that need it ({@code PRAGMA optimize}), then checkpoints the
   * write-ahead log into the database and truncates it: in this order, since the statistics are written to the
   * log. The checkpoint waits, up to the busy timeout, for readers still using the log; if they outlast it, it
   * fails as SQLITE_BUSY, having folded back what it could.
   */
  @Override
  public void compact(SqlSession session) throws SQLException {
    session.statement("PRAGMA optimize").execute();
    try (ResultSet rs = session.statement("PRAGMA wal_checkpoint(TRUNCATE)").executeQuery()) {
      // Its columns: whether it was blocked before completing, the log's frames, the frames checkpointed.
      if (rs.next() && rs.getInt(1) != 0) {
        throw new SQLiteException("other connections kept using the write-ahead log: " + rs.getInt(3) + " of "
            + rs.getInt(2) + " frames were folded back into the database", SQLiteErrorCode.SQLITE_BUSY);
      }
    }
  }

  @Override
  public StorageException.Kind kind(SQLException e) {
    return SqliteFailures.kind(e);
  }
}
