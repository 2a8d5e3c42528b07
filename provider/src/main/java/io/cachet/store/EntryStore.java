package io.cachet.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Rows of sealed entries, addressed by namespace and key hash, plus the records of the namespaces.
 *
 * <p>Thread-safe; each method is atomic, also against other processes sharing the same storage. Stores
 * rows as given and verifies nothing. Every method throws {@link StorageException} if storage fails or the
 * store is closed.
 *
 * <p>Reads never load a column longer than a writer makes it ({@link StoredRow#MAX_INLINE_BYTES},
 * {@link StoredRow#MAX_KEY_BYTES}, {@link StoredRow#MAX_TEXT_BYTES}) or anything but an integer from an
 * integer column: such a column reads as null (a non-null integer as 0), and {@link #deleteIfVersion} still
 * finds the row by the {@link StoredRow#version()} read.
 */
public interface EntryStore extends AutoCloseable {

  /** The row under this key, or null. */
  default StoredRow get(String namespace, String cacheKey) {
    return lookup(namespace, cacheKey).row();
  }

  /** The rows under these keys, read in one transaction (one snapshot), by cache key; absent keys are left out. */
  default Map<String, StoredRow> getAll(String namespace, Collection<String> cacheKeys) {
    return lookupAll(namespace, cacheKeys).rows();
  }

  /**
   * A row read with the generation of its namespace's ledger in the same snapshot.
   *
   * @param row the row, or null
   * @param ledgerGeneration the ledger's generation, or -1 if the namespace has none or no row was found
   */
  record Lookup(StoredRow row, long ledgerGeneration) {}

  /** Rows read in one snapshot with the generation of their namespace's ledger (-1 if none) in it. */
  record LookupAll(Map<String, StoredRow> rows, long ledgerGeneration) {}

  /** {@link #get}, with the ledger's generation in the same snapshot. */
  Lookup lookup(String namespace, String cacheKey);

  /** {@link #getAll}, with the ledger's generation in the same snapshot. */
  LookupAll lookupAll(String namespace, Collection<String> cacheKeys);

  /**
   * In one transaction, for each key of the namespace in turn: reads the row under the key, asks its
   * replacement for the row to write in its place, and writes that row. No other writer, also in another
   * process, comes between the reads and the writes. All or nothing: if a replacement throws, nothing is
   * written and its exception propagates unchanged, so that a caller tells its own failure from the store's.
   *
   * @param replacements by cache key: given the row under the key (its {@code inlineValue} always null) or
   *     null, returns the row to write under the same namespace and key, or null to write nothing; they run
   *     inside the transaction, so they must be quick and must not use this store
   * @param recordAccess whether replacing rows become the most recently accessed for {@link #evict}, with
   *     their {@code accessedAt}; false keeps replaced rows' access times and eviction order (cheaper: the
   *     eviction order is not rewritten)
   * @return by cache key, the rows that were under the keys (their {@code inlineValue} null), also where the
   *     replacement wrote nothing; keys that had none are absent
   * @throws IllegalArgumentException if a replacement returns a row of another namespace or key; nothing is
   *     written
   */
  Map<String, StoredRow> upsertAll(String namespace, Map<String, ? extends UnaryOperator<StoredRow>> replacements,
      boolean recordAccess);

  /** {@link #upsertAll} for one key: returns the row that was under it, or null. */
  default StoredRow upsert(String namespace, String cacheKey, UnaryOperator<StoredRow> replacement,
      boolean recordAccess) {
    return upsertAll(namespace, Map.of(cacheKey, replacement), recordAccess).get(cacheKey);
  }

  /** Inserts the row or replaces the row under the same key, and reports what it replaced. */
  default Displaced upsert(StoredRow row, boolean recordAccess) {
    StoredRow replaced = upsert(row.namespace(), row.cacheKey(), current -> row, recordAccess);
    return replaced == null ? Displaced.NOTHING : new Displaced(true, replaced.blobId());
  }

  /** Deletes the row under this key, and reports what it deleted (its blob and generation). */
  Displaced delete(String namespace, String cacheKey);

  /**
   * Deletes the row under this key only if it is still the version {@code expected}, so that refusing a bad
   * row, or removing an expired one, never deletes another written meanwhile. Every component of the version
   * must match the row's, a null only a null; another version, or no row, is left as it is and reported as
   * {@link Displaced#NOTHING}.
   */
  Displaced deleteIfVersion(String namespace, String cacheKey, RowVersion expected);

  /**
   * Sets a row's expiry time, generation and signature only if it is still the version {@code expected}
   * (compared as {@link #deleteIfVersion} does); every other column stays as it is. {@code reseal} is not
   * called for a missing row or another version.
   *
   * @param expiresAt epoch milliseconds or null for eternal
   * @param reseal given the row as stored with the new expiry time (its {@code inlineValue} null), returns it
   *     re-signed, or null to leave the row as it is; runs inside the transaction
   * @return whether the row was updated
   */
  boolean updateExpiryIfVersion(String namespace, String cacheKey, RowVersion expected, Long expiresAt,
      UnaryOperator<StoredRow> reseal);

  /**
   * From now on, every transaction of this store that deletes, writes or re-signs rows of the namespace tells
   * this ledger and stores the state it returns, atomically with the rows. Replaces any earlier ledger of the
   * namespace; null stops keeping one.
   */
  void keepLedger(String namespace, Ledger ledger);

  /**
   * Runs an audit over the namespace's ledger, journal and rows in one transaction that no writer comes between,
   * and stores what it returns; where the store cannot be written, the audit still runs (on one snapshot) and
   * nothing is stored.
   */
  void audit(String namespace, Ledger.Audit audit);

  /** Reads the namespace's ledger, journal and rows in one snapshot, for a process to catch up with them. */
  <T> T readLedger(String namespace, Ledger.Reader<T> reader);

  /** Deletes every row of the namespace; returns the non-null {@code blob_id}s of the deleted rows. */
  List<String> deleteAll(String namespace);

  /**
   * A snapshot of the namespace's rows, in no particular order, without payloads: {@code inlineValue} is always
   * null.
   */
  List<StoredRow> scan(String namespace);

  /**
   * What the namespace's rows hold, counted in one snapshot without loading them, for operators.
   *
   * @param now epoch milliseconds at which a row's expiry time counts as passed
   */
  NamespaceSummary summarize(String namespace, long now);

  /**
   * Up to {@code limit} rows of the namespace whose {@code expires_at} is at or before {@code now}, in no
   * particular order, without payloads ({@code inlineValue} null); eternal rows never.
   */
  List<StoredRow> expired(String namespace, long now, int limit);

  /** Whether any row of the namespace names this blob. */
  boolean blobReferenced(String namespace, String blobId);

  /** The record of this namespace, or null. */
  NamespaceRecord namespace(String name);

  /** Inserts the record unless one with this name exists. @return whether it was inserted */
  boolean insertNamespace(NamespaceRecord record);

  /** Inserts or replaces the record with this name. */
  void replaceNamespace(NamespaceRecord record);

  /**
   * Replaces the record with this name and, in the same transaction, which no ledgered write of the namespace comes
   * between, stores what {@code ledger} returns given the namespace's stored ledger and rows (nothing for null): a
   * key rotation retires the old key and moves the ledger to the new one at once.
   */
  void replaceNamespace(NamespaceRecord record, Ledger.Audit ledger);

  /** All namespace records. */
  List<NamespaceRecord> namespaces();

  /**
   * Deletes the namespace's record and all its rows in one transaction (its ledger is told they were cleared,
   * and its state is kept, so that generations never repeat); returns the non-null {@code blob_id}s of the
   * deleted rows.
   */
  List<String> deleteNamespace(String name);

  /**
   * Whether signed rows exist that this key file could have signed: rows of a namespace recorded as signed
   * with it, or of a namespace with no record at all. Losing the file would then lose data, so a missing file
   * must not be replaced by a new key, even when the namespace records were deleted with it.
   */
  boolean keyFileSigns(String keyFile);

  /** Sets the (unsigned) last-access time of a row, if it exists; a missing row stays missing. */
  void touch(String namespace, String cacheKey, long accessedAt);

  /**
   * Deletes least-recently-accessed rows of the namespace (by {@code accessed_at}, then write order) until
   * it holds at most {@code maxEntries} rows and {@code maxBytes} bytes of {@code file_size}, never the row
   * under {@code keep}. A limit of 0 is no limit.
   *
   * @return the rows deleted
   */
  List<Evicted> evict(String namespace, long maxEntries, long maxBytes, String keep);

  /**
   * The database's own consistency check, read-only: SQLite's {@code PRAGMA quick_check} (each line it reports
   * but "ok"); empty when it finds nothing wrong, or where the database has no such check (PostgreSQL).
   *
   * <p>Damage that stops the check itself is reported as one line, SQLite's own words, rather than thrown.
   */
  List<String> checkIntegrity();

  /** The names of the namespaces that have rows, whether or not a record of them exists. */
  Set<String> rowNamespaces();

  /**
   * Folds what the database keeps aside back into it and lets it refresh its statistics, after an operator
   * deleted many rows: SQLite checkpoints its write-ahead log (TRUNCATE) and runs {@code PRAGMA optimize};
   * PostgreSQL runs {@code ANALYZE} on Cachet's tables. Changes no row.
   *
   * @throws StorageException also if the store was opened read-only, or (kind BUSY) if other connections kept
   *     SQLite from folding the whole log back within the busy timeout
   */
  void compact();

  /** Releases connections. Idempotent. */
  @Override
  void close();
}
