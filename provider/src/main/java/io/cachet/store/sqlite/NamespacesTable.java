package io.cachet.store.sqlite;

import io.cachet.store.NamespaceRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The statements on the {@code namespaces} table, and the records bound to and mapped from them. */
final class NamespacesTable {
  static final String CREATE = "CREATE TABLE IF NOT EXISTS namespaces ("
      + "name TEXT NOT NULL PRIMARY KEY, id TEXT NOT NULL, created_at INTEGER NOT NULL, key_file TEXT, "
      + "key_id TEXT, signature TEXT, ledger INTEGER)";
  private static final String COLUMNS = "name, id, created_at, key_file, key_id, signature, ledger";
  static final String SELECT = "SELECT " + COLUMNS + " FROM namespaces WHERE name = ?";
  static final String INSERT = "INSERT OR IGNORE INTO namespaces (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
  static final String REPLACE = "INSERT OR REPLACE INTO namespaces (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
  static final String SELECT_ALL = "SELECT " + COLUMNS + " FROM namespaces";
  static final String DELETE = "DELETE FROM namespaces WHERE name = ?";

  private NamespacesTable() {}

  /** Runs {@link #INSERT} or {@link #REPLACE} for the record. @return whether a row was written */
  static boolean write(PreparedStatement statement, NamespaceRecord record) throws SQLException {
    statement.setString(1, record.name());
    statement.setString(2, record.id());
    statement.setLong(3, record.createdAt());
    statement.setString(4, record.keyFile());
    statement.setString(5, record.keyId());
    statement.setString(6, record.signature());
    statement.setInt(7, record.ledger() ? 1 : 0);
    return statement.executeUpdate() == 1;
  }

  /** The record in the current row of a query of {@link #SELECT} or {@link #SELECT_ALL}. */
  static NamespaceRecord record(ResultSet rs) throws SQLException {
    return new NamespaceRecord(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getInt(7) == 1);
  }
}
