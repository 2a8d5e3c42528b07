package io.cachet.store.sqlite;

import io.cachet.store.StorageException;
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
    void apply(SqliteSession session) throws SQLException;
  }

  /** The migrations in order: the one at index {@code i} brings version {@code i} to {@code i + 1}. */
  private static final List<Migration> MIGRATIONS = List.of(SqliteSchema::createVersionOne);

  /** The version this release writes. */
  static final int CURRENT_VERSION = MIGRATIONS.size();

  // Columns added after the first release of the schema, before it was versioned: a database of version 0 may
  // lack any of them.
  private static final String[][] UNVERSIONED_COLUMNS = {
      {"entries", "encryption", "TEXT"}, {"namespaces", "key_file", "TEXT"}, {"namespaces", "key_id", "TEXT"},
      {"entries", "generation", "INTEGER"}, {"ledgers", "journal_hash", "TEXT"},
      {"namespaces", "ledger", "INTEGER"}};

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
  static int version(SqliteSession session) throws SQLException {
    try (ResultSet rs = session.statement("PRAGMA user_version").executeQuery()) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  /**
   * Version 1, the schema of the release that introduced versioning: creates what is missing, for a new
   * database and for one written by any earlier release, which may lack tables, the columns added since the
   * first release, and indexes.
   */
  private static void createVersionOne(SqliteSession session) throws SQLException {
    session.statement(EntriesTable.CREATE).executeUpdate();
    session.statement(NamespacesTable.CREATE).executeUpdate();
    session.statement(LedgerTables.CREATE_LEDGERS).executeUpdate();
    session.statement(LedgerTables.CREATE_JOURNAL).executeUpdate();
    for (String[] column : UNVERSIONED_COLUMNS) {
      addColumnIfMissing(session, column[0], column[1], column[2]);
    }
    session.statement(EntriesTable.CREATE_LRU_INDEX).executeUpdate();
    session.statement(EntriesTable.CREATE_BLOB_INDEX).executeUpdate();
    session.statement(EntriesTable.CREATE_EXPIRY_INDEX).executeUpdate();
  }

  private static void addColumnIfMissing(SqliteSession session, String table, String column, String type)
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
