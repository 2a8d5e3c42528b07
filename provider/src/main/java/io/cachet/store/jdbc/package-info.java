/**
 * The entry store written once for every SQL database: the columns of a row and their binding
 * ({@link io.cachet.store.jdbc.EntryColumn}), the statements on the entries, namespaces and ledger tables, and the
 * store's operations ({@link io.cachet.store.jdbc.JdbcEntryStore}). A backend supplies only what differs: its SQL
 * dialect ({@link io.cachet.store.jdbc.SqlDialect}), its transactions and locking
 * ({@link io.cachet.store.jdbc.Transactions}, {@link io.cachet.store.jdbc.SqlSession}) and its schema.
 * Depends on {@code io.cachet.store} and {@code java.sql} only: no driver.
 */
package io.cachet.store.jdbc;
