package io.cachet.store.file;

import java.nio.file.Path;
import java.util.List;

/** Child process of {@link FileEntryLocksTest}: locks one key of a root and holds it until killed. */
public final class LockHolder {
  private LockHolder() {}

  /** Arguments: root, namespace, cache key. */
  public static void main(String[] args) throws InterruptedException {
    FileEntryLocks locks = FileEntryLocks.open(Path.of(args[0]));
    locks.lock(args[1], List.of(args[2]));
    System.out.println("held");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
