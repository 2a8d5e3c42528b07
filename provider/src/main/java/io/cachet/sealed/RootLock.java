package io.cachet.sealed;

import io.cachet.store.OwnerOnly;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The lock file of a root, held shared by every store open on the root, so that moving the database aside can
 * first make sure that no store in any process has it open: SQLite connections keep using a renamed file, and
 * when the last one closes, SQLite deletes its log and index by name, which by then are the new database's.
 *
 * <p>File locks belong to the whole JVM, not to a channel, so the stores of this JVM share one lock per root
 * and count themselves. A second copy of these classes (another class loader) cannot take the lock while
 * this one holds it; its stores then open unlocked and never move anything aside.
 */
final class RootLock {
  /** The lock file under the root; it is empty, only its lock matters. */
  static final String FILE = "cachet.lock";

  private static final Map<Path, RootLock> LOCKS = new HashMap<>();

  private final Path root;
  private final FileChannel channel;
  private FileLock lock;
  private int holders;

  private RootLock(Path root, FileChannel channel, FileLock lock) {
    this.root = root;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes a share of the root's lock, waiting while another process is moving the root's database aside.
   *
   * @param root the root's real path
   * @throws SealedStoreException if the lock file cannot be opened or locked
   */
  static Share share(Path root) {
    synchronized (LOCKS) {
      RootLock rootLock = LOCKS.get(root);
      if (rootLock == null) {
        rootLock = open(root);
        if (rootLock == null) {
          return new Share(null);
        }
        LOCKS.put(root, rootLock);
      }
      rootLock.holders++;
      return new Share(rootLock);
    }
  }

  /** A share of no lock, for a store that creates nothing in its root and never moves anything aside. */
  static Share none() {
    return new Share(null);
  }

  private static RootLock open(Path root) {
    Path file = root.resolve(FILE);
    try {
      return lockShared(root, () -> FileChannel.open(file, Set.of(StandardOpenOption.CREATE,
          StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), OwnerOnly.file(file)));
    } catch (IOException e) {
      if (!Files.isWritable(root)) {
        return openReadOnly(root, file);
      }
      throw new SealedStoreException("Cannot lock the root " + root + " (" + file + "): " + e, e);
    }
  }

  /**
   * The lock of a root this process cannot write: a shared lock needs only a readable descriptor, so an
   * existing lock file still keeps a writable process from moving the database aside under this one. Without
   * the file there is nothing to lock, and nothing here could be moved aside anyway.
   */
  private static RootLock openReadOnly(Path root, Path file) {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    try {
      return lockShared(root, () -> FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    } catch (IOException e) {
      throw new SealedStoreException("Cannot lock the read-only root " + root + " (" + file + "): " + e, e);
    }
  }

  /** Opens the lock file and takes the shared lock; null if another copy of these classes holds it. */
  private static RootLock lockShared(Path root, ChannelOpener opener) throws IOException {
    FileChannel channel = null;
    try {
      channel = opener.open();
      return new RootLock(root, channel, channel.lock(0, Long.MAX_VALUE, true));
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      return null;
    } catch (IOException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  @FunctionalInterface
  private interface ChannelOpener {
    FileChannel open() throws IOException;
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Nothing is locked through it; the failure to lock is what matters.
      }
    }
  }

  /** A store's share of its root's lock. */
  static final class Share implements AutoCloseable {
    private RootLock rootLock;

    private Share(RootLock rootLock) {
      this.rootLock = rootLock;
    }

    /**
     * Runs an action while this share is the only one of its root, in this JVM and in every other process:
     * the shared lock is traded for the exclusive one for the action's duration, then taken back.
     *
     * @return whether the action ran: false if another store has the root open
     * @throws SealedStoreException if the lock cannot be taken back after the action
     */
    boolean whileAlone(Runnable action) {
      synchronized (LOCKS) {
        if (rootLock == null || rootLock.holders > 1) {
          return false;
        }
        FileLock exclusive = null;
        try {
          rootLock.lock.release();
          exclusive = rootLock.channel.tryLock();
          if (exclusive == null) {
            return false;
          }
          action.run();
          return true;
        } catch (OverlappingFileLockException e) {
          // Held by another copy of these classes in this JVM: another store has the root open.
          return false;
        } catch (NonWritableChannelException e) {
          // A read-only root: nothing in it can be moved aside.
          return false;
        } catch (IOException e) {
          throw new SealedStoreException("Cannot lock the root " + rootLock.root + ": " + e, e);
        } finally {
          try {
            if (exclusive != null) {
              exclusive.release();
            }
            rootLock.lock = rootLock.channel.lock(0, Long.MAX_VALUE, true);
          } catch (IOException e) {
            throw new SealedStoreException("Cannot lock the root " + rootLock.root + " again: " + e, e);
          }
        }
      }
    }

    /** Gives the share back; the last share of a root unlocks it. Idempotent. */
    @Override
    public void close() {
      synchronized (LOCKS) {
        if (rootLock == null) {
          return;
        }
        RootLock released = rootLock;
        rootLock = null;
        if (--released.holders == 0) {
          LOCKS.remove(released.root);
          try {
            released.channel.close();
          } catch (IOException e) {
            System.getLogger(RootLock.class.getName()).log(System.Logger.Level.WARNING,
                "Closing the lock file of " + released.root + " failed", e);
          }
        }
      }
    }
  }
}
