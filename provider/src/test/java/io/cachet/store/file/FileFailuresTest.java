package io.cachet.store.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.store.StorageException;
import io.cachet.store.StorageException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File failures get the kind of what the file system reported: a full device, a closed store, any other error. */
class FileFailuresTest {
  private static final Path DEV_FULL = Path.of("/dev/full");

  @TempDir Path root;

  @Test
  void aWriteToAFullDevice_isFull() {
    // Linux's /dev/full fails every write with ENOSPC: the error a full disk gives, without filling one.
    IOException enospc = assertThrows(IOException.class, () -> Files.write(DEV_FULL, new byte[] {1}));

    StorageException failure = FileFailures.failure("write blob", DEV_FULL, enospc);

    assertEquals(Kind.FULL, failure.kind());
    assertEquals(Optional.of(DEV_FULL), failure.file());
    assertTrue(failure.getMessage().startsWith("Cannot write blob (/dev/full): "), failure.getMessage());
    assertTrue(failure.getMessage().contains("No space left on device"), failure.getMessage());
  }

  @Test
  void aReadOfAMissingFile_isAnIoFailure() {
    IOException missing = assertThrows(IOException.class, () -> Files.readAllBytes(root.resolve("missing")));

    assertEquals(Kind.IO, FileFailures.kind(missing));
  }

  @Test
  void lockingAfterClose_isClosed() {
    FileEntryLocks locks = FileEntryLocks.open(root);
    locks.close();

    StorageException failure = assertThrows(StorageException.class, () -> locks.lock("ns", List.of("k")));

    assertEquals(Kind.CLOSED, failure.kind());
    assertEquals(Optional.of("ns"), failure.namespace());
  }
}
