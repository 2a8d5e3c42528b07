package io.cachet.store.postgres;

import io.cachet.store.StorageException;
import io.cachet.store.StorageException.Kind;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** What kind of storage failure a PostgreSQL error is, by its SQLSTATE, and how to report it. */
final class PostgresFailures {
  private PostgresFailures() {}

  /**
   * The kind of the first storage failure or SQL error with a SQLSTATE in the failure's causes; {@link Kind#IO} if
   * none is one. A pool that timed out with no failure of its own to report was busy: every connection was in use.
   */
  static Kind kind(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof StorageException storage) {
        return storage.kind();
      }
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        return kind(sql.getSQLState());
      }
    }
    return failure instanceof SQLTransientConnectionException && failure.getCause() == null ? Kind.BUSY : Kind.IO;
  }

  /** The kind of a SQLSTATE. */
  static Kind kind(String sqlState) {
    return switch (sqlState) {
      // serialization_failure, deadlock_detected, lock_not_available, too_many_connections
      case "40001", "40P01", "55P03", "53300" -> Kind.BUSY;
      case "53100" -> Kind.FULL; // disk_full
      // data_corrupted, index_corrupted
      case "XX001", "XX002" -> Kind.CORRUPT;
      // connection failures (class 08), a server shutting down (57P01-57P03) and everything else
      default -> Kind.IO;
    };
  }

  /** Whether the transaction failed only because it met another one, so that running it again may succeed. */
  static boolean isRetryable(SQLException e) {
    return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
  }

  /**
   * The failure as a {@link StorageException} naming the operation and namespace: what the pool or driver said,
   * then what the server said if it said something else. The password is not in the driver's messages; it is
   * masked all the same, should a URL or server ever echo it.
   */
  static StorageException failure(String operation, String namespace, SQLException e, String password) {
    String detail = String.valueOf(e.getMessage());
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != e && root.getMessage() != null && !detail.contains(root.getMessage())) {
      detail += " (" + root.getMessage() + ")";
    }
    if (password != null && !password.isEmpty()) {
      detail = detail.replace(password, "***");
    }
    return StorageException.of(kind(e), operation).namespace(namespace).because(detail, e);
  }

  /** The failure of an operation on a store or locks that were closed. */
  static StorageException closed(String operation, String namespace) {
    return StorageException.of(Kind.CLOSED, operation).namespace(namespace).because("the PostgreSQL store is closed");
  }
}
