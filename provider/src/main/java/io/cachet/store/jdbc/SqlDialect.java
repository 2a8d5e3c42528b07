package io.cachet.store.jdbc;

import io.cachet.store.StorageException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** What the SQL of one database says differently, and how its failures and values map to the store's. */
public interface SqlDialect {
  /** The SQL type of a text column. */
  String textType();

  /** The SQL type of a binary column. */
  String binaryType();

  /** The SQL type of a 64-bit integer column. */
  String integerType();

  /** The {@link java.sql.Types} constant a null integer is bound as. */
  int integerJdbcType();

  /**
   * The expression that reads an integer column, or NULL (0 if {@code notNull}) where the database lets it hold
   * anything else.
   */
  String readableInteger(String column, boolean notNull);

  /** The name of the SQL function of the greater of two values. */
  String greatest();

  /** The null-safe equality operator, with spaces around it. */
  String isSame();

  /** What follows the select of the row a write replaces: a lock of it, if the backend needs one. */
  String lockingRead();

  /** What follows the eviction candidates' select: a lock of them that skips rows being written, if needed. */
  String lockingSkipRead();

  /** The column that orders rows of one access time by when they were written as most recently accessed. */
  String writeOrder();

  /**
   * The value that gives a replaced row a new {@link #writeOrder()}, or null if replacing a row does so by
   * itself.
   */
  String newWriteOrder();

  /** Whether a {@code DELETE} can return what it deleted ({@code RETURNING}). */
  boolean deleteReturns();

  /** The insert of {@code insert} (an {@code INSERT INTO ... VALUES} statement) that does nothing on a conflict. */
  String insertIfAbsent(String insert, String conflictKey);

  /** The insert that replaces the row it conflicts with, assigning {@code assignments} where it updates instead. */
  String insertOrReplace(String insert, String conflictKey, String assignments);

  /** Binds a flag column. */
  void setFlag(PreparedStatement statement, int index, boolean value) throws SQLException;

  /** Reads a flag column. */
  boolean flag(ResultSet rs, int column) throws SQLException;

  /**
   * The query of the database's own consistency check, each row of its answer one finding ({@code ok} alone if it
   * found nothing wrong), which only reads; null where the database has none.
   */
  String integrityCheck();

  /**
   * Folds what the database keeps aside back into it and lets it refresh its statistics, changing no row; run on
   * the session of {@link Transactions#maintain}, outside any transaction.
   */
  void compact(SqlSession session) throws SQLException;

  /** The kind of failure the database reported. */
  StorageException.Kind kind(SQLException e);
}
