package io.cachet.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.cachet.store.StorageException;
import io.cachet.store.jdbc.JdbcEntryStore;
import java.sql.SQLException;

/**
 * {@link io.cachet.store.EntryStore} on a PostgreSQL schema shared by every host: the {@link JdbcEntryStore} in
 * PostgreSQL's dialect ({@link PostgresDialect}), each operation a transaction on a pooled connection
 * ({@link PostgresTransactions}), in a schema brought to the current version at open ({@link PostgresSchema}).
 *
 * <p>Each write takes the advisory lock of every key it reads and writes, in ascending order of the locks' ids,
 * before reading: so no other writer, on any host, comes between its read and its write, also for a key that has
 * no row yet, and two writers of several keys never deadlock.
 */
public final class PostgresEntryStore extends JdbcEntryStore {
  private static final String OPEN = "open the PostgreSQL store";

  private final PostgresTransactions transactions;

  private PostgresEntryStore(PostgresTransactions transactions) {
    super(transactions, PostgresDialect.INSTANCE);
    this.transactions = transactions;
  }

  /** The store's transactions on its pool, which the blob table and the database clock share. */
  PostgresTransactions transactions() {
    return transactions;
  }

  /**
   * Opens a pool of connections to the database, creates the schema and its tables if missing and brings them to
   * the current version. The pool is closed again if any of that fails.
   *
   * @param settings where the database is, and the schema and pool size
   * @return the open store; closing it closes its pool
   *
   * @throws StorageException if the database cannot be reached or the schema created, or a newer release of
   *     Cachet wrote the schema
   */
  public static PostgresEntryStore open(PostgresSettings settings) {
    return open(settings, false);
  }

  /**
   * Opens a pool of connections on which the server refuses every write, for an operator's tool that only reads,
   * on a schema that must exist at the current version: nothing is created or migrated. Every write of the store
   * fails with a {@link StorageException}.
   *
   * @param settings where the database is, and the schema and pool size
   * @return the open store; closing it closes its pool
   *
   * @throws StorageException if the database cannot be reached, or the schema is missing or of another version
   */
  public static PostgresEntryStore openReadOnly(PostgresSettings settings) {
    return open(settings, true);
  }

  private static PostgresEntryStore open(PostgresSettings settings, boolean readOnly) {
    HikariDataSource pool;
    try {
      pool = PostgresPool.open(settings, "store", readOnly);
    } catch (SQLException e) {
      throw PostgresFailures.failure(OPEN + " at " + settings.displayUrl(), null, e, settings.password());
    }
    PostgresTransactions transactions = new PostgresTransactions(pool, settings);
    try {
      if (readOnly) {
        PostgresSchema.requireCurrent(transactions, settings.schema());
      } else {
        PostgresSchema.migrate(transactions, settings.schema());
      }
      return new PostgresEntryStore(transactions);
    } catch (RuntimeException e) {
      transactions.close();
      throw e;
    }
  }
}
