package io.cachet.store.sqlite;

import io.cachet.store.Ledger;
import io.cachet.store.StorageException;
import io.cachet.store.jdbc.Transactions;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Runs work in transactions on one database: writes on a single writer connection behind a lock, whose
 * transactions begin IMMEDIATE so that cross-process writers queue on the busy timeout instead of deadlocking,
 * and take in every write queued while the one before committed (group commit);
 * reads on a small pool of reader connections. Every failure leaves as a {@link StorageException} of the kind
 * SQLite reported, damage as one reported once by the database file.
 */
final class SqliteTransactions implements Transactions {
  private static final System.Logger LOG = System.getLogger(SqliteTransactions.class.getName());

  private final SqliteDatabaseFile database;
  private final boolean readOnly;
  // Writes of one transaction at most: bounds how long the first of them waits for the commit.
  private static final int MAX_BATCH = 256;

  private final ReentrantLock writeLock = new ReentrantLock();
  private final Queue<PendingWrite<?>> queued = new ConcurrentLinkedQueue<>();
  private final ReaderPool.Opener writerOpener;
  private final ReaderPool readers;
  // Null after a failed rollback left it in doubt, until the next write opens a fresh one.
  private SqliteSession writer;
  private boolean closed;

  /**
   * Opens the writer's connection at once, so that a database that cannot be opened fails here.
   *
   * @param readOnly whether the connections were opened read-only, so that every write fails
   */
  SqliteTransactions(SqliteDatabaseFile database, ReaderPool.Opener writerOpener, ReaderPool.Opener readerOpener,
      boolean readOnly) throws SQLException {
    this.database = database;
    this.readOnly = readOnly;
    this.writerOpener = writerOpener;
    this.writer = writerOpener.open();
    this.readers = new ReaderPool(readerOpener, readerCount());
  }

  private static int readerCount() {
    return Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
  }

  /** Runs the work on a reader, outside a transaction (each statement its own snapshot). */
  @Override
  public <T> T read(String operation, String namespace, Work<T> work) {
    SqliteSession session;
    try {
      session = readers.borrow();
    } catch (SQLException e) {
      throw failure(operation, namespace, e);
    }
    if (session == null) {
      throw closed(operation, namespace);
    }
    boolean failed = true;
    try {
      T result = work.run(session);
      failed = false;
      return result;
    } catch (SQLException e) {
      throw failure(operation, namespace, e);
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

  /** Runs the work in one read transaction of a reader: one snapshot. */
  @Override
  public <T> T readSnapshot(String operation, String namespace, Work<T> work) {
    return read(operation, namespace, session -> {
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

  /** Runs the work in a write transaction. */
  @Override
  public <T> T write(String operation, String namespace, Work<T> work) {
    return write(operation, namespace, work, null);
  }

  /** Runs the work on the writer, whose every statement is in a write transaction. */
  @Override
  public <T> T writeStatement(String operation, String namespace, Work<T> work) {
    return write(operation, namespace, work, null);
  }

  /**
   * Runs the work in a write transaction, then, still holding the writer, tells the ledger, if any, it committed.
   *
   * <p>Group commit: a write that arrives while the writer is busy waits in a queue; the first waiting thread to
   * get the writer runs every write queued by then in one transaction, each under its own savepoint, so that a
   * work that fails rolls back only its own statements. Each write returns once the transaction holding it
   * committed (or fails if that did not), and the commit's log write and sync are shared by all of them.
   */
  @Override
  public <T> T write(String operation, String namespace, Work<T> work, Ledger ledger) {
    PendingWrite<T> write = new PendingWrite<>(operation, namespace, work, ledger);
    queued.add(write);
    writeLock.lock();
    try {
      // Not yet taken by a batch: the writes queued by now run in the next transactions, until this one has run
      // (a batch takes at most MAX_BATCH, so this one may come in a later batch than the first).
      while (!write.done()) {
        runBatch(drainQueue());
      }
    } finally {
      writeLock.unlock();
    }
    return write.outcome();
  }

  private List<PendingWrite<?>> drainQueue() {
    List<PendingWrite<?>> batch = new ArrayList<>();
    PendingWrite<?> next;
    while (batch.size() < MAX_BATCH && (next = queued.poll()) != null) {
      batch.add(next);
    }
    return batch;
  }

  /** Runs the writes in one transaction and settles each: committed, or failed. Called holding the write lock. */
  private void runBatch(List<PendingWrite<?>> batch) {
    if (closed) {
      batch.forEach(write -> write.failed(closed(write.operation, write.namespace)));
      return;
    }
    List<PendingWrite<?>> ran = new ArrayList<>(batch.size());
    try {
      if (writer == null) {
        writer = writerOpener.open();
      }
      writer.statement("BEGIN IMMEDIATE").executeUpdate();
      try {
        if (batch.size() == 1) {
          // Alone in its transaction: a failure rolls back the transaction, so no savepoint is needed.
          batch.get(0).run(writer);
          ran.add(batch.get(0));
        } else {
          for (PendingWrite<?> write : batch) {
            if (runInSavepoint(write)) {
              ran.add(write);
            }
          }
        }
        writer.statement("COMMIT").executeUpdate();
      } catch (SQLException | RuntimeException | Error e) {
        rollback(e);
        throw e;
      }
    } catch (SQLException | RuntimeException | Error e) {
      if (e instanceof SQLException && writer != null) {
        writer.discardStatements();
      }
      for (PendingWrite<?> write : batch) {
        if (!write.done()) {
          write.failed(e instanceof SQLException sql ? failure(write.operation, write.namespace, sql) : e);
        }
      }
      return;
    }
    ran.forEach(PendingWrite::committed);
  }

  /**
   * Runs one write of a batch under a savepoint. If its work fails, its statements are rolled back, the write
   * is settled as failed and the others go on; if the rollback to the savepoint fails, the transaction is in
   * doubt and the whole batch fails with that failure.
   *
   * @return whether the work succeeded
   */
  private boolean runInSavepoint(PendingWrite<?> write) throws SQLException {
    writer.statement("SAVEPOINT write").executeUpdate();
    try {
      write.run(writer);
    } catch (SQLException | RuntimeException | Error e) {
      if (e instanceof SQLException) {
        writer.discardStatements();
      }
      writer.statement("ROLLBACK TO write").executeUpdate();
      writer.statement("RELEASE write").executeUpdate();
      write.failed(e instanceof SQLException sql ? failure(write.operation, write.namespace, sql) : e);
      return false;
    }
    writer.statement("RELEASE write").executeUpdate();
    return true;
  }

  /**
   * Rolls back the writer's transaction. If that fails the connection may still be inside it, holding the
   * database's write lock against every other connection and process, and every later BEGIN would fail on
   * it: it is closed, which rolls back whatever is open, and the next write opens a fresh one.
   */
  private void rollback(Throwable failure) {
    try {
      writer.statement("ROLLBACK").executeUpdate();
    } catch (SQLException e) {
      failure.addSuppressed(e);
      writer.close();
      writer = null;
    }
  }

  /**
   * Runs the work on the writer outside a transaction, holding the write lock, so that no write of this store comes
   * between its statements; never on a read-only store, whose files must stay as they are.
   */
  @Override
  public <T> T maintain(String operation, Work<T> work) {
    if (readOnly) {
      throw StorageException.of(StorageException.Kind.IO, operation).file(database.path()).because("the store "
          + "was opened read-only, since its directory is not writable; reopen it writable to " + operation);
    }
    writeLock.lock();
    try {
      if (closed) {
        throw closed(operation, null);
      }
      if (writer == null) {
        writer = writerOpener.open();
      }
      return work.run(writer);
    } catch (SQLException e) {
      if (writer != null) {
        writer.discardStatements();
      }
      throw failure(operation, null, e);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public boolean readOnly() {
    return readOnly;
  }

  /** Runs a delete; if the disk is too full for it, frees the space held for deletes and tries once more. */
  @Override
  public <T> T freeingSpace(Supplier<T> delete) {
    try {
      return delete.get();
    } catch (StorageException e) {
      if (e.kind() != StorageException.Kind.FULL || !database.releaseReserve()) {
        throw e;
      }
      LOG.log(Level.WARNING, "The disk of {0} is full: released the space held for deletes, which the next open "
          + "takes again", database.path());
      return delete.get();
    }
  }

  private StorageException failure(String operation, String namespace, SQLException e) {
    if (SqliteFailures.isCorruption(e)) {
      return database.damaged(operation, e);
    }
    return StorageException.of(SqliteFailures.kind(e), operation).namespace(namespace).file(database.path())
        .because(e);
  }

  private StorageException closed(String operation, String namespace) {
    return StorageException.of(StorageException.Kind.CLOSED, operation).namespace(namespace).file(database.path())
        .because("the entry store is closed");
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
}
