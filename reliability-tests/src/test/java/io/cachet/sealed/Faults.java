package io.cachet.sealed;

import io.cachet.store.StorageException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The fault a test arms on a {@link FaultyEntryStore} and a {@link FaultyBlobStore}, once or until cleared,
 * and how many faults they injected. Each fault fails its store operations the way the real stores fail
 * them: a {@link StorageException} around the {@link SQLiteException} or {@link IOException} underneath,
 * thrown before the real call (nothing happened) or after it (it happened, but the caller is told otherwise).
 */
final class Faults {

  /** Which store operations a fault hits. */
  enum Target {
    /** {@code EntryStore} methods that only read: get, getAll, scan, blobReferenced, the namespace reads. */
    ENTRY_READ,
    /** {@code EntryStore} methods that write: the upserts, the deletes, touch, evict, the namespace writes. */
    ENTRY_WRITE,
    /** {@code BlobStore.putNew}. */
    BLOB_WRITE,
    /** {@code BlobStore.read}. */
    BLOB_READ,
    /** {@code BlobStore.delete}, {@code deleteNamespace} and {@code sweep}. */
    BLOB_DELETE
  }

  /** A failure and where it strikes: before the real store call, or after it did its work. */
  enum Fault {
    SQLITE_FULL_ON_WRITE(Target.ENTRY_WRITE, SQLiteErrorCode.SQLITE_FULL, null, false),
    SQLITE_IOERR_ON_WRITE(Target.ENTRY_WRITE, SQLiteErrorCode.SQLITE_IOERR, null, false),
    SQLITE_BUSY_ON_WRITE(Target.ENTRY_WRITE, SQLiteErrorCode.SQLITE_BUSY, null, false),
    SQLITE_IOERR_ON_READ(Target.ENTRY_READ, SQLiteErrorCode.SQLITE_IOERR, null, false),
    ENOSPC_ON_BLOB_WRITE(Target.BLOB_WRITE, null, "No space left on device", false),
    EIO_ON_BLOB_WRITE(Target.BLOB_WRITE, null, "Input/output error", false),
    EIO_ON_BLOB_READ(Target.BLOB_READ, null, "Input/output error", false),
    EIO_ON_BLOB_DELETE(Target.BLOB_DELETE, null, "Input/output error", false),
    /** The blob file is deleted (by someone else) between the row's read and the blob's. */
    BLOB_VANISHES_BEFORE_READ(Target.BLOB_READ, null, null, false),
    /**
     * The write's transaction committed, then the call fails (say, the connection reports an I/O error on
     * its way back): the caller cannot tell whether its write is stored.
     */
    SQLITE_IOERR_AFTER_COMMIT(Target.ENTRY_WRITE, SQLiteErrorCode.SQLITE_IOERR, null, true),
    /** The blob file was renamed into place, then {@code putNew} fails (say, in the directory's fsync). */
    EIO_AFTER_BLOB_WRITE(Target.BLOB_WRITE, null, "Input/output error", true),
    /** The blob file is deleted, then {@code delete} reports a failure. */
    EIO_AFTER_BLOB_DELETE(Target.BLOB_DELETE, null, "Input/output error", true);

    final Target target;
    final SQLiteErrorCode code;
    final String ioMessage;
    /** Whether it strikes after the real call did its work, rather than before it started. */
    final boolean afterCall;

    Fault(Target target, SQLiteErrorCode code, String ioMessage, boolean afterCall) {
      this.target = target;
      this.code = code;
      this.ioMessage = ioMessage;
      this.afterCall = afterCall;
    }

    /** What the caller's exception message must say, or null for a fault that throws nothing. */
    String text() {
      return code != null ? code.name() : ioMessage;
    }

    StorageException exception(String operation) {
      if (code != null) {
        // As sqlite-jdbc words them: "[SQLITE_FULL] <description> (<sqlite3_errmsg>)".
        SQLiteException cause = new SQLiteException("[" + code.name() + "] " + code.message + " (injected)", code);
        return StorageException.of(kind(), operation).because(cause);
      }
      return StorageException.of(kind(), operation).because(new IOException(ioMessage));
    }

    /** The kind the real stores give such a failure. */
    private StorageException.Kind kind() {
      if (code == SQLiteErrorCode.SQLITE_FULL || "No space left on device".equals(ioMessage)) {
        return StorageException.Kind.FULL;
      }
      return code == SQLiteErrorCode.SQLITE_BUSY ? StorageException.Kind.BUSY : StorageException.Kind.IO;
    }
  }

  /** Whether an armed fault strikes once or every time until cleared. */
  enum Mode { ONCE, FOREVER }

  private Fault armed;
  private Mode mode;
  private String onlyOperation;
  private final AtomicInteger injected = new AtomicInteger();
  private final Set<String> vanishedBlobs = ConcurrentHashMap.newKeySet();
  private Runnable beforeNextBlobRead;

  /** Arms a fault on every operation of its target. */
  synchronized void arm(Fault fault, Mode newMode) {
    arm(fault, newMode, null);
  }

  /** Arms a fault on one operation of its target, named as the store method (e.g. "evict", "putNew"). */
  synchronized void arm(Fault fault, Mode newMode, String operation) {
    armed = fault;
    mode = newMode;
    onlyOperation = operation;
  }

  /** The fault clears: every operation succeeds again. */
  synchronized void clear() {
    armed = null;
  }

  /** Whether a fault is armed (a once-fault disarms when it strikes). */
  synchronized boolean armed() {
    return armed != null;
  }

  int injected() {
    return injected.get();
  }

  /** The blob ids whose files a vanishing fault deleted. */
  Set<String> vanishedBlobs() {
    return Set.copyOf(vanishedBlobs);
  }

  /**
   * Called by the decorators before each operation: throws the armed fault's exception if it strikes this
   * operation before the call, or returns true if the armed fault is a vanishing blob that strikes it (the
   * caller deletes the blob, then reads).
   */
  synchronized boolean before(Target target, String operation) {
    if (!strikes(target, operation, false)) {
      return false;
    }
    Fault fault = spend();
    if (fault == Fault.BLOB_VANISHES_BEFORE_READ) {
      return true;
    }
    throw fault.exception(operation);
  }

  /** Called by the decorators after the real call returned: throws the armed fault's exception if it strikes. */
  synchronized void after(Target target, String operation) {
    if (strikes(target, operation, true)) {
      throw spend().exception(operation);
    }
  }

  private boolean strikes(Target target, String operation, boolean afterCall) {
    return armed != null && armed.target == target && armed.afterCall == afterCall
        && (onlyOperation == null || onlyOperation.equals(operation));
  }

  private Fault spend() {
    Fault fault = armed;
    if (mode == Mode.ONCE) {
      armed = null;
    }
    injected.incrementAndGet();
    return fault;
  }

  /** Runs the action (say, another process's write) just before the next blob read, once. */
  synchronized void beforeNextBlobRead(Runnable action) {
    beforeNextBlobRead = action;
  }

  /** Called by the blob store decorator before each read. */
  void blobReadStarting() {
    Runnable action;
    synchronized (this) {
      action = beforeNextBlobRead;
      beforeNextBlobRead = null;
    }
    if (action != null) {
      action.run();
    }
  }

  void vanished(String blobId) {
    vanishedBlobs.add(blobId);
  }
}
