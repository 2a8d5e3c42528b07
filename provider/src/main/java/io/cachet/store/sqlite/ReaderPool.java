package io.cachet.store.sqlite;

import java.sql.SQLException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * A bounded pool of read-only-used sessions: WAL lets readers run in parallel with each other and with the
 * writer, so reads do not queue behind the write lock.
 */
final class ReaderPool implements AutoCloseable {

  /** Opens a new session. */
  @FunctionalInterface
  interface Opener {
    SqliteSession open() throws SQLException;
  }

  private final Opener opener;
  private final Semaphore permits;
  private final Queue<SqliteSession> idle = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  ReaderPool(Opener opener, int size) {
    this.opener = opener;
    this.permits = new Semaphore(size);
  }

  /** A session, opened if none is idle; null once the pool is closed. */
  SqliteSession borrow() throws SQLException {
    permits.acquireUninterruptibly();
    try {
      if (closed) {
        permits.release();
        return null;
      }
      SqliteSession session = idle.poll();
      return session != null ? session : opener.open();
    } catch (SQLException | RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  void release(SqliteSession session) {
    if (closed) {
      session.close();
    } else {
      idle.add(session);
      if (closed) {
        closeIdle();
      }
    }
    permits.release();
  }

  /** Closes a borrowed session instead of returning it: it failed and may be in an unknown state. */
  void discard(SqliteSession session) {
    try {
      session.close();
    } finally {
      permits.release();
    }
  }

  @Override
  public void close() {
    closed = true;
    closeIdle();
  }

  private void closeIdle() {
    for (SqliteSession session; (session = idle.poll()) != null; ) {
      session.close();
    }
  }
}
