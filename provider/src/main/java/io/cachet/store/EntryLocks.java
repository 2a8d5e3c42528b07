package io.cachet.store;

import java.util.Collection;

/**
 * Exclusive locks on the keys of namespaces, held against other threads and against other processes
 * sharing the same storage, so that a read-decide-write sequence on a key (a conditional put, an entry
 * processor) has the key to itself from its read to its write. Reentrant per thread. A process that dies
 * releases its holds, so that a crashed holder never blocks the others.
 */
public interface EntryLocks extends AutoCloseable {

  /**
   * A hold on keys; closing it, on the thread that took it, releases them (a hold taken while the thread held
   * the keys already releases only its own share). Closing it again does nothing.
   */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Blocks until this thread holds every key, acquiring them in one global order so that two holders of
   * several keys never wait on each other. Keys may share a lock with other keys (a hold may exclude more
   * than asked), never less.
   *
   * @throws StorageException if the lock cannot be taken (the storage cannot be written, or is closed)
   */
  Held lock(String namespace, Collection<String> cacheKeys);

  /**
   * Releases this instance's resources; holds still open become invalid. Once every instance of a process on
   * the same storage is closed, their keys can be taken again, by that process and by others. Idempotent.
   */
  @Override
  void close();
}
