package io.cachet.store.sqlite;

import io.cachet.store.StorageException;
import io.cachet.store.jdbc.EntryColumn;
import io.cachet.store.jdbc.SqlSession;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The database's schema, versioned in {@code PRAGMA user_version}: every open brings it to
 * {@link #CURRENT_VERSION} by running, in one write transaction, the migrations from the version it finds.
 * Databases written before the schema was versioned read as version 0.
 */
final class SqliteSchema {

  /** One step: brings a database from the version before it to its own. */
  @FunctionalInterface
  private interface Migration {
    void apply(SqlSession session) throws SQLException;
  }

  /** The migrations in order: the one at index {@code i} brings version {@code i} to {@code i + 1}. */
  private static final List<Migration> MIGRATIONS =
      List.of(SqliteSchema::createVersionOne, SqliteSchema::createVersionTwo);

  /** The version this release writes. */
  static final int CURRENT_VERSION = MIGRATIONS.size();

  // Columns added after the first release of the schema, before it was versioned: a database of version 0 may
  // lack any of them.
  private static final String[][] UNVERSIONED_COLUMNS = {
      {"entries", "encryption", "TEXT"}, {"namespaces", "key_file", "TEXT"}, {"namespaces", "key_id", "TEXT"},
      {"entries", "generation", "INTEGER"}, {"ledgers", "journal_hash", "TEXT"},
      {"namespaces", "ledger", "INTEGER"}};

  private static final String CREATE_ENTRIES = "CREATE TABLE IF NOT EXISTS entries ("
      + EntryColumn.declarations(SqliteDialect.INSTANCE) + ", PRIMARY KEY (namespace, cache_key))";
  private static final String CREATE_LRU_INDEX =
      "CREATE INDEX IF NOT EXISTS entries_lru ON entries (namespace, accessed_at)";
  // Only blob rows are indexed, so that inline writes do not pay for it.
  private static final String CREATE_BLOB_INDEX =
      "CREATE INDEX IF NOT EXISTS entries_blob ON entries (namespace, blob_id) WHERE blob_id IS NOT NULL";
  // Only expiring rows are indexed, so that eternal entries cost the expiry sweep nothing.
  private static final String CREATE_EXPIRY_INDEX =
      "CREATE INDEX IF NOT EXISTS entries_expiry ON entries (namespace, expires_at) WHERE expires_at IS NOT NULL";
  private static final String CREATE_NAMESPACES = "CREATE TABLE IF NOT EXISTS namespaces ("
      + "name TEXT NOT NULL PRIMARY KEY, id TEXT NOT NULL, created_at INTEGER NOT NULL, key_file TEXT, "
      + "key_id TEXT, signature TEXT, ledger INTEGER)";
  private static final String CREATE_LEDGERS = "CREATE TABLE IF NOT EXISTS ledgers (namespace TEXT NOT NULL "
      + "PRIMARY KEY, generation INTEGER NOT NULL, since INTEGER NOT NULL, live_rows INTEGER NOT NULL, digest TEXT, "
      + "journal_hash TEXT, signature TEXT)";
  private static final String CREATE_JOURNAL = "CREATE TABLE IF NOT EXISTS ledger_journal (namespace TEXT NOT NULL, "
      + "generation INTEGER NOT NULL, cache_key TEXT NOT NULL, removed INTEGER NOT NULL, "
      + "PRIMARY KEY (namespace, generation)) WITHOUT ROWID";

  private SqliteSchema() {}

  /**
   * Brings the database's schema to the current version, in one write transaction, so that another process
   * opening it at the same time waits and then finds it done.
   *
   * @throws StorageException if it fails, or if a newer release of Cachet wrote the database
   */
  static void migrate(SqliteTransactions transactions) {
    transactions.write("create the schema", null, session -> {
      int version = version(session);
      if (version > CURRENT_VERSION) {
        throw StorageException.of(StorageException.Kind.IO, "create the schema").because("the database has "
            + "schema version " + version + ", written by a newer release of Cachet; this one knows versions up to "
            + CURRENT_VERSION);
      }
      for (int step = version; step < CURRENT_VERSION; step++) {
        MIGRATIONS.get(step).apply(session);
      }
      if (version != CURRENT_VERSION) {
        session.statement("PRAGMA user_version = " + CURRENT_VERSION).executeUpdate();
      }
      return null;
    });
  }

  /** The schema version stored in the database; 0 for a new one or one written before versioning. */
  static int version(SqlSession session) throws SQLException {
    try (ResultSet rs = session.statement("PRAGMA user_version").executeQuery()) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  /**
   * Version 1, the schema of the release that introduced versioning: creates what is missing, for a new
   * database and for one written by any earlier release, which may lack tables, the columns added since the
   * first release, and indexes.
   */
  private static void createVersionOne(SqlSession session) throws SQLException {
    session.statement(CREATE_ENTRIES).executeUpdate();
    session.statement(CREATE_NAMESPACES).executeUpdate();
    session.statement(CREATE_LEDGERS).executeUpdate();
    session.statement(CREATE_JOURNAL).executeUpdate();
    for (String[] column : UNVERSIONED_COLUMNS) {
      addColumnIfMissing(session, column[0], column[1], column[2]);
    }
    session.statement(CREATE_LRU_INDEX).executeUpdate();
    session.statement(CREATE_BLOB_INDEX).executeUpdate();
    session.statement(CREATE_EXPIRY_INDEX).executeUpdate();
  }

  /** Version 2: a namespace's keys being retired by a rotation, and the signature handing it over. */
  private static void createVersionTwo(SqlSession session) throws SQLException {
    session.statement("ALTER TABLE namespaces ADD COLUMN previous_keys TEXT").executeUpdate();
    session.statement("ALTER TABLE namespaces ADD COLUMN handover TEXT").executeUpdate();
  }

  private static void addColumnIfMissing(SqlSession session, String table, String column, String type)
      throws SQLException {
    try (ResultSet rs = session.statement("PRAGMA table_info(" + table + ")").executeQuery()) {
      while (rs.next()) {
        if (column.equals(rs.getString("name"))) {
          return;
        }
      }
    }
    session.statement("ALTER TABLE " + table + " ADD COLUMN " + column + " " + type).executeUpdate();
  }
}
