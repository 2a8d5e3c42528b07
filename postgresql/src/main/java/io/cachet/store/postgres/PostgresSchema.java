package io.cachet.store.postgres;

import io.cachet.store.StorageException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Cachet's schema, versioned in its one-row {@code schema_version} table: every open brings it to
 * {@link #CURRENT_VERSION} by running, in one transaction, the migrations from the version it finds. Hosts that
 * open at the same time take turns on an advisory lock, so that the second finds the first's work done.
 */
final class PostgresSchema {

  /** One step: brings the schema from the version before it to its own. */
  @FunctionalInterface
  private interface Migration {
    void apply(PostgresSession session) throws SQLException;
  }

  /** The migrations in order: the one at index {@code i} brings version {@code i} to {@code i + 1}. */
  private static final List<Migration> MIGRATIONS = List.of(PostgresSchema::createVersionOne);

  /** The version this release writes. */
  static final int CURRENT_VERSION = MIGRATIONS.size();

  private static final String OPERATION = "create the schema";
  // One lock for every schema of the database ("cach", "et"), in the two-key space of the stores' locks: creating
  // a schema or a table is not safe against a concurrent creation of the same.
  private static final String LOCK = "SELECT pg_advisory_xact_lock(" + 0x63616368 + ", " + 0x6574 + ")";
  private static final String SCHEMA_EXISTS = "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)";
  private static final String VERSION_TABLE_EXISTS = "SELECT to_regclass(? || '.schema_version') IS NOT NULL";
  private static final String CREATE_VERSION_TABLE = "CREATE TABLE schema_version (version integer NOT NULL)";
  private static final String SELECT_VERSION = "SELECT max(version) FROM schema_version";
  private static final String DELETE_VERSION = "DELETE FROM schema_version";
  private static final String INSERT_VERSION = "INSERT INTO schema_version (version) VALUES (?)";

  private PostgresSchema() {}

  /**
   * Creates the schema if missing and brings it to the current version, in one transaction.
   *
   * @throws StorageException if it fails, or if a newer release of Cachet wrote the schema
   */
  static void migrate(PostgresTransactions transactions, String schema) {
    transactions.write(OPERATION, null, session -> {
      session.statement(LOCK).execute();
      // Created only if missing: CREATE ... IF NOT EXISTS needs the privilege to create even when there is
      // nothing to create, which a role given only a schema made for it by an administrator does not have.
      if (!exists(session, SCHEMA_EXISTS, schema)) {
        session.statement("CREATE SCHEMA " + schema).execute();
      }
      if (!exists(session, VERSION_TABLE_EXISTS, schema)) {
        session.statement(CREATE_VERSION_TABLE).execute();
      }
      int version = version(session);
      if (version > CURRENT_VERSION) {
        throw StorageException.of(StorageException.Kind.IO, OPERATION).because("the schema " + schema
            + " has version " + version + ", written by a newer release of Cachet; this one knows versions up to "
            + CURRENT_VERSION);
      }
      for (int step = version; step < CURRENT_VERSION; step++) {
        MIGRATIONS.get(step).apply(session);
      }
      if (version != CURRENT_VERSION) {
        session.statement(DELETE_VERSION).executeUpdate();
        PreparedStatement insert = session.statement(INSERT_VERSION);
        insert.setInt(1, CURRENT_VERSION);
        insert.executeUpdate();
      }
      return null;
    });
  }

  private static boolean exists(PostgresSession session, String query, String schema) throws SQLException {
    PreparedStatement select = session.statement(query);
    select.setString(1, schema);
    try (ResultSet rs = select.executeQuery()) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  /** The schema's version; 0 for a new one. */
  static int version(PostgresSession session) throws SQLException {
    try (ResultSet rs = session.statement(SELECT_VERSION).executeQuery()) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  /** Version 1: every table, sequence and index. */
  private static void createVersionOne(PostgresSession session) throws SQLException {
    for (String statement : List.of(EntriesTable.CREATE_WRITE_ORDER, EntriesTable.CREATE, NamespacesTable.CREATE,
        LedgerTables.CREATE_LEDGERS, LedgerTables.CREATE_JOURNAL, EntriesTable.CREATE_LRU_INDEX,
        EntriesTable.CREATE_BLOB_INDEX, EntriesTable.CREATE_EXPIRY_INDEX)) {
      session.statement(statement).execute();
    }
  }
}
