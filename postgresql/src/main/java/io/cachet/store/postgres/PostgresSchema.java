package io.cachet.store.postgres;

import io.cachet.store.StorageException;
import io.cachet.store.jdbc.EntryColumn;
import io.cachet.store.jdbc.SqlSession;
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
    void apply(SqlSession session) throws SQLException;
  }

  /** The migrations in order: the one at index {@code i} brings version {@code i} to {@code i + 1}. */
  private static final List<Migration> MIGRATIONS =
      List.of(PostgresSchema::createVersionOne, PostgresSchema::createVersionTwo,
      PostgresSchema::createVersionThree, PostgresSchema::createVersionFour);

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

  // The write order: drawn from a sequence when a row is written as the most recently accessed, it orders the
  // rows of one access time for eviction, as SQLite's rowid does.
  private static final String CREATE_WRITE_ORDER = "CREATE SEQUENCE entries_write_order";
  private static final String CREATE_ENTRIES = "CREATE TABLE entries ("
      + EntryColumn.declarations(PostgresDialect.INSTANCE) + ", write_order bigint NOT NULL DEFAULT " + PostgresDialect.NEXT_WRITE_ORDER
      + ", PRIMARY KEY (namespace, cache_key))";
  private static final String CREATE_LRU_INDEX =
      "CREATE INDEX entries_lru ON entries (namespace, accessed_at, write_order)";
  // Only blob rows are indexed, so that inline writes do not pay for it.
  private static final String CREATE_BLOB_INDEX =
      "CREATE INDEX entries_blob ON entries (namespace, blob_id) WHERE blob_id IS NOT NULL";
  // Only expiring rows are indexed, so that eternal entries cost the expiry sweep nothing.
  private static final String CREATE_EXPIRY_INDEX =
      "CREATE INDEX entries_expiry ON entries (namespace, expires_at) WHERE expires_at IS NOT NULL";
  private static final String CREATE_NAMESPACES = "CREATE TABLE namespaces (name text NOT NULL PRIMARY KEY, "
      + "id text NOT NULL, created_at bigint NOT NULL, key_file text, key_id text, signature text, "
      + "ledger boolean NOT NULL)";
  private static final String CREATE_LEDGERS = "CREATE TABLE ledgers (namespace text NOT NULL PRIMARY KEY, "
      + "generation bigint NOT NULL, since bigint NOT NULL, live_rows bigint NOT NULL, digest text, "
      + "journal_hash text, signature text)";
  private static final String CREATE_JOURNAL = "CREATE TABLE ledger_journal (namespace text NOT NULL, "
      + "generation bigint NOT NULL, cache_key text NOT NULL, removed boolean NOT NULL, "
      + "PRIMARY KEY (namespace, generation))";

  // Payloads above the inline threshold when no bucket is configured; created_at is the database's clock.
  private static final String CREATE_BLOBS = "CREATE TABLE blobs (namespace_id text NOT NULL, blob_id text NOT NULL,"
      + " bytes bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (namespace_id, blob_id))";

  // Every S3 object Cachet may have written, recorded before the write; recorded_at is the database's clock. The
  // collector looks for old ones.
  private static final String CREATE_BLOB_JOURNAL = "CREATE TABLE blob_journal (namespace_id text NOT NULL,"
      + " blob_id text NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (namespace_id, blob_id))";
  private static final String CREATE_BLOB_JOURNAL_AGE_INDEX =
      "CREATE INDEX blob_journal_age ON blob_journal (recorded_at)";

  private static final String ADD_ROTATION_COLUMNS =
      "ALTER TABLE namespaces ADD COLUMN previous_keys text, ADD COLUMN handover text";

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

  /**
   * Checks, changing nothing, that the schema exists at the version this release writes: what a store that may
   * not write needs before it reads.
   *
   * @throws StorageException if the schema, or its version table, is missing, or its version is another
   */
  static void requireCurrent(PostgresTransactions transactions, String schema) {
    String operation = "open the PostgreSQL store read-only";
    Integer version = transactions.readSnapshot(operation, null, session -> {
      if (!exists(session, SCHEMA_EXISTS, schema) || !exists(session, VERSION_TABLE_EXISTS, schema)) {
        return null;
      }
      return version(session);
    });
    if (version == null) {
      throw StorageException.of(StorageException.Kind.IO, operation).because("the schema " + schema
          + " holds no Cachet store (no " + schema + ".schema_version table); a read-only open creates nothing");
    }
    if (version != CURRENT_VERSION) {
      throw StorageException.of(StorageException.Kind.IO, operation).because("the schema " + schema
          + " has version " + version + ", and this release of Cachet reads version " + CURRENT_VERSION + " only; "
          + (version > CURRENT_VERSION ? "use the release that wrote it"
              : "an application of this release migrates it when it opens the store"));
    }
  }

  private static boolean exists(SqlSession session, String query, String schema) throws SQLException {
    PreparedStatement select = session.statement(query);
    select.setString(1, schema);
    try (ResultSet rs = select.executeQuery()) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  /** The schema's version; 0 for a new one. */
  static int version(SqlSession session) throws SQLException {
    try (ResultSet rs = session.statement(SELECT_VERSION).executeQuery()) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  /** Version 1: every table, sequence and index. */
  private static void createVersionOne(SqlSession session) throws SQLException {
    for (String statement : List.of(CREATE_WRITE_ORDER, CREATE_ENTRIES, CREATE_NAMESPACES, CREATE_LEDGERS,
        CREATE_JOURNAL, CREATE_LRU_INDEX, CREATE_BLOB_INDEX, CREATE_EXPIRY_INDEX)) {
      session.statement(statement).execute();
    }
  }

  /** Version 2: the table of blobs kept in PostgreSQL. */
  private static void createVersionTwo(SqlSession session) throws SQLException {
    session.statement(CREATE_BLOBS).execute();
  }

  /** Version 3: the journal of the S3 objects, from which orphans are collected. */
  private static void createVersionThree(SqlSession session) throws SQLException {
    session.statement(CREATE_BLOB_JOURNAL).execute();
    session.statement(CREATE_BLOB_JOURNAL_AGE_INDEX).execute();
  }

  /** Version 4: a namespace's keys being retired by a rotation, and the signature handing it over. */
  private static void createVersionFour(SqlSession session) throws SQLException {
    session.statement(ADD_ROTATION_COLUMNS).execute();
  }
}
