package io.cachet.store.sqlite;

import io.cachet.store.CorruptDatabaseException;
import io.cachet.store.Displaced;
import io.cachet.store.EntryStore;
import io.cachet.store.JournalEntry;
import io.cachet.store.Ledger;
import io.cachet.store.LedgerState;
import io.cachet.store.NamespaceRecord;
import io.cachet.store.OwnerOnly;
import io.cachet.store.RowVersion;
import io.cachet.store.StorageException;
import io.cachet.store.StoredRow;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * {@link EntryStore} on one SQLite file: a single writer connection behind a lock, whose transactions begin
 * IMMEDIATE so that cross-process writers queue on the busy timeout instead of deadlocking, and a small pool
 * of reader connections.
 *
 * <p>A database whose directory is not writable (a read-only file system, or no write permission) is opened
 * read-only: reads work, every write fails with {@code SQLITE_READONLY}, until it is reopened.
 */
public final class SqliteEntryStore implements EntryStore {
  /**
   * Databases up to this size are checked whole ({@code PRAGMA quick_check}) at every open; larger ones only
   * after a run met damage in them.
   *
   * <p>The check reads every page, about 1 ms per MB on a warm file system cache (opening a 10,000-entry,
   * 7.2 MB database: 1.6 ms without it, 7.9 ms with it; 100,000 entries, 72 MB: 1.8 ms and 77 ms), and as long
   * as reading the whole file takes on a cold disk. Up to this size that is a few tens of milliseconds per open.
   * Beyond it every open would pay, in proportion to the data, for damage that may never matter: SQLite checks
   * each page's structure when it reads it, so damage is reported at the first read that meets it, naming the
   * file, and that read leaves the damage report that makes the next open check the whole file, whatever its
   * size. A damaged value inside an intact page is the seal's to find: it fails its hash. An unclean stop is no
   * reason to check: WAL commits survive a crash intact, which the crash harness verifies after every kill.
   */
  static final long QUICK_CHECK_MAX_BYTES = 64L * 1024 * 1024;

  private static final System.Logger LOG = System.getLogger(SqliteEntryStore.class.getName());
  private static final int BUSY_TIMEOUT_MILLIS = 10_000;
  // SQLite writes its file in whole pages of 512 bytes or a larger power of two.
  private static final int MIN_PAGE_SIZE = 512;
  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_NOTADB = 26;
  private static final String DAMAGE_REPORT = ".damaged";
  // Space held for deletes, which are how room is made but need room in the write-ahead log themselves: freed
  // when a delete finds the disk full, taken again at the next open.
  private static final String RESERVE = ".reserve";
  private static final int RESERVE_BYTES = 256 * 1024;
  private static final int SQLITE_FULL = 13;
  // The database file ("") and the files that belong with it, in the order they are moved aside: SQLite's
  // write-ahead log first, since a log left behind would be replayed into whatever database is created in its
  // place; its shared-memory index; a rollback journal (none in WAL mode, but a hot one must stay with its
  // database); Cachet's damage report.
  private static final List<String> MOVED_SUFFIXES = List.of("-wal", "-shm", "-journal", "", DAMAGE_REPORT);
  private static final int QUICK_CHECK_ERRORS = 3;
  private static final Ledger NO_LEDGER = new Ledger() {
    @Override
    public void begin(LedgerState stored, Reads reads) {}

    @Override
    public long nextGeneration(StoredRow current) {
      throw new IllegalStateException("No ledger is kept for this namespace");
    }

    @Override
    public void removed(String cacheKey, Long generation, String signature) {}

    @Override
    public void written(String cacheKey, Long generation, String signature) {}

    @Override
    public void cleared() {}

    @Override
    public Update end() {
      return null;
    }

    @Override
    public void committed() {}
  };
  private static final String VALUE_COLUMNS = "key_bytes, data_type, prefix, file_size, file_hash, object_type, "
      + "storage_format, serializer, compression_codec, encryption, created_at, expires_at, entry_signature, "
      + "inline_value, blob_id, accessed_at, generation";
  private static final String COLUMNS = "namespace, cache_key, " + VALUE_COLUMNS;
  // What reads select in place of VALUE_COLUMNS: each column only if no longer than a writer makes it.
  private static final String READ_COLUMNS = readColumns(true);
  private static final String READ_COLUMNS_WITHOUT_PAYLOAD = readColumns(false);
  private static final String KEY = " WHERE namespace = ? AND cache_key = ?";

  // inline_value comes last: a large one spills into overflow pages, which SQLite must walk to reach any
  // column stored after it, so the metadata-only reads of a write would read the whole payload.
  private static final String CREATE_ENTRIES = "CREATE TABLE IF NOT EXISTS entries ("
      + "namespace TEXT NOT NULL, cache_key TEXT NOT NULL, key_bytes BLOB NOT NULL, data_type TEXT NOT NULL, "
      + "prefix TEXT NOT NULL, file_size INTEGER NOT NULL, file_hash TEXT NOT NULL, object_type TEXT NOT NULL, "
      + "storage_format TEXT NOT NULL, serializer TEXT NOT NULL, compression_codec TEXT NOT NULL, "
      + "encryption TEXT, created_at INTEGER NOT NULL, expires_at INTEGER, entry_signature TEXT, blob_id TEXT, "
      + "accessed_at INTEGER NOT NULL, generation INTEGER, inline_value BLOB, PRIMARY KEY (namespace, cache_key))";
  private static final String CREATE_NAMESPACES = "CREATE TABLE IF NOT EXISTS namespaces ("
      + "name TEXT NOT NULL PRIMARY KEY, id TEXT NOT NULL, created_at INTEGER NOT NULL, key_file TEXT, "
      + "key_id TEXT, signature TEXT, ledger INTEGER)";
  private static final String CREATE_LEDGERS = "CREATE TABLE IF NOT EXISTS ledgers (namespace TEXT NOT NULL "
      + "PRIMARY KEY, generation INTEGER NOT NULL, since INTEGER NOT NULL, live_rows INTEGER NOT NULL, digest TEXT, "
      + "journal_hash TEXT, signature TEXT)";
  private static final String CREATE_JOURNAL = "CREATE TABLE IF NOT EXISTS ledger_journal (namespace TEXT NOT NULL, "
      + "generation INTEGER NOT NULL, cache_key TEXT NOT NULL, removed INTEGER NOT NULL, "
      + "PRIMARY KEY (namespace, generation)) WITHOUT ROWID";
  // Columns added after the first release of the schema, added to older databases on open.
  private static final String[][] ADDED_COLUMNS = {
      {"entries", "encryption", "TEXT"}, {"namespaces", "key_file", "TEXT"}, {"namespaces", "key_id", "TEXT"},
      {"entries", "generation", "INTEGER"}, {"ledgers", "journal_hash", "TEXT"},
      {"namespaces", "ledger", "INTEGER"}};
  private static final String CREATE_LRU_INDEX =
      "CREATE INDEX IF NOT EXISTS entries_lru ON entries (namespace, accessed_at)";
  // Only blob rows are indexed, so that inline writes do not pay for it.
  private static final String CREATE_BLOB_INDEX =
      "CREATE INDEX IF NOT EXISTS entries_blob ON entries (namespace, blob_id) WHERE blob_id IS NOT NULL";
  // Only expiring rows are indexed, so that eternal entries cost the expiry sweep nothing.
  private static final String CREATE_EXPIRY_INDEX =
      "CREATE INDEX IF NOT EXISTS entries_expiry ON entries (namespace, expires_at) WHERE expires_at IS NOT NULL";

  // The key columns are not fetched: the WHERE clause fixes them, and every column costs a JNI round trip.
  private static final String SELECT_ROW = "SELECT " + READ_COLUMNS + " FROM entries" + KEY;
  // For a namespace that keeps a ledger: with the ledger's generation in the same snapshot (column 18).
  private static final String SELECT_ROW_AND_LEDGER = "SELECT " + READ_COLUMNS + ", (SELECT generation FROM "
      + "ledgers l WHERE l.namespace = entries.namespace) FROM entries" + KEY;
  private static final String SELECT_ROW_WITHOUT_PAYLOAD =
      "SELECT " + READ_COLUMNS_WITHOUT_PAYLOAD + " FROM entries" + KEY;
  // What a delete reports: the row's blob, and to its namespace's ledger, its generation and signature.
  private static final String SELECT_BLOB = "SELECT " + readable("blob_id") + ", " + readable("generation") + ", "
      + readable("entry_signature") + " FROM entries" + KEY;
  // Compared as read, so that a row read with an oversized column nulled is still found by its version.
  private static final String VERSION = " AND " + readable("entry_signature") + " IS ? AND "
      + readable("created_at") + " = ? AND " + readable("file_hash") + " IS ? AND " + readable("expires_at")
      + " IS ?";
  private static final String SELECT_BLOB_IF_VERSION = SELECT_BLOB + VERSION;
  private static final String INSERT_VALUES = "INSERT INTO entries (" + COLUMNS + ") "
      + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  // A new rowid and access time: the row becomes the newest for eviction, which moves it in both indexes.
  private static final String REPLACE_ROW = INSERT_VALUES.replace("INSERT", "INSERT OR REPLACE");
  // Same rowid, same access time: neither index changes, so a commit writes only the row's own pages.
  private static final String UPDATE_ROW_IN_PLACE = INSERT_VALUES
      + " ON CONFLICT (namespace, cache_key) DO UPDATE SET " + assignmentsFromExcluded(VALUE_COLUMNS
          .replace(", accessed_at", ""));
  private static final String DELETE_ROW = "DELETE FROM entries" + KEY;
  private static final String UPDATE_EXPIRY = "UPDATE entries SET expires_at = ?, generation = ?, entry_signature = ?"
      + KEY + VERSION;
  private static final String SELECT_NAMESPACE_BLOBS =
      "SELECT " + readable("blob_id") + " FROM entries WHERE namespace = ? AND blob_id IS NOT NULL";
  private static final String SELECT_STAMPS = "SELECT cache_key, " + readable("generation") + ", "
      + readable("entry_signature") + " FROM entries WHERE namespace = ?";
  private static final String SELECT_LEDGER = "SELECT generation, since, live_rows, " + readable("digest") + ", "
      + readable("journal_hash") + ", " + readable("signature") + " FROM ledgers WHERE namespace = ?";
  private static final String REPLACE_LEDGER = "INSERT OR REPLACE INTO ledgers (namespace, generation, since, "
      + "live_rows, digest, journal_hash, signature) VALUES (?, ?, ?, ?, ?, ?, ?)";
  private static final String SELECT_JOURNAL = "SELECT generation, " + readable("cache_key") + ", removed FROM "
      + "ledger_journal WHERE namespace = ? AND generation > ? ORDER BY generation";
  private static final String INSERT_JOURNAL =
      "INSERT OR REPLACE INTO ledger_journal (namespace, generation, cache_key, removed) VALUES (?, ?, ?, ?)";
  private static final String PRUNE_JOURNAL = "DELETE FROM ledger_journal WHERE namespace = ? AND generation < ?";
  private static final String DELETE_NAMESPACE_ROWS = "DELETE FROM entries WHERE namespace = ?";
  // A cache_key longer than any text a writer stores is no key of a writer's and is left out unread.
  private static final String SCAN = "SELECT cache_key, " + READ_COLUMNS_WITHOUT_PAYLOAD + " FROM entries "
      + "WHERE namespace = ? AND octet_length(cache_key) <= " + StoredRow.MAX_TEXT_BYTES;
  private static final String EXPIRED = SCAN + " AND expires_at IS NOT NULL AND expires_at <= ? LIMIT ?";
  private static final String BLOB_REFERENCED =
      "SELECT EXISTS (SELECT 1 FROM entries WHERE namespace = ? AND blob_id = ?)";
  private static final String NAMESPACE_COLUMNS = "name, id, created_at, key_file, key_id, signature, ledger";
  private static final String SELECT_NAMESPACE =
      "SELECT " + NAMESPACE_COLUMNS + " FROM namespaces WHERE name = ?";
  private static final String INSERT_NAMESPACE =
      "INSERT OR IGNORE INTO namespaces (" + NAMESPACE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
  private static final String REPLACE_NAMESPACE =
      "INSERT OR REPLACE INTO namespaces (" + NAMESPACE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
  private static final String SELECT_NAMESPACES = "SELECT " + NAMESPACE_COLUMNS + " FROM namespaces";
  private static final String DELETE_NAMESPACE = "DELETE FROM namespaces WHERE name = ?";
  // A row whose namespace has no record counts: records can be deleted along with the key file.
  private static final String KEY_FILE_SIGNS = "SELECT EXISTS (SELECT 1 FROM entries e LEFT JOIN namespaces n "
      + "ON e.namespace = n.name WHERE e.entry_signature IS NOT NULL AND (n.name IS NULL OR n.key_file = ?))";
  private static final String TOUCH = "UPDATE entries SET accessed_at = ?" + KEY;
  private static final String USAGE =
      "SELECT COUNT(*), COALESCE(SUM(file_size), 0) FROM entries WHERE namespace = ?";
  private static final String LEAST_RECENTLY_USED = "SELECT cache_key, " + readable("file_size") + ", "
      + readable("blob_id") + ", " + readable("generation") + ", " + readable("entry_signature")
      + " FROM entries WHERE namespace = ? AND cache_key <> ? ORDER BY accessed_at, rowid";

  private final Path file;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Map<String, Ledger> ledgers = new ConcurrentHashMap<>();
  private final ReaderPool.Opener writerOpener;
  private final ReaderPool readers;
  // Set while opening: damage found then fails the open and is reported by it, not by a report file.
  private final AtomicBoolean damageReported = new AtomicBoolean(true);
  private final boolean readOnly;
  // Null after a failed rollback left it in doubt, until the next write opens a fresh one.
  private SqliteSession writer;
  private boolean closed;

  private SqliteEntryStore(Path file, ReaderPool.Opener writerOpener, SqliteSession writer, ReaderPool readers,
      boolean readOnly) {
    this.file = file;
    this.readOnly = readOnly;
    this.writerOpener = writerOpener;
    this.writer = writer;
    this.readers = readers;
  }

  /**
   * Opens (creating if needed) the database file, after checking that an existing one is intact: a whole
   * number of pages, a database header, a readable schema, and, up to {@link #QUICK_CHECK_MAX_BYTES} or after
   * a run met damage in it, {@code PRAGMA quick_check}. Nothing is written to a file that fails a check. A
   * database whose directory is not writable is opened read-only.
   *
   * @param fullSync whether commits are fsynced ({@code synchronous=FULL}) rather than only ordered
   * @throws CorruptDatabaseException if the file is not an intact database
   * @throws StorageException if the file cannot be opened or its schema created
   */
  public static SqliteEntryStore open(Path file, boolean fullSync) {
    return open(file, fullSync, QUICK_CHECK_MAX_BYTES, BUSY_TIMEOUT_MILLIS, UnaryOperator.identity());
  }

  /** As {@link #open(Path, boolean)}, checking whole databases up to the given size. */
  static SqliteEntryStore open(Path file, boolean fullSync, long quickCheckMaxBytes) {
    return open(file, fullSync, quickCheckMaxBytes, BUSY_TIMEOUT_MILLIS, UnaryOperator.identity());
  }

  /**
   * {@link #open(Path, boolean)} waiting at most {@code busyTimeoutMillis} for another connection's lock, with
   * every connection it opens passed through {@code connections}: the seam of the lock and fault tests.
   */
  static SqliteEntryStore open(Path file, boolean fullSync, int busyTimeoutMillis,
      UnaryOperator<Connection> connections) {
    return open(file, fullSync, QUICK_CHECK_MAX_BYTES, busyTimeoutMillis, connections);
  }

  private static SqliteEntryStore open(Path file, boolean fullSync, long quickCheckMaxBytes, int busyTimeoutMillis,
      UnaryOperator<Connection> connections) {
    Path absolute = file.toAbsolutePath();
    String url = "jdbc:sqlite:" + absolute;
    SqliteSession writer = null;
    try {
      long length = requireIntactLength(absolute);
      Path report = companion(absolute, DAMAGE_REPORT);
      boolean damageWasReported = Files.exists(report, LinkOption.NOFOLLOW_LINKS);
      if (length > 0) {
        // On a read-only connection, so that a failed check leaves the files as they are: a writable one, once
        // closed, would checkpoint the log into the damaged file and delete the log.
        SQLiteConfig checkConfig = config(fullSync, busyTimeoutMillis);
        checkConfig.setReadOnly(true);
        try (SqliteSession checker = new SqliteSession(connections.apply(checkConfig.createConnection(url)))) {
          check(checker, absolute, damageWasReported || length <= quickCheckMaxBytes);
        }
      }
      ReaderPool.Opener writerOpener = () -> {
        SQLiteConfig writerConfig = config(fullSync, busyTimeoutMillis);
        writerConfig.setJournalMode(SQLiteConfig.JournalMode.WAL);
        return new SqliteSession(connections.apply(writerConfig.createConnection(url)));
      };
      writer = writerOpener.open();
      SqliteEntryStore store = new SqliteEntryStore(absolute, writerOpener, writer, new ReaderPool(
          () -> new SqliteSession(connections.apply(config(fullSync, busyTimeoutMillis).createConnection(url))),
          readerCount()), false);
      store.createSchema();
      holdReserve(companion(absolute, RESERVE));
      if (damageWasReported) {
        clearDamageReport(absolute, report);
      }
      store.damageReported.set(false);
      return store;
    } catch (SQLException | IOException | RuntimeException e) {
      if (writer != null) {
        writer.close();
      }
      if (e instanceof CorruptDatabaseException corrupt) {
        throw corrupt;
      }
      if (isCorruption(e)) {
        throw new CorruptDatabaseException(absolute.toString(), sqliteReport(e), e);
      }
      if (Files.exists(absolute) && !Files.isWritable(absolute.getParent())) {
        return openReadOnly(absolute, busyTimeoutMillis, connections, e);
      }
      throw new StorageException("Cannot open SQLite database " + file + ": " + e.getMessage() + atFault(absolute), e);
    }
  }

  /**
   * Which of the database's files, or its directory, keeps SQLite from opening it, as far as can be seen: SQLite's
   * own messages (SQLITE_CANTOPEN: "unable to open database file") name none.
   */
  private static String atFault(Path file) {
    Path directory = file.getParent();
    if (!Files.isDirectory(directory)) {
      return ". The directory " + directory + " does not exist or is not a directory";
    }
    List<Path> files = new ArrayList<>(List.of(file));
    files.addAll(companions(file));
    for (Path path : files) {
      if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        return ". " + path + " is not a regular file: remove it";
      }
      if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isWritable(path)) {
        return ". " + path + " is not writable by this process";
      }
    }
    if (!Files.isWritable(directory)) {
      return ". The directory " + directory + " is not writable by this process, so SQLite cannot create "
          + file.getFileName() + "-wal and -shm in it";
    }
    return "";
  }

  private static void clearDamageReport(Path file, Path report) {
    try {
      Files.deleteIfExists(report);
      LOG.log(Level.INFO, "A full check of {0} found no damage; removed the damage report {1}", file, report);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "A full check of " + file + " found no damage, but the damage report " + report
          + " cannot be removed; the next open checks the whole database again", e);
    }
  }

  /**
   * The file's length, refused unless a whole number of pages, or if the file is empty while its log is not.
   * Only lengths are looked at: opening and closing the file here would release the POSIX locks that SQLite
   * connections of this process hold on it.
   */
  private static long requireIntactLength(Path file) throws IOException {
    // The log's length first: a database in WAL mode has its first page written before its log is created and
    // is never shorter than that page again, so a log seen before an empty database means a cut database.
    long logLength = lengthOrZero(companion(file, "-wal"));
    long length = lengthOrZero(file);
    if (length % MIN_PAGE_SIZE != 0) {
      throw new CorruptDatabaseException(file.toString(), "truncated: its length, " + length
          + " bytes, is not a whole number of pages", null);
    }
    if (length == 0 && logLength > 0) {
      // SQLite would take it for a new database and delete the log, even on a read-only connection.
      throw new CorruptDatabaseException(file.toString(), "truncated to 0 bytes, while its write-ahead log "
          + companion(file, "-wal").getFileName() + " holds " + logLength + " bytes", null);
    }
    return length;
  }

  private static long lengthOrZero(Path file) throws IOException {
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      return 0;
    }
  }

  /**
   * Reads the header and the schema, which fails with SQLITE_NOTADB for a file that is not a database and
   * with SQLITE_CORRUPT for one shorter than its header says, then checks the whole structure if asked.
   */
  private static void check(SqliteSession session, Path file, boolean whole) throws SQLException {
    try (ResultSet rs = session.statement("SELECT count(*) FROM sqlite_master").executeQuery()) {
      rs.next();
    }
    if (!whole) {
      return;
    }
    List<String> problems = new ArrayList<>();
    try (ResultSet rs = session.statement("PRAGMA quick_check(" + QUICK_CHECK_ERRORS + ")").executeQuery()) {
      while (rs.next()) {
        problems.add(rs.getString(1).replace('\n', ' ').strip());
      }
    }
    if (!problems.equals(List.of("ok"))) {
      throw new CorruptDatabaseException(file.toString(), "PRAGMA quick_check found " + String.join("; ", problems),
          null);
    }
  }

  /**
   * Whether a file or directory is in the way of {@link #moveAside} to this target: the target or one of the
   * names derived from it exists.
   */
  public static boolean cannotMoveAside(Path target) {
    for (String suffix : MOVED_SUFFIXES) {
      if (Files.exists(companion(target, suffix), LinkOption.NOFOLLOW_LINKS)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Renames a database file, and those of its companions that exist (write-ahead log, shared-memory index,
   * rollback journal, damage report), to {@code target} and the names SQLite derives from it, so that the
   * moved database opens with its own log. Nothing is deleted or replaced. Call it only while no connection,
   * in any process, has the database open.
   *
   * @param target a path in the same directory
   * @return the paths the files now have
   * @throws StorageException naming what was already moved, if a rename fails
   */
  public static List<Path> moveAside(Path file, Path target) {
    List<Path> moved = new ArrayList<>();
    for (String suffix : MOVED_SUFFIXES) {
      Path source = companion(file, suffix);
      if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      Path destination = companion(target, suffix);
      try {
        // Without ATOMIC_MOVE, which may replace an existing target; a rename within one directory is atomic.
        Files.move(source, destination);
      } catch (IOException e) {
        throw new StorageException("Cannot move " + source + " to " + destination + " (moved so far: " + moved
            + "): " + e, e);
      }
      moved.add(destination);
    }
    return moved;
  }

  /** The files SQLite opens beside the database: its write-ahead log, shared-memory index and rollback journal. */
  public static List<Path> companions(Path file) {
    return List.of(companion(file, "-wal"), companion(file, "-shm"), companion(file, "-journal"));
  }

  private static Path companion(Path file, String suffix) {
    return file.resolveSibling(file.getFileName() + suffix);
  }

  /** Whether a failure, or one of its causes, is SQLite reporting a damaged database or no database. */
  private static boolean isCorruption(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        int primary = sql.getErrorCode() & 0xFF;
        if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
          return true;
        }
      }
    }
    return false;
  }

  private static String sqliteReport(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        return "SQLite reports " + sql.getMessage();
      }
    }
    return failure.toString();
  }

  /**
   * Opens a database in a directory this process cannot write, for reads only. With the WAL index present,
   * SQLite reads it and locks as usual; without it (it cannot be created there), the file is opened as
   * immutable, which is safe only while the write-ahead log is empty: SQLite would not read commits in it,
   * and rows they superseded would come back.
   */
  private static SqliteEntryStore openReadOnly(Path file, int busyTimeoutMillis,
      UnaryOperator<Connection> connections, Exception writable) {
    Path wal = file.resolveSibling(file.getFileName() + "-wal");
    Path shm = file.resolveSibling(file.getFileName() + "-shm");
    String url;
    try {
      boolean walEmpty = !Files.exists(wal) || Files.size(wal) == 0;
      if (Files.exists(shm)) {
        url = "jdbc:sqlite:" + file.toAbsolutePath().toUri() + "?mode=ro";
      } else if (walEmpty) {
        url = "jdbc:sqlite:" + file.toAbsolutePath().toUri() + "?immutable=1";
      } else {
        throw new StorageException("Cannot open SQLite database " + file + ": its directory is not writable and "
            + "its write-ahead log holds commits that only a writable open can recover (" + writable.getMessage()
            + ")", writable);
      }
      ReaderPool.Opener opener = () -> {
        SQLiteConfig config = config(false, busyTimeoutMillis);
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.OPEN_URI);
        return new SqliteSession(connections.apply(config.createConnection(url)));
      };
      SqliteEntryStore store = new SqliteEntryStore(file, opener, opener.open(), new ReaderPool(opener, readerCount()),
          true);
      store.damageReported.set(false);
      LOG.log(Level.WARNING, "The directory of SQLite database " + file + " is not writable: opened read-only, "
          + "every write will fail until it is reopened writable (" + writable.getMessage() + ")");
      return store;
    } catch (IOException | SQLException e) {
      e.addSuppressed(writable);
      throw new StorageException("Cannot open SQLite database " + file + " read-only: " + e.getMessage(), e);
    }
  }

  private static SQLiteConfig config(boolean fullSync, int busyTimeoutMillis) {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(busyTimeoutMillis);
    config.setSynchronous(fullSync ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
    // Nothing reads generated keys; left on, the driver prepares and runs "SELECT last_insert_rowid()" after
    // every insert (a quarter of a small put's time in a JMH stack profile).
    config.setGetGeneratedKeys(false);
    return config;
  }

  private static int readerCount() {
    return Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
  }

  private void createSchema() {
    write("create the schema", session -> {
      session.statement(CREATE_ENTRIES).executeUpdate();
      session.statement(CREATE_NAMESPACES).executeUpdate();
      session.statement(CREATE_LEDGERS).executeUpdate();
      session.statement(CREATE_JOURNAL).executeUpdate();
      for (String[] column : ADDED_COLUMNS) {
        addColumnIfMissing(session, column[0], column[1], column[2]);
      }
      session.statement(CREATE_LRU_INDEX).executeUpdate();
      session.statement(CREATE_BLOB_INDEX).executeUpdate();
      session.statement(CREATE_EXPIRY_INDEX).executeUpdate();
      return null;
    });
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

  @Override
  public Lookup lookup(String namespace, String cacheKey) {
    boolean ledgered = ledgers.containsKey(namespace);
    return read("read a row", session -> {
      PreparedStatement select = session.statement(ledgered ? SELECT_ROW_AND_LEDGER : SELECT_ROW);
      select.setString(1, namespace);
      select.setString(2, cacheKey);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? new Lookup(row(rs, namespace, cacheKey, 0), ledgerGeneration(rs, ledgered))
            : new Lookup(null, -1);
      }
    });
  }

  @Override
  public LookupAll lookupAll(String namespace, Collection<String> cacheKeys) {
    // One read transaction for all keys: one snapshot, and the locks taken once instead of per key.
    boolean ledgered = ledgers.containsKey(namespace);
    return readInTransaction("read rows", session -> {
      Map<String, StoredRow> rows = new HashMap<>();
      long ledgerGeneration = -1;
      PreparedStatement select = session.statement(ledgered ? SELECT_ROW_AND_LEDGER : SELECT_ROW);
      for (String cacheKey : cacheKeys) {
        select.setString(1, namespace);
        select.setString(2, cacheKey);
        try (ResultSet rs = select.executeQuery()) {
          if (rs.next()) {
            rows.put(cacheKey, row(rs, namespace, cacheKey, 0));
            ledgerGeneration = ledgerGeneration(rs, ledgered);
          }
        }
      }
      return new LookupAll(rows, ledgerGeneration);
    });
  }

  /**
   * Column 18 of {@link #SELECT_ROW_AND_LEDGER}: the ledger's generation, or -1 if the namespace keeps none (then
   * the plain {@link #SELECT_ROW} was run, and reads pay nothing for ledgers).
   */
  private static long ledgerGeneration(ResultSet rs, boolean ledgered) throws SQLException {
    if (!ledgered) {
      return -1;
    }
    long generation = rs.getLong(18);
    return rs.wasNull() ? -1 : generation;
  }

  /** Runs the work in one read transaction of a reader: one snapshot. */
  private <T> T readInTransaction(String what, Work<T> work) {
    return read(what, session -> {
      session.statement("BEGIN").executeUpdate();
      T result;
      try {
        result = work.run(session);
      } catch (SQLException | RuntimeException e) {
        // Ends the read transaction without hiding the failure, so the pooled session holds no snapshot.
        try {
          session.statement("ROLLBACK").executeUpdate();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
      session.statement("COMMIT").executeUpdate();
      return result;
    });
  }

  @Override
  public Map<String, StoredRow> upsertAll(String namespace,
      Map<String, ? extends UnaryOperator<StoredRow>> replacements, boolean recordAccess) {
    return write("write rows", namespace, (session, ledger) -> {
      PreparedStatement select = session.statement(SELECT_ROW_WITHOUT_PAYLOAD);
      PreparedStatement upsert = session.statement(recordAccess ? REPLACE_ROW : UPDATE_ROW_IN_PLACE);
      Map<String, StoredRow> replaced = new HashMap<>();
      for (Map.Entry<String, ? extends UnaryOperator<StoredRow>> replacement : replacements.entrySet()) {
        String cacheKey = replacement.getKey();
        select.setString(1, namespace);
        select.setString(2, cacheKey);
        StoredRow current;
        try (ResultSet rs = select.executeQuery()) {
          current = rs.next() ? row(rs, namespace, cacheKey, 0) : null;
        }
        StoredRow row = replacement.getValue().apply(current);
        if (row != null) {
          if (!row.namespace().equals(namespace) || !row.cacheKey().equals(cacheKey)) {
            throw new IllegalArgumentException("The replacement of a row must keep its namespace and key");
          }
          bind(upsert, row);
          upsert.executeUpdate();
          if (current != null) {
            ledger.removed(cacheKey, current.generation(), current.entrySignature());
          }
          ledger.written(cacheKey, row.generation(), row.entrySignature());
        }
        if (current != null) {
          replaced.put(cacheKey, current);
        }
      }
      return replaced;
    });
  }

  @Override
  public Displaced delete(String namespace, String cacheKey) {
    return freeingSpace(() -> write("delete a row", namespace, (session, ledger) ->
        deleteRow(session, session.statement(SELECT_BLOB), namespace, cacheKey, ledger)));
  }

  @Override
  public Displaced deleteIfVersion(String namespace, String cacheKey, RowVersion expected) {
    return freeingSpace(() -> write("delete a row", namespace, (session, ledger) -> {
      PreparedStatement select = session.statement(SELECT_BLOB_IF_VERSION);
      setVersion(select, 3, expected);
      return deleteRow(session, select, namespace, cacheKey, ledger);
    }));
  }

  /** Runs a delete; if the disk is too full for it, frees the space held for deletes and tries once more. */
  private <T> T freeingSpace(Supplier<T> delete) {
    try {
      return delete.get();
    } catch (StorageException e) {
      if (!isFull(e) || !releaseReserve(companion(file, RESERVE))) {
        throw e;
      }
      LOG.log(Level.WARNING, "The disk of {0} is full: released the space held for deletes, which the next open "
          + "takes again", file);
      return delete.get();
    }
  }

  private static boolean isFull(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && (sql.getErrorCode() & 0xFF) == SQLITE_FULL) {
        return true;
      }
    }
    return false;
  }

  /** Creates the space held for deletes, 0600 and never through a link, where there is room for it. */
  private static void holdReserve(Path reserve) {
    if (Files.exists(reserve, LinkOption.NOFOLLOW_LINKS) || !Files.isWritable(reserve.getParent())) {
      return;
    }
    try (FileChannel channel = FileChannel.open(reserve, Set.of(StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), OwnerOnly.file(reserve))) {
      channel.write(ByteBuffer.allocate(RESERVE_BYTES));
    } catch (IOException e) {
      // No room for it now: deletes may then need the room they make; the next open tries again.
      try {
        Files.deleteIfExists(reserve);
      } catch (IOException ignored) {
        // Left as it is: a partial reserve still holds some room, and is never read.
      }
    }
  }

  /** Frees the space held for deletes. @return whether there was any to free */
  private static boolean releaseReserve(Path reserve) {
    try {
      return Files.isRegularFile(reserve, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(reserve);
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public boolean updateExpiryIfVersion(String namespace, String cacheKey, RowVersion expected,
      Long expiresAt, UnaryOperator<StoredRow> reseal) {
    return write("update an expiry time", namespace, (session, ledger) -> {
      PreparedStatement select = session.statement(SELECT_ROW_WITHOUT_PAYLOAD);
      select.setString(1, namespace);
      select.setString(2, cacheKey);
      StoredRow current;
      try (ResultSet rs = select.executeQuery()) {
        current = rs.next() ? row(rs, namespace, cacheKey, 0) : null;
      }
      if (current == null || !current.version().equals(expected)) {
        return false;
      }
      StoredRow resealed = reseal.apply(current.withExpiresAt(expiresAt));
      if (resealed == null) {
        return false;
      }
      PreparedStatement update = session.statement(UPDATE_EXPIRY);
      setLong(update, 1, resealed.expiresAt());
      setLong(update, 2, resealed.generation());
      update.setString(3, resealed.entrySignature());
      update.setString(4, namespace);
      update.setString(5, cacheKey);
      setVersion(update, 6, expected);
      if (update.executeUpdate() != 1) {
        return false;
      }
      ledger.removed(cacheKey, current.generation(), current.entrySignature());
      ledger.written(cacheKey, resealed.generation(), resealed.entrySignature());
      return true;
    });
  }

  @Override
  public void keepLedger(String namespace, Ledger ledger) {
    if (ledger == null) {
      ledgers.remove(namespace);
    } else {
      ledgers.put(namespace, ledger);
    }
  }

  @Override
  public void audit(String namespace, Ledger.Audit audit) {
    Work<Void> work = session -> {
      try (LedgerReads reads = new LedgerReads(session, namespace)) {
        Ledger.Update update = audit.audit(readLedger(session, namespace), reads);
        if (update != null && !readOnly) {
          storeUpdate(session, namespace, update);
        }
      }
      return null;
    };
    if (readOnly) {
      readInTransaction("audit a namespace", work);
    } else {
      write("audit a namespace", work);
    }
  }

  @Override
  public <T> T readLedger(String namespace, Ledger.Reader<T> reader) {
    return readInTransaction("read a ledger", session -> {
      try (LedgerReads reads = new LedgerReads(session, namespace)) {
        return reader.read(readLedger(session, namespace), reads);
      }
    });
  }

  private static void setVersion(PreparedStatement statement, int first, RowVersion version) throws SQLException {
    statement.setString(first, version.entrySignature());
    statement.setLong(first + 1, version.createdAt());
    statement.setString(first + 2, version.fileHash());
    setLong(statement, first + 3, version.expiresAt());
  }

  @Override
  public List<String> deleteAll(String namespace) {
    return write("clear a namespace", namespace, (session, ledger) -> {
      ledger.cleared();
      return deleteRows(session, namespace);
    });
  }

  @Override
  public List<StoredRow> scan(String namespace) {
    return read("scan a namespace", session -> {
      PreparedStatement scan = session.statement(SCAN);
      scan.setString(1, namespace);
      return rowsOf(scan, namespace);
    });
  }

  @Override
  public List<StoredRow> expired(String namespace, long now, int limit) {
    return read("find expired rows", session -> {
      PreparedStatement select = session.statement(EXPIRED);
      select.setString(1, namespace);
      select.setLong(2, now);
      select.setInt(3, limit);
      return rowsOf(select, namespace);
    });
  }

  /** The rows of the namespace a {@link #SCAN} query returns. */
  private static List<StoredRow> rowsOf(PreparedStatement query, String namespace) throws SQLException {
    List<StoredRow> rows = new ArrayList<>();
    try (ResultSet rs = query.executeQuery()) {
      while (rs.next()) {
        rows.add(row(rs, namespace, rs.getString(1), 1));
      }
    }
    return rows;
  }

  @Override
  public boolean blobReferenced(String namespace, String blobId) {
    return read("look up a blob", session -> {
      PreparedStatement select = session.statement(BLOB_REFERENCED);
      select.setString(1, namespace);
      select.setString(2, blobId);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    });
  }

  @Override
  public NamespaceRecord namespace(String name) {
    return read("read a namespace", session -> {
      PreparedStatement select = session.statement(SELECT_NAMESPACE);
      select.setString(1, name);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? namespaceRecord(rs) : null;
      }
    });
  }

  @Override
  public boolean insertNamespace(NamespaceRecord record) {
    return write("record a namespace", session -> writeNamespace(session.statement(INSERT_NAMESPACE), record));
  }

  @Override
  public void replaceNamespace(NamespaceRecord record) {
    write("record a namespace", session -> writeNamespace(session.statement(REPLACE_NAMESPACE), record));
  }

  @Override
  public List<NamespaceRecord> namespaces() {
    return read("list namespaces", session -> {
      List<NamespaceRecord> records = new ArrayList<>();
      try (ResultSet rs = session.statement(SELECT_NAMESPACES).executeQuery()) {
        while (rs.next()) {
          records.add(namespaceRecord(rs));
        }
      }
      return records;
    });
  }

  @Override
  public List<String> deleteNamespace(String name) {
    return write("delete a namespace", name, (session, ledger) -> {
      ledger.cleared();
      List<String> blobIds = deleteRows(session, name);
      PreparedStatement delete = session.statement(DELETE_NAMESPACE);
      delete.setString(1, name);
      delete.executeUpdate();
      return blobIds;
    });
  }

  @Override
  public boolean keyFileSigns(String keyFile) {
    return read("inspect the database", session -> {
      PreparedStatement select = session.statement(KEY_FILE_SIGNS);
      select.setString(1, keyFile);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    });
  }

  @Override
  public void touch(String namespace, String cacheKey, long accessedAt) {
    write("record an access", session -> {
      PreparedStatement update = session.statement(TOUCH);
      update.setLong(1, accessedAt);
      update.setString(2, namespace);
      update.setString(3, cacheKey);
      return update.executeUpdate();
    });
  }

  @Override
  public List<Displaced> evict(String namespace, long maxEntries, long maxBytes, String keep) {
    return write("evict entries", namespace, (session, ledger) -> {
      PreparedStatement usage = session.statement(USAGE);
      usage.setString(1, namespace);
      long entries;
      long bytes;
      try (ResultSet rs = usage.executeQuery()) {
        rs.next();
        entries = rs.getLong(1);
        bytes = rs.getLong(2);
      }
      List<Displaced> evicted = new ArrayList<>();
      if (within(entries, maxEntries) && within(bytes, maxBytes)) {
        return evicted;
      }
      PreparedStatement select = session.statement(LEAST_RECENTLY_USED);
      select.setString(1, namespace);
      select.setString(2, keep);
      List<String> victims = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next() && !(within(entries, maxEntries) && within(bytes, maxBytes))) {
          victims.add(rs.getString(1));
          entries--;
          bytes -= rs.getLong(2);
          evicted.add(new Displaced(true, rs.getString(3)));
          ledger.removed(rs.getString(1), generation(rs, 4), rs.getString(5));
        }
      }
      for (String cacheKey : victims) {
        deleteRow(session, namespace, cacheKey);
      }
      return evicted;
    });
  }

  /**
   * {@link #VALUE_COLUMNS} as reads select them. A value longer than a writer makes it (a text or blob planted
   * in any column, even an integer one) is read as NULL: {@code octet_length} and {@code typeof} are answered
   * from the record header, without loading the value, so a 600 MB {@code zeroblob} costs no memory and no
   * time. Every check refuses the NULL in its place (size mismatch, key mismatch, bad signature, bad blob id),
   * or it stands where the writer wrote NULL, and the row is then exactly as signed.
   */
  private static String readColumns(boolean withPayload) {
    StringBuilder columns = new StringBuilder();
    for (String column : VALUE_COLUMNS.split(", ")) {
      columns.append(columns.isEmpty() ? "" : ", ")
          .append(withPayload || !column.equals("inline_value") ? readable(column) : "NULL");
    }
    return columns.toString();
  }

  /** The expression that reads a column of {@code entries} if no longer than a writer makes it, else NULL. */
  private static String readable(String column) {
    return switch (column) {
      case "inline_value" -> atMost(column, Integer.toString(StoredRow.MAX_INLINE_BYTES));
      case "key_bytes" -> atMost(column, Integer.toString(StoredRow.MAX_KEY_BYTES));
      // The namespace name itself, or the name of the namespace a row was copied from.
      case "prefix" -> atMost(column, "max(octet_length(namespace), " + StoredRow.MAX_TEXT_BYTES + ")");
      // Read as 0 (what a NULL reads as) when not an integer, here and in comparisons alike.
      case "file_size", "created_at", "accessed_at" ->
          "(CASE WHEN typeof(" + column + ") = 'integer' THEN " + column + " ELSE 0 END)";
      case "expires_at", "generation" -> "(CASE WHEN typeof(" + column + ") = 'integer' THEN " + column + " END)";
      default -> atMost(column, Integer.toString(StoredRow.MAX_TEXT_BYTES));
    };
  }

  private static String atMost(String column, String maxBytes) {
    return "(CASE WHEN octet_length(" + column + ") <= " + maxBytes + " THEN " + column + " END)";
  }

  private static String assignmentsFromExcluded(String columns) {
    StringBuilder assignments = new StringBuilder();
    for (String column : columns.split(", ")) {
      assignments.append(assignments.isEmpty() ? "" : ", ").append(column).append(" = excluded.").append(column);
    }
    return assignments.toString();
  }

  private static boolean within(long amount, long limit) {
    return limit == 0 || amount <= limit;
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (!closed) {
        closed = true;
        readers.close();
        if (writer != null) {
          writer.close();
        }
      }
    } finally {
      writeLock.unlock();
    }
  }

  /** A unit of work on one session. */
  @FunctionalInterface
  private interface Work<T> {
    T run(SqliteSession session) throws SQLException;
  }

  private <T> T read(String what, Work<T> work) {
    SqliteSession session;
    try {
      session = readers.borrow();
    } catch (StorageException e) {
      throw isCorruption(e) ? damaged(what, e) : e;
    }
    boolean failed = true;
    try {
      T result = work.run(session);
      failed = false;
      return result;
    } catch (SQLException e) {
      throw failure(what, e);
    } finally {
      // A failed read may leave its connection inside a read transaction, which would pin an old snapshot
      // for every later read on it (and the WAL against checkpoints), and its statements finalized by the
      // driver: such a connection is closed, not reused.
      if (failed) {
        readers.discard(session);
      } else {
        readers.release(session);
      }
    }
  }

  /** A unit of work on the writer's session that changes rows of one namespace and tells its ledger. */
  @FunctionalInterface
  private interface LedgeredWork<T> {
    T run(SqliteSession session, Ledger ledger) throws SQLException;
  }

  /**
   * {@link #write(String, Work)} on rows of a namespace: its ledger, if it keeps one, begins with the stored
   * state, is told of every row the work removes or writes, and its new state is committed with them.
   */
  private <T> T write(String what, String namespace, LedgeredWork<T> work) {
    Ledger ledger = ledgers.get(namespace);
    if (ledger == null) {
      return write(what, session -> work.run(session, NO_LEDGER));
    }
    return write(what, session -> {
      T result;
      try (LedgerReads reads = new LedgerReads(session, namespace)) {
        ledger.begin(readLedger(session, namespace), reads);
        result = work.run(session, ledger);
      }
      storeUpdate(session, namespace, ledger.end());
      return result;
    }, ledger);
  }

  private <T> T write(String what, Work<T> work) {
    return write(what, work, NO_LEDGER);
  }

  /** Runs the work in a write transaction, then, still holding the writer, tells the ledger it committed. */
  private <T> T write(String what, Work<T> work, Ledger ledger) {
    writeLock.lock();
    try {
      if (closed) {
        throw new StorageException("The entry store is closed");
      }
      if (writer == null) {
        writer = writerOpener.open();
      }
      writer.statement("BEGIN IMMEDIATE").executeUpdate();
      try {
        T result = work.run(writer);
        writer.statement("COMMIT").executeUpdate();
        ledger.committed();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollback(e);
        throw e;
      }
    } catch (SQLException e) {
      if (writer != null) {
        writer.discardStatements();
      }
      throw failure(what, e);
    } finally {
      writeLock.unlock();
    }
  }

  private StorageException failure(String what, SQLException e) {
    return isCorruption(e) ? damaged(what, e) : new StorageException("Cannot " + what + ": " + e.getMessage(), e);
  }

  /**
   * The failure of an operation that met damage after the open, which is reported once (log and damage report
   * file), so that the next open checks the whole database whatever its size.
   */
  private CorruptDatabaseException damaged(String what, Exception e) {
    String damage = sqliteReport(e) + " (trying to " + what + ")";
    if (damageReported.compareAndSet(false, true)) {
      Path report = companion(file, DAMAGE_REPORT);
      try {
        Files.writeString(report, "SQLite reported damage in " + file.getFileName() + ": " + damage
            + System.lineSeparator() + "The next open of the database checks all of it." + System.lineSeparator(),
            StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException | RuntimeException reportFailure) {
        e.addSuppressed(reportFailure);
      }
      LOG.log(Level.WARNING, "The database {0} is damaged: {1}. The next open checks all of it.", file, damage);
    }
    return new CorruptDatabaseException(file.toString(), damage, e);
  }

  /**
   * Rolls back the writer's transaction. If that fails the connection may still be inside it, holding the
   * database's write lock against every other connection and process, and every later BEGIN would fail on
   * it: it is closed, which rolls back whatever is open, and the next write opens a fresh one.
   */
  private void rollback(Exception failure) {
    try {
      writer.statement("ROLLBACK").executeUpdate();
    } catch (SQLException e) {
      failure.addSuppressed(e);
      writer.close();
      writer = null;
    }
  }

  /**
   * Deletes the row under the key if {@code select} (of {@link #SELECT_BLOB}'s columns, its key bound from
   * parameter 1) finds it, and tells the ledger.
   */
  private static Displaced deleteRow(SqliteSession session, PreparedStatement select, String namespace,
      String cacheKey, Ledger ledger) throws SQLException {
    select.setString(1, namespace);
    select.setString(2, cacheKey);
    Displaced displaced;
    try (ResultSet rs = select.executeQuery()) {
      if (!rs.next()) {
        return Displaced.NOTHING;
      }
      displaced = new Displaced(true, rs.getString(1), generation(rs, 2));
      ledger.removed(cacheKey, displaced.generation(), rs.getString(3));
    }
    deleteRow(session, namespace, cacheKey);
    return displaced;
  }

  private static Long generation(ResultSet rs, int column) throws SQLException {
    long generation = rs.getLong(column);
    return rs.wasNull() ? null : generation;
  }

  private static LedgerState readLedger(SqliteSession session, String namespace) throws SQLException {
    PreparedStatement select = session.statement(SELECT_LEDGER);
    select.setString(1, namespace);
    try (ResultSet rs = select.executeQuery()) {
      return rs.next() ? new LedgerState(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
          rs.getString(5), rs.getString(6)) : null;
    }
  }

  private static void storeUpdate(SqliteSession session, String namespace, Ledger.Update update)
      throws SQLException {
    LedgerState state = update.state();
    PreparedStatement replace = session.statement(REPLACE_LEDGER);
    replace.setString(1, namespace);
    replace.setLong(2, state.generation());
    replace.setLong(3, state.since());
    replace.setLong(4, state.rows());
    replace.setString(5, state.digest());
    replace.setString(6, state.journalHash());
    replace.setString(7, state.signature());
    replace.executeUpdate();
    if (update.keepFrom() > 0) {
      PreparedStatement prune = session.statement(PRUNE_JOURNAL);
      prune.setString(1, namespace);
      prune.setLong(2, update.keepFrom());
      prune.executeUpdate();
    }
    if (!update.appended().isEmpty()) {
      PreparedStatement insert = session.statement(INSERT_JOURNAL);
      for (JournalEntry entry : update.appended()) {
        insert.setString(1, namespace);
        insert.setLong(2, entry.generation());
        insert.setString(3, entry.cacheKey());
        insert.setInt(4, entry.removed() ? 1 : 0);
        insert.executeUpdate();
      }
    }
  }

  /**
   * A namespace's journal and rows as one session sees them, for a ledger; the row scans it opens are closed
   * with it.
   */
  private static final class LedgerReads implements Ledger.Reads, AutoCloseable {
    private final SqliteSession session;
    private final String namespace;
    private final List<ResultSet> open = new ArrayList<>();

    LedgerReads(SqliteSession session, String namespace) {
      this.session = session;
      this.namespace = namespace;
    }

    @Override
    public List<JournalEntry> journalAfter(long generation) {
      try {
        PreparedStatement select = session.statement(SELECT_JOURNAL);
        select.setString(1, namespace);
        select.setLong(2, generation);
        List<JournalEntry> entries = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            entries.add(new JournalEntry(rs.getLong(1), rs.getString(2), rs.getInt(3) != 0));
          }
        }
        return entries;
      } catch (SQLException e) {
        throw new StorageException("Cannot read the journal of namespace " + namespace + ": " + e.getMessage(), e);
      }
    }

    @Override
    public Iterable<Ledger.RowStamp> rows() {
      return () -> {
        try {
          PreparedStatement select = session.statement(SELECT_STAMPS);
          select.setString(1, namespace);
          ResultSet rs = select.executeQuery();
          open.add(rs);
          return new StampIterator(rs);
        } catch (SQLException e) {
          throw new StorageException("Cannot read the rows of namespace " + namespace + ": " + e.getMessage(), e);
        }
      };
    }

    @Override
    public void close() throws SQLException {
      SQLException failure = null;
      for (ResultSet rs : open) {
        try {
          rs.close();
        } catch (SQLException e) {
          failure = e;
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  /** The (cache key, generation, signature) of each row a query of {@link #SELECT_STAMPS} returns. */
  private static final class StampIterator implements Iterator<Ledger.RowStamp> {
    private final ResultSet rs;
    private Boolean hasNext;

    StampIterator(ResultSet rs) {
      this.rs = rs;
    }

    @Override
    public boolean hasNext() {
      if (hasNext == null) {
        try {
          hasNext = rs.next();
        } catch (SQLException e) {
          throw new StorageException("Cannot read the rows of a namespace: " + e.getMessage(), e);
        }
      }
      return hasNext;
    }

    @Override
    public Ledger.RowStamp next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      hasNext = null;
      try {
        return new Ledger.RowStamp(rs.getString(1), generation(rs, 2), rs.getString(3));
      } catch (SQLException e) {
        throw new StorageException("Cannot read the rows of a namespace: " + e.getMessage(), e);
      }
    }
  }

  private static void deleteRow(SqliteSession session, String namespace, String cacheKey) throws SQLException {
    PreparedStatement delete = session.statement(DELETE_ROW);
    delete.setString(1, namespace);
    delete.setString(2, cacheKey);
    delete.executeUpdate();
  }

  private static List<String> deleteRows(SqliteSession session, String namespace) throws SQLException {
    PreparedStatement select = session.statement(SELECT_NAMESPACE_BLOBS);
    select.setString(1, namespace);
    List<String> blobIds = new ArrayList<>();
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        blobIds.add(rs.getString(1));
      }
    }
    PreparedStatement delete = session.statement(DELETE_NAMESPACE_ROWS);
    delete.setString(1, namespace);
    delete.executeUpdate();
    return blobIds;
  }

  private static boolean writeNamespace(PreparedStatement statement, NamespaceRecord record)
      throws SQLException {
    statement.setString(1, record.name());
    statement.setString(2, record.id());
    statement.setLong(3, record.createdAt());
    statement.setString(4, record.keyFile());
    statement.setString(5, record.keyId());
    statement.setString(6, record.signature());
    statement.setInt(7, record.ledger() ? 1 : 0);
    return statement.executeUpdate() == 1;
  }

  private static void bind(PreparedStatement statement, StoredRow row) throws SQLException {
    statement.setString(1, row.namespace());
    statement.setString(2, row.cacheKey());
    statement.setBytes(3, row.keyBytes());
    statement.setString(4, row.dataType());
    statement.setString(5, row.prefix());
    statement.setLong(6, row.fileSize());
    statement.setString(7, row.fileHash());
    statement.setString(8, row.objectType());
    statement.setString(9, row.storageFormat());
    statement.setString(10, row.serializer());
    statement.setString(11, row.compressionCodec());
    statement.setString(12, row.encryption());
    statement.setLong(13, row.createdAt());
    setLong(statement, 14, row.expiresAt());
    statement.setString(15, row.entrySignature());
    statement.setBytes(16, row.inlineValue());
    statement.setString(17, row.blobId());
    statement.setLong(18, row.accessedAt());
    setLong(statement, 19, row.generation());
  }

  private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.INTEGER);
    } else {
      statement.setLong(index, value);
    }
  }

  /** Maps {@link #VALUE_COLUMNS}, which start after {@code skip} leading columns. */
  private static StoredRow row(ResultSet rs, String namespace, String cacheKey, int skip) throws SQLException {
    long expires = rs.getLong(skip + 12);
    Long expiresAt = rs.wasNull() ? null : expires;
    return new StoredRow(namespace, cacheKey, rs.getBytes(skip + 1), rs.getString(skip + 2),
        rs.getString(skip + 3), rs.getLong(skip + 4), rs.getString(skip + 5), rs.getString(skip + 6),
        rs.getString(skip + 7), rs.getString(skip + 8), rs.getString(skip + 9), rs.getString(skip + 10),
        rs.getLong(skip + 11), expiresAt, generation(rs, skip + 17), rs.getString(skip + 13), rs.getBytes(skip + 14),
        rs.getString(skip + 15), rs.getLong(skip + 16));
  }

  private static NamespaceRecord namespaceRecord(ResultSet rs) throws SQLException {
    return new NamespaceRecord(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getInt(7) == 1);
  }
}
