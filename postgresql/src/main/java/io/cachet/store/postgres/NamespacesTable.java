package io.cachet.store.postgres;

import io.cachet.store.NamespaceRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The statements on the {@code namespaces} table, and the records bound to and mapped from them. */
final class NamespacesTable {
  static final String CREATE = "CREATE TABLE namespaces (name text NOT NULL PRIMARY KEY, id text NOT NULL, "
      + "created_at bigint NOT NULL, key_file text, key_id text, signature text, ledger boolean NOT NULL)";
  private static final String COLUMNS = "name, id, created_at, key_file, key_id, signature, ledger";
  static final String SELECT = "SELECT " + COLUMNS + " FROM namespaces WHERE name = ?";
  private static final String INSERT = "INSERT INTO namespaces (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
  static final String INSERT_IF_ABSENT = INSERT + " ON CONFLICT (name) DO NOTHING";
  static final String REPLACE = INSERT + " ON CONFLICT (name) DO UPDATE SET id = excluded.id, created_at = "
      + "excluded.created_at, key_file = excluded.key_file, key_id = excluded.key_id, signature = excluded.signature, "
      + "ledger = excluded.ledger";
  static final String SELECT_ALL = "SELECT " + COLUMNS + " FROM namespaces";
  static final String DELETE = "DELETE FROM namespaces WHERE name = ?";

  private NamespacesTable() {}

  /** Runs {@link #INSERT_IF_ABSENT} or {@link #REPLACE} for the record. @return whether a row was written */
  static boolean write(PreparedStatement statement, NamespaceRecord record) throws SQLException {
    statement.setString(1, record.name());
    statement.setString(2, record.id());
    statement.setLong(3, record.createdAt());
    statement.setString(4, record.keyFile());
    statement.setString(5, record.keyId());
    statement.setString(6, record.signature());
    statement.setBoolean(7, record.ledger());
    return statement.executeUpdate() == 1;
  }

  /** The record in the current row of a query of {@link #SELECT} or {@link #SELECT_ALL}. */
  static NamespaceRecord record(ResultSet rs) throws SQLException {
    return new NamespaceRecord(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getBoolean(7));
  }
}
