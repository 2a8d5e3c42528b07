package io.cachet.store.sqlite;

import io.cachet.store.CorruptDatabaseException;
import io.cachet.store.OwnerOnly;
import io.cachet.store.StorageException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * One SQLite database file and the files beside it: whether it is intact, how connections to it are opened
 * (writable, or read-only where its directory cannot be written), the report left when damage is met in it, the
 * space held for deletes, and moving it aside.
 */
final class SqliteDatabaseFile {
  private static final System.Logger LOG = System.getLogger(SqliteDatabaseFile.class.getName());
  // SQLite writes its file in whole pages of 512 bytes or a larger power of two.
  private static final int MIN_PAGE_SIZE = 512;
  private static final String DAMAGE_REPORT = ".damaged";
  // Space held for deletes, which are how room is made but need room in the write-ahead log themselves: freed
  // when a delete finds the disk full, taken again at the next open.
  private static final String RESERVE = ".reserve";
  private static final int RESERVE_BYTES = 256 * 1024;
  // The database file ("") and the files that belong with it, in the order they are moved aside: SQLite's
  // write-ahead log first, since a log left behind would be replayed into whatever database is created in its
  // place; its shared-memory index; a rollback journal (none in WAL mode, but a hot one must stay with its
  // database); Cachet's damage report.
  private static final List<String> MOVED_SUFFIXES = List.of("-wal", "-shm", "-journal", "", DAMAGE_REPORT);
  private static final int QUICK_CHECK_ERRORS = 3;

  private final Path file;
  private final boolean fullSync;
  // The writer's page cache and log size between checkpoints: a putAll of 1,000 random keys dirties about as many
  // index pages, which SQLite's defaults (2 MiB, 1,000 pages) read back and checkpoint at nearly every commit.
  // Filling 200,000 entries: 61 µs an entry with the defaults, 46 µs with these (benchmarks/analysis.md).
  private static final int WRITER_CACHE_KIB = 64 * 1024;
  private static final int CHECKPOINT_PAGES = 4_000;
  private final int busyTimeoutMillis;
  private final UnaryOperator<Connection> connections;
  // Set while opening: damage found then fails the open and is reported by it, not by a report file.
  private final AtomicBoolean damageReported = new AtomicBoolean(true);

  /**
   * @param file an absolute path
   * @param fullSync whether commits are fsynced ({@code synchronous=FULL}) rather than only ordered
   * @param connections every connection opened is passed through it: the seam of the lock and fault tests
   */
  SqliteDatabaseFile(Path file, boolean fullSync, int busyTimeoutMillis, UnaryOperator<Connection> connections) {
    this.file = file;
    this.fullSync = fullSync;
    this.busyTimeoutMillis = busyTimeoutMillis;
    this.connections = connections;
  }

  Path path() {
    return file;
  }

  /**
   * Refuses an existing file that is not intact: not a whole number of pages, no database header, an unreadable
   * schema, and, up to {@code quickCheckMaxBytes} or after a run met damage in it, {@code PRAGMA quick_check}.
   * Nothing is written to the file.
   *
   * @return whether a damage report was found (it is cleared by {@link #opened} once the open succeeds)
   * @throws CorruptDatabaseException if the file is not an intact database
   */
  boolean requireIntact(long quickCheckMaxBytes) throws IOException, SQLException {
    long length = requireIntactLength();
    boolean damageWasReported = Files.exists(companion(file, DAMAGE_REPORT), LinkOption.NOFOLLOW_LINKS);
    if (length > 0) {
      // On a read-only connection, so that a failed check leaves the files as they are: a writable one, once
      // closed, would checkpoint the log into the damaged file and delete the log.
      SQLiteConfig checkConfig = config(fullSync);
      checkConfig.setReadOnly(true);
      try (SqliteSession checker = new SqliteSession(connections.apply(checkConfig.createConnection(url())))) {
        check(checker, damageWasReported || length <= quickCheckMaxBytes);
      }
    }
    return damageWasReported;
  }

  /**
   * The file's length, refused unless a whole number of pages, or if the file is empty while its log is not.
   * Only lengths are looked at: opening and closing the file here would release the POSIX locks that SQLite
   * connections of this process hold on it.
   */
  private long requireIntactLength() throws IOException {
    // The log's length first: a database in WAL mode has its first page written before its log is created and
    // is never shorter than that page again, so a log seen before an empty database means a cut database.
    long logLength = lengthOrZero(companion(file, "-wal"));
    long length = lengthOrZero(file);
    if (length % MIN_PAGE_SIZE != 0) {
      throw new CorruptDatabaseException("open SQLite database", file, "truncated: its length, " + length
          + " bytes, is not a whole number of pages", null);
    }
    if (length == 0 && logLength > 0) {
      // SQLite would take it for a new database and delete the log, even on a read-only connection.
      throw new CorruptDatabaseException("open SQLite database", file, "truncated to 0 bytes, while its "
          + "write-ahead log " + companion(file, "-wal").getFileName() + " holds " + logLength + " bytes", null);
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
  private void check(SqliteSession session, boolean whole) throws SQLException {
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
      throw new CorruptDatabaseException("open SQLite database", file,
          "PRAGMA quick_check found " + String.join("; ", problems), null);
    }
  }

  /** Opens the writer's connections: WAL mode. */
  ReaderPool.Opener writer() {
    return () -> {
      SQLiteConfig config = config(fullSync);
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setCacheSize(-WRITER_CACHE_KIB);
      SqliteSession session = new SqliteSession(connections.apply(config.createConnection(url())));
      session.statement("PRAGMA wal_autocheckpoint = " + CHECKPOINT_PAGES).execute();
      return session;
    };
  }

  /** Opens the readers' connections. */
  ReaderPool.Opener reader() {
    return () -> new SqliteSession(connections.apply(config(fullSync).createConnection(url())));
  }

  /**
   * Opens connections for reads only, to a database in a directory this process cannot write. With the WAL
   * index present, SQLite reads it and locks as usual; without it (it cannot be created there), the file is
   * opened as immutable, which is safe only while the write-ahead log is empty: SQLite would not read commits in
   * it, and rows they superseded would come back.
   *
   * @param writable why the writable open failed
   * @throws StorageException if the log holds commits
   */
  ReaderPool.Opener readOnly(Exception writable) throws IOException {
    Path wal = companion(file, "-wal");
    boolean walEmpty = !Files.exists(wal) || Files.size(wal) == 0;
    String url;
    if (Files.exists(companion(file, "-shm"))) {
      url = "jdbc:sqlite:" + file.toUri() + "?mode=ro";
    } else if (walEmpty) {
      url = "jdbc:sqlite:" + file.toUri() + "?immutable=1";
    } else {
      throw StorageException.of(StorageException.Kind.IO, "open SQLite database").file(file).because("its "
          + "directory is not writable and its write-ahead log holds commits that only a writable open can "
          + "recover (" + writable.getMessage() + ")", writable);
    }
    return () -> {
      SQLiteConfig config = config(false);
      config.setReadOnly(true);
      config.setOpenMode(SQLiteOpenMode.OPEN_URI);
      return new SqliteSession(connections.apply(config.createConnection(url)));
    };
  }

  /**
   * Opens read-only connections to a database that writers in this and other processes may use meanwhile: SQLite
   * reads the write-ahead log and locks as usual, creating the log and its index if no connection has them.
   */
  ReaderPool.Opener forReading() {
    String url = "jdbc:sqlite:" + file.toUri() + "?mode=ro";
    return () -> {
      SQLiteConfig config = config(false);
      config.setReadOnly(true);
      config.setOpenMode(SQLiteOpenMode.OPEN_URI);
      return new SqliteSession(connections.apply(config.createConnection(url)));
    };
  }

  /** Whether the file exists in a directory this process cannot write: it may still be opened read-only. */
  boolean inReadOnlyDirectory() {
    return Files.exists(file) && !Files.isWritable(parentOf(file));
  }

  private String url() {
    return "jdbc:sqlite:" + file;
  }

  private SQLiteConfig config(boolean synchronousFull) {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(busyTimeoutMillis);
    config.setSynchronous(synchronousFull ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
    // Nothing reads generated keys; left on, the driver prepares and runs "SELECT last_insert_rowid()" after
    // every insert (a quarter of a small put's time in a JMH stack profile).
    config.setGetGeneratedKeys(false);
    return config;
  }

  /**
   * The database opened: takes the space held for deletes, removes a damage report a full check has just cleared,
   * and from now on reports damage met in the file.
   */
  void opened(boolean damageWasReported) {
    holdReserve(companion(file, RESERVE));
    if (damageWasReported) {
      clearDamageReport();
    }
    damageReported.set(false);
  }

  /** The database opened read-only: damage met later is reported in the log and the exception only. */
  void openedReadOnly() {
    damageReported.set(false);
  }

  private void clearDamageReport() {
    Path report = companion(file, DAMAGE_REPORT);
    try {
      Files.deleteIfExists(report);
      LOG.log(Level.INFO, "A full check of {0} found no damage; removed the damage report {1}", file, report);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "A full check of " + file + " found no damage, but the damage report " + report
          + " cannot be removed; the next open checks the whole database again", e);
    }
  }

  /**
   * The failure of an operation that met damage after the open, which is reported once (log and damage report
   * file), so that the next open checks the whole database whatever its size.
   */
  CorruptDatabaseException damaged(String operation, Exception e) {
    String damage = SqliteFailures.sqliteReport(e) + " (trying to " + operation + ")";
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
    return new CorruptDatabaseException(operation, file, damage, e);
  }

  /** Creates the space held for deletes, 0600 and never through a link, where there is room for it. */
  private static void holdReserve(Path reserve) {
    if (Files.exists(reserve, LinkOption.NOFOLLOW_LINKS) || !Files.isWritable(parentOf(reserve))) {
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
  boolean releaseReserve() {
    Path reserve = companion(file, RESERVE);
    try {
      return Files.isRegularFile(reserve, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(reserve);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Which of the database's files, or its directory, keeps SQLite from opening it, as far as can be seen: SQLite's
   * own messages (SQLITE_CANTOPEN: "unable to open database file") name none.
   */
  String atFault() {
    Path directory = parentOf(file);
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

  /** See {@link SqliteEntryStore#cannotMoveAside}. */
  static boolean cannotMoveAside(Path target) {
    for (String suffix : MOVED_SUFFIXES) {
      if (Files.exists(companion(target, suffix), LinkOption.NOFOLLOW_LINKS)) {
        return true;
      }
    }
    return false;
  }

  /** See {@link SqliteEntryStore#moveAside}. */
  static List<Path> moveAside(Path file, Path target) {
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
        throw StorageException.of(StorageException.Kind.IO, "move " + source + " to " + destination).because(e
            + " (moved so far: " + moved + ")", e);
      }
      moved.add(destination);
    }
    return moved;
  }

  /** The files SQLite opens beside the database: its write-ahead log, shared-memory index and rollback journal. */
  static List<Path> companions(Path file) {
    return List.of(companion(file, "-wal"), companion(file, "-shm"), companion(file, "-journal"));
  }

  private static Path companion(Path file, String suffix) {
    return file.resolveSibling(file.getFileName() + suffix);
  }

  /** The directory a database file or its companion is in; every such path has one. */
  private static Path parentOf(Path path) {
    Path parent = path.getParent();
    if (parent == null) {
      throw new IllegalStateException(path + " has no parent directory");
    }
    return parent;
  }
}
