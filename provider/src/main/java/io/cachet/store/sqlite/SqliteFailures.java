package io.cachet.store.sqlite;

import io.cachet.store.StorageException;
import io.cachet.store.StorageException.Kind;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** What kind of storage failure an SQLite error is, by sqlite-jdbc's {@link SQLiteErrorCode}. */
final class SqliteFailures {
  // The low byte of an extended result code (SQLITE_IOERR_WRITE, SQLITE_BUSY_SNAPSHOT) is its primary code.
  private static final int PRIMARY_CODE_MASK = 0xFF;

  private SqliteFailures() {}

  /**
   * The kind of the first storage failure or SQLite error in the failure's causes; {@link Kind#IO} if none is
   * one.
   */
  static Kind kind(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof StorageException storage) {
        return storage.kind();
      }
      if (cause instanceof SQLiteException sqlite) {
        return kind(sqlite.getResultCode());
      }
    }
    return Kind.IO;
  }

  /** The kind of a result code, extended or primary. */
  static Kind kind(SQLiteErrorCode code) {
    return switch (SQLiteErrorCode.getErrorCode(code.code & PRIMARY_CODE_MASK)) {
      case SQLITE_BUSY, SQLITE_LOCKED -> Kind.BUSY;
      case SQLITE_FULL -> Kind.FULL;
      case SQLITE_CORRUPT, SQLITE_NOTADB -> Kind.CORRUPT;
      default -> Kind.IO;
    };
  }

  /** Whether a failure, or one of its causes, is SQLite reporting a damaged database or no database. */
  static boolean isCorruption(Throwable failure) {
    return kind(failure) == Kind.CORRUPT;
  }

  /** SQLite's own words for the failure, or the failure's if SQLite said nothing. */
  static String sqliteReport(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        return "SQLite reports " + sql.getMessage();
      }
    }
    return failure.toString();
  }
}
