/**
 * The shared metadata store of several hosts: rows, namespace records and ledgers in one PostgreSQL schema, and
 * the per-key locks as PostgreSQL advisory locks.
 *
 * <p>PostgreSQL is the single authority. Every operation is one transaction at READ COMMITTED: writers of a key
 * serialize on a transaction-scoped advisory lock of the key (which also covers a key with no row yet), writers
 * of a namespace that keeps a ledger on one of the namespace, and reads that need one snapshot run at REPEATABLE
 * READ. The schema is created and migrated by the store itself and versioned in its {@code schema_version}
 * table. Hosts tell each other of changes by {@code NOTIFY} on one channel per schema
 * ({@code PostgresChangeFeed}). The statements and the store's operations are those of {@code io.cachet.store.jdbc}, in PostgreSQL's
 * dialect; this package holds what differs: the dialect, the transactions and locks, the schema and the failures.
 * SQL errors become {@code StorageException}s of the kind their SQLSTATE names. Depends on
 * {@code io.cachet.store}, {@code io.cachet.store.jdbc}, pgjdbc and HikariCP.
 */
package io.cachet.store.postgres;
