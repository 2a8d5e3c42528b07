package io.cachet.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.cachet.store.EntryLocks;
import io.cachet.store.StorageException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link EntryLocks} as PostgreSQL session-level advisory locks: each key maps to a 64-bit lock id
 * ({@link LockIds#entry}), and a thread that holds keys holds their locks on a pooled connection of its own, from
 * its first hold to the release of its last. The server drops a connection's locks when the connection ends, so a
 * crashed or killed holder, or one whose network is cut, never blocks the others for longer than the server takes
 * to notice.
 *
 * <p>Session-level locks rather than transaction-scoped ones: a hold taken while the thread already held some of
 * its keys releases exactly its own share when closed, which a transaction, releasing all at once, cannot. Every
 * lock is released explicitly before the connection goes back to the pool; a connection whose release failed is
 * evicted from the pool instead, and closing it releases whatever it still held.
 *
 * <p>The pool bounds the threads holding keys at once to {@code poolSize}; a thread beyond them waits up to the
 * connection timeout, then fails with {@link StorageException.Kind#BUSY}.
 */
public final class PostgresEntryLocks implements EntryLocks {
  private static final System.Logger LOG = System.getLogger(PostgresEntryLocks.class.getName());
  private static final String LOCK = "SELECT pg_advisory_lock(?)";
  private static final String UNLOCK = "SELECT pg_advisory_unlock(?)";
  private static final String OPERATION = "lock entries";

  private final HikariDataSource pool;
  private final LockIds lockIds;
  private final String password;
  private final Map<Thread, ThreadHolds> holders = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private PostgresEntryLocks(HikariDataSource pool, PostgresSettings settings) {
    this.pool = pool;
    this.lockIds = new LockIds(settings.schema());
    this.password = settings.password();
  }

  /**
   * Opens a pool of connections for the locks of the schema's keys; the schema itself need not exist.
   *
   * @param settings where the database is, and the schema (part of every lock id) and pool size
   * @return the open locks; closing them closes their pool
   *
   * @throws StorageException if the database cannot be reached
   */
  public static PostgresEntryLocks open(PostgresSettings settings) {
    try {
      return new PostgresEntryLocks(PostgresPool.open(settings, "locks", false), settings);
    } catch (SQLException e) {
      throw PostgresFailures.failure("open the PostgreSQL locks at " + settings.displayUrl(), null, e,
          settings.password());
    }
  }

  /**
   * Opens the locks without connecting: their pool's first connection is made in the background. For a backend
   * whose entry store has just connected with the same settings, which so already proved them right; opening a
   * manager then waits for one new connection, not two.
   *
   * @param settings where the database is, and the schema (part of every lock id) and pool size
   * @param readOnly whether the server must refuse writes on the locks' connections (advisory locks are no writes)
   * @return the open locks; closing them closes their pool
   */
  static PostgresEntryLocks openBeside(PostgresSettings settings, boolean readOnly) {
    return new PostgresEntryLocks(PostgresPool.openConnectingLater(settings, "locks", readOnly), settings);
  }

  @Override
  public Held lock(String namespace, Collection<String> cacheKeys) {
    if (closed) {
      throw PostgresFailures.closed(OPERATION, namespace);
    }
    long[] ids = lockIds.entries(namespace, cacheKeys);
    ThreadHolds holds = holders.computeIfAbsent(Thread.currentThread(), thread -> new ThreadHolds());
    int taken = 0;
    try {
      holds.connect();
      for (long id : ids) {
        holds.acquire(id);
        taken++;
      }
      return new Hold(holds, ids);
    } catch (SQLException e) {
      holds.releaseFirst(ids, taken);
      throw closed ? PostgresFailures.closed(OPERATION, namespace)
          : PostgresFailures.failure(OPERATION, namespace, e, password);
    }
  }

  /** Closes the pool, aborting the connections of open holds: the server releases their locks. Idempotent. */
  @Override
  public void close() {
    closed = true;
    pool.close();
  }

  /** A hold on some lock ids of one thread; releases its share once. */
  private static final class Hold implements Held {
    private final ThreadHolds holds;
    private final long[] ids;
    private boolean released;

    Hold(ThreadHolds holds, long[] ids) {
      this.holds = holds;
      this.ids = ids;
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        holds.releaseFirst(ids, ids.length);
      }
    }
  }

  /**
   * The locks one thread holds, each with how many of its holds share it, and the connection holding them: taken
   * from the pool at the thread's first hold, given back when it holds nothing.
   */
  private final class ThreadHolds {
    private final Map<Long, Integer> counts = new HashMap<>();
    private Connection connection;

    void connect() throws SQLException {
      if (connection == null) {
        connection = pool.getConnection();
      }
    }

    /** Takes the lock, waiting for other sessions to release it, unless this thread holds it already. */
    void acquire(long id) throws SQLException {
      Integer count = counts.get(id);
      if (count == null) {
        run(LOCK, id);
      }
      counts.put(id, count == null ? 1 : count + 1);
    }

    /** Releases the share of the first {@code taken} ids; gives back the connection once nothing is held. */
    void releaseFirst(long[] ids, int taken) {
      try {
        for (int i = 0; i < taken; i++) {
          int count = counts.get(ids[i]);
          if (count > 1) {
            counts.put(ids[i], count - 1);
          } else {
            counts.remove(ids[i]);
            if (!closed) {
              run(UNLOCK, ids[i]);
            }
          }
        }
        if (counts.isEmpty()) {
          giveBack();
        }
      } catch (SQLException e) {
        LOG.log(Level.WARNING, "Releasing a PostgreSQL advisory lock failed: its connection is closed instead, "
            + "which releases every lock it holds (" + e.getMessage() + ")");
        counts.clear();
        evict();
      }
    }

    private void run(String sql, long id) throws SQLException {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setLong(1, id);
        statement.execute();
      }
    }

    private void giveBack() throws SQLException {
      holders.remove(Thread.currentThread(), this);
      Connection held = connection;
      connection = null;
      if (held != null) {
        held.close();
      }
    }

    private void evict() {
      holders.remove(Thread.currentThread(), this);
      Connection held = connection;
      connection = null;
      if (held != null && !closed) {
        pool.evictConnection(held);
      }
    }
  }
}
