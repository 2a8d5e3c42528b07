package io.cachet.store.file;

import io.cachet.store.EntryLocks;
import io.cachet.store.EntryLocksContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The entry locks contract, on the lock file of the location. */
class FileEntryLocksContractTest extends EntryLocksContract {
  @Override
  protected EntryLocks open(Path location) {
    try {
      return FileEntryLocks.open(location.toRealPath());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
