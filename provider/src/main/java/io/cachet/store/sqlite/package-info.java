/**
 * The embedded metadata store: rows and namespace records in one SQLite database file in WAL mode.
 *
 * <p>Several connections, in this and other processes, share the file; SQLite's locking and a busy timeout
 * serialize writers. A file that is not an intact database is refused at open without being written to;
 * damage met later leaves a report file beside it, so that the next open checks all of it. The schema is
 * versioned in {@code PRAGMA user_version} and brought up to date at open. The statements and the store's
 * operations are those of {@code io.cachet.store.jdbc}, in SQLite's dialect; this package holds what differs: the
 * dialect, the transactions, the database file and its schema. SQLite errors become {@code StorageException}s of
 * the kind their result code names. Depends on {@code io.cachet.store}, {@code io.cachet.store.jdbc} and the
 * sqlite-jdbc driver.
 */
package io.cachet.store.sqlite;
