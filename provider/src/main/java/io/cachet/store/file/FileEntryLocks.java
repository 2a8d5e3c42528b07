package io.cachet.store.file;

import io.cachet.store.EntryLocks;
import io.cachet.store.OwnerOnly;
import io.cachet.store.StorageException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileLock;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * {@link EntryLocks} on the lock file {@code cachet.entries.lock} of a root: each key maps to one of {@link #STRIPES}
 * one-byte ranges of the file, held with a POSIX record lock, which the kernel drops when its process dies,
 * so a crashed holder never blocks the others.
 *
 * <p>POSIX record locks belong to a process, not a thread, and closing any descriptor of the file drops all
 * of the process's locks on it. So one JVM keeps one descriptor per lock file, shared by every store open
 * on the root, and a reentrant lock per stripe decides which of its threads holds the range.
 */
public final class FileEntryLocks implements EntryLocks {
  /** The lock file under the root. */
  public static final String LOCK_FILE = "cachet.entries.lock";
  static final int STRIPES = 4096;
  /**
   * A hold of at least this many stripes first tries to lock the whole file with one range: each range taken
   * and released is two system calls, while taking every stripe's lock in this JVM costs less than a microsecond
   * per 16 stripes. A bulk write of 1,000 keys took 2,000 calls before.
   */
  static final int WHOLE_FILE_FROM = 128;

  private static final Map<Path, LockFile> OPEN = new HashMap<>();

  private final LockFile file;
  private final AtomicBoolean closed = new AtomicBoolean();

  private FileEntryLocks(LockFile file) {
    this.file = file;
  }

  /**
   * The locks of the root: every instance on the same root in this JVM shares one lock file descriptor. The
   * file is opened (and created) on the first lock, so a read-only root can still be read.
   *
   * @param root the real path of the root directory
   */
  public static FileEntryLocks open(Path root) {
    Path path = root.resolve(LOCK_FILE);
    synchronized (OPEN) {
      LockFile file = OPEN.computeIfAbsent(path, LockFile::new);
      file.users++;
      return new FileEntryLocks(file);
    }
  }

  @Override
  public Held lock(String namespace, Collection<String> cacheKeys) {
    if (closed.get()) {
      throw StorageException.of(StorageException.Kind.CLOSED, "lock entries").namespace(namespace)
          .because("the store is closed");
    }
    int[] stripes = stripesOf(namespace, cacheKeys);
    if (stripes.length >= WHOLE_FILE_FROM) {
      Held whole = file.tryWhole();
      if (whole != null) {
        return whole;
      }
    }
    int taken = 0;
    try {
      for (int stripe : stripes) {
        file.acquire(stripe);
        taken++;
      }
    } catch (RuntimeException e) {
      file.releaseAll(stripes, taken);
      throw e;
    }
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        file.releaseAll(stripes, stripes.length);
      }
    };
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      synchronized (OPEN) {
        if (--file.users == 0) {
          OPEN.remove(file.path);
          file.close();
        }
      }
    }
  }

  /** The distinct stripes of the keys, ascending: the one order every holder of several keys takes them in. */
  private static int[] stripesOf(String namespace, Collection<String> cacheKeys) {
    // String.hashCode is specified, so every JVM maps a key to the same stripe.
    int namespaceHash = namespace.hashCode() * 31;
    int[] stripes = new int[cacheKeys.size()];
    int i = 0;
    for (String key : cacheKeys) {
      int h = namespaceHash + key.hashCode();
      stripes[i++] = (h ^ (h >>> 16)) & (STRIPES - 1);
    }
    return stripes.length == 1 ? stripes : Arrays.stream(stripes).distinct().sorted().toArray();
  }

  /** One lock file of this JVM, shared by all instances on its root. */
  private static final class LockFile {
    private static final System.Logger LOG = System.getLogger("io.cachet.store");
    private static final long FIRST_WAIT_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    private static final long LONGEST_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final Set<OpenOption> OPTIONS = Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
        StandardOpenOption.CREATE, LinkOption.NOFOLLOW_LINKS);

    private final Path path;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    // Element i is guarded by stripes[i].
    private final FileLock[] ranges = new FileLock[STRIPES];
    private AsynchronousFileChannel channel;
    // Held to read while a range is locked or released, to write while the channel closes: closing a channel
    // under a waiting tryLock surfaced as a bare ClosedChannelException (a null message) or a JDK assertion.
    private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();
    // Set once the last store on the root closed, so that a lock still being taken neither uses nor reopens the
    // file; guarded by closing, and by this object's monitor in channel().
    private boolean closed;
    private int users;

    LockFile(Path path) {
      this.path = path;
      Arrays.setAll(stripes, i -> new ReentrantLock());
    }

    void acquire(int stripe) {
      ReentrantLock lock = stripes[stripe];
      lock.lock();
      if (lock.getHoldCount() > 1) {
        return;
      }
      try {
        ranges[stripe] = lockRange(stripe);
      } catch (RuntimeException | Error e) {
        lock.unlock();
        throw e;
      }
    }

    /**
     * Holds every stripe with one range over the whole file, if this thread holds no stripe yet (a range of its
     * own would overlap) and no other process holds one now; else null, holding nothing, so that the caller
     * takes its stripes one by one and waits for them as usual.
     */
    Held tryWhole() {
      for (ReentrantLock lock : stripes) {
        if (lock.isHeldByCurrentThread()) {
          return null;
        }
      }
      // Ascending, as every holder takes its stripes: holding none before, this thread waits in no cycle.
      for (ReentrantLock lock : stripes) {
        lock.lock();
      }
      FileLock whole = null;
      try {
        whole = tryLockWhole();
      } finally {
        if (whole == null) {
          unlockStripes();
        }
      }
      if (whole == null) {
        return null;
      }
      FileLock held = whole;
      AtomicBoolean released = new AtomicBoolean();
      return () -> {
        if (released.compareAndSet(false, true)) {
          try {
            releaseRange(held);
          } catch (ClosedChannelException e) {
            // Closing the channel released the range already.
          } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot release a lock on " + path + "; it is released when the store closes", e);
          } finally {
            unlockStripes();
          }
        }
      };
    }

    private FileLock tryLockWhole() {
      AsynchronousFileChannel open = channel();
      closing.readLock().lock();
      try {
        if (closed) {
          throw closed(null);
        }
        return open.tryLock(0, STRIPES, false);
      } catch (IOException e) {
        throw StorageException.of(FileFailures.kind(e), "lock entries").file(path).because(e.toString(), e);
      } finally {
        closing.readLock().unlock();
      }
    }

    private void unlockStripes() {
      for (int i = STRIPES - 1; i >= 0; i--) {
        stripes[i].unlock();
      }
    }

    void releaseAll(int[] held, int count) {
      for (int i = count - 1; i >= 0; i--) {
        release(held[i]);
      }
    }

    private void release(int stripe) {
      ReentrantLock lock = stripes[stripe];
      try {
        if (lock.getHoldCount() == 1) {
          FileLock range = ranges[stripe];
          ranges[stripe] = null;
          releaseRange(range);
        }
      } catch (ClosedChannelException e) {
        // Closing the channel released the range already.
      } catch (IOException e) {
        LOG.log(Level.WARNING, "Cannot release a lock on " + path + "; it is released when the store closes", e);
      } finally {
        lock.unlock();
      }
    }

    /**
     * Polls rather than blocking in the kernel: an asynchronous channel's blocking lock waits on a pool thread
     * and cannot be abandoned, and an interruptible channel would be closed by an interrupt, dropping every
     * lock this JVM holds on the file.
     */
    private FileLock lockRange(int stripe) {
      AsynchronousFileChannel open = channel();
      long waitNanos = FIRST_WAIT_NANOS;
      while (true) {
        closing.readLock().lock();
        try {
          if (closed) {
            throw closed(null);
          }
          FileLock range = open.tryLock(stripe, 1, false);
          if (range != null) {
            return range;
          }
        } catch (IOException e) {
          throw StorageException.of(FileFailures.kind(e), "lock an entry").file(path).because(e.toString(), e);
        } finally {
          closing.readLock().unlock();
        }
        LockSupport.parkNanos(waitNanos);
        waitNanos = Math.min(waitNanos * 2, LONGEST_WAIT_NANOS);
      }
    }

    private void releaseRange(FileLock range) throws IOException {
      closing.readLock().lock();
      try {
        if (!closed) {
          range.release();
        }
      } finally {
        closing.readLock().unlock();
      }
    }

    private StorageException closed(Exception cause) {
      return StorageException.of(StorageException.Kind.CLOSED, "lock an entry").file(path)
          .because("the store was closed", cause);
    }

    private synchronized AsynchronousFileChannel channel() {
      if (closed) {
        throw closed(null);
      }
      if (channel == null) {
        try {
          channel = AsynchronousFileChannel.open(path, OPTIONS, null, OwnerOnly.file(path));
        } catch (IOException | UnsupportedOperationException e) {
          throw FileFailures.failure("open the lock file", path, e);
        }
      }
      return channel;
    }

    synchronized void close() {
      closing.writeLock().lock();
      try {
        closed = true;
        if (channel != null) {
          try {
            channel.close();
          } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot close the lock file " + path, e);
          }
          channel = null;
        }
      } finally {
        closing.writeLock().unlock();
      }
    }
  }
}
