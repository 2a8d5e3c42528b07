package io.cachet.store.jdbc;

import io.cachet.store.NamespaceRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The statements on the {@code namespaces} table in one dialect, and the records bound to and mapped from them. */
final class NamespacesTable {
  private static final String COLUMNS = "name, id, created_at, key_file, key_id, signature, ledger";
  private static final String INSERT = "INSERT INTO namespaces (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
  static final String SELECT = "SELECT " + COLUMNS + " FROM namespaces WHERE name = ?";
  static final String SELECT_ALL = "SELECT " + COLUMNS + " FROM namespaces";
  static final String DELETE = "DELETE FROM namespaces WHERE name = ?";

  final String insertIfAbsent;
  final String replace;
  private final SqlDialect dialect;

  NamespacesTable(SqlDialect dialect) {
    this.dialect = dialect;
    insertIfAbsent = dialect.insertIfAbsent(INSERT, "name");
    replace = dialect.insertOrReplace(INSERT, "name", "id = excluded.id, created_at = excluded.created_at, "
        + "key_file = excluded.key_file, key_id = excluded.key_id, signature = excluded.signature, "
        + "ledger = excluded.ledger");
  }

  /** Runs {@link #insertIfAbsent} or {@link #replace} for the record. @return whether a row was written */
  boolean write(PreparedStatement statement, NamespaceRecord record) throws SQLException {
    statement.setString(1, record.name());
    statement.setString(2, record.id());
    statement.setLong(3, record.createdAt());
    statement.setString(4, record.keyFile());
    statement.setString(5, record.keyId());
    statement.setString(6, record.signature());
    dialect.setFlag(statement, 7, record.ledger());
    return statement.executeUpdate() == 1;
  }

  /** The record in the current row of a query of {@link #SELECT} or {@link #SELECT_ALL}. */
  NamespaceRecord record(ResultSet rs) throws SQLException {
    return new NamespaceRecord(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
        rs.getString(6), dialect.flag(rs, 7));
  }
}
