package io.cachet.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** The statements a session prepared on its connection, each prepared once; confined to the session's thread. */
public final class StatementCache {
  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  public StatementCache(Connection connection) {
    this.connection = connection;
  }

  /** The statement for this SQL, prepared on first use. */
  public PreparedStatement statement(String sql) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      statements.put(sql, statement);
    }
    return statement;
  }

  /**
   * Closes every statement and forgets them, even if some fail to close.
   *
   * @throws SQLException the last failure to close one, after all were tried
   */
  public void closeAll() throws SQLException {
    SQLException failure = null;
    for (PreparedStatement statement : statements.values()) {
      try {
        statement.close();
      } catch (SQLException e) {
        failure = e;
      }
    }
    statements.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
