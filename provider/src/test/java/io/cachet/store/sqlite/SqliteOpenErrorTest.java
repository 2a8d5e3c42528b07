package io.cachet.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.store.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An open that SQLite refuses (SQLITE_CANTOPEN names no file) says which file is at fault. */
class SqliteOpenErrorTest {
  @TempDir Path directory;

  @ParameterizedTest
  @ValueSource(strings = {"-wal", "-shm"})
  void open_namesTheCompanionFile_whenADirectoryTakesItsPlace(String suffix) throws Exception {
    Path file = directory.resolve("cachet.db");
    SqliteEntryStore.open(file, false).close();
    Path culprit = directory.resolve("cachet.db" + suffix);
    Files.deleteIfExists(culprit);
    Files.createDirectory(culprit);

    StorageException failure = assertThrows(StorageException.class, () -> SqliteEntryStore.open(file, false));

    assertTrue(failure.getMessage().contains(culprit + " is not a regular file"), failure.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"missing/cachet.db", "cachet.db"})
  void open_namesTheDatabaseOrItsDirectory_whenNeitherCanBeOpened(String name) throws Exception {
    Path file = directory.resolve(name);
    if (name.equals("cachet.db")) {
      Files.createDirectory(file);
    }

    StorageException failure = assertThrows(StorageException.class, () -> SqliteEntryStore.open(file, false));

    Path culprit = name.equals("cachet.db") ? file : file.getParent();
    assertTrue(failure.getMessage().contains(". " + culprit) || failure.getMessage().contains("directory " + culprit),
        failure.getMessage());
  }
}
