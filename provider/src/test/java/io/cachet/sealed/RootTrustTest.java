package io.cachet.sealed;

import static io.cachet.sealed.StoreFixture.open;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Root trust, as OpenSSH's StrictModes: a root or a file in it that another user owns, that group or others
 * can write (or read, for files), or that is a link, FIFO or other non-regular file fails the open, naming the
 * path and the fix, and SQLite never creates or opens a file outside the root. Files owned by another user
 * are made with chown, which needs root: elsewhere those tests are skipped, saying so.
 */
class RootTrustTest {
  /** A uid no account on a test machine uses. */
  static final int STRANGER = 54_321;
  private static final Duration NO_HANG = Duration.ofSeconds(20);

  @TempDir Path parent;

  private Path root() {
    return parent.resolve("root");
  }

  /** Creates the root with its database, lock files and key file, as a first run leaves them. */
  private Path populatedRoot() {
    try (SealedStore store = open(root())) {
      SealedNamespace books = store.attach("books", Options.defaults());
      books.write(books.key("k"), "v", 1, SealedEntry.ETERNAL);
    }
    return root();
  }

  private static void chmod(Path path, String mode) throws Exception {
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
  }

  /** Makes another user own the path; skips the test where this process cannot (not root). */
  static void chownToStranger(Path path) throws Exception {
    boolean root = "0".equals(String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid")));
    if (!root) {
      String reason = "giving a file to another user needs root; this process is uid "
          + Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      System.out.println("SKIPPED " + reason);
      Assumptions.abort(reason);
    }
    Files.setAttribute(path, "unix:uid", STRANGER, LinkOption.NOFOLLOW_LINKS);
  }

  private SealedStoreException openFails() {
    return assertTimeoutPreemptively(NO_HANG, () -> assertThrows(SealedStoreException.class, () -> {
      try (SealedStore store = open(root())) {
        store.attach("books", Options.defaults());
      }
    }));
  }

  private static void assertNames(SealedStoreException failure, Path path, String... words) {
    String message = failure.getMessage();
    assertTrue(message.contains(path.toString()), message);
    for (String word : words) {
      assertTrue(message.contains(word), "\"" + word + "\" missing from: " + message);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"rwxrwxr-x", "rwxr-xrwx"})
  void open_fails_whenTheRootIsWritableByGroupOrOthers(String mode) throws Exception {
    populatedRoot();
    chmod(root(), mode);

    assertNames(openFails(), root(), "write it", "chmod go-w");
  }

  @Test
  void open_fails_whenTheRootIsOwnedByAnotherUser() throws Exception {
    populatedRoot();
    chownToStranger(root());

    assertNames(openFails(), root(), "uid " + STRANGER, "chown");
  }

  @Test
  void open_fails_whenTheDatabaseIsOwnedByAnotherUser() throws Exception {
    Path database = populatedRoot().resolve(SealedStores.DATABASE_FILE);
    chownToStranger(database);

    assertNames(openFails(), database, "uid " + STRANGER, "chown");
  }

  @Test
  void attach_fails_whenTheKeyFileIsOwnedByAnotherUser_evenWithMode0600() throws Exception {
    Path key = populatedRoot().resolve(NamespaceOptions.DEFAULT_SIGNING_KEY_FILE);
    chownToStranger(key);

    assertNames(openFails(), key, "uid " + STRANGER, "chown");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rw-r--r--", "rw-rw----", "rw----rw-"})
  void open_fails_whenTheDatabaseIsAccessibleToGroupOrOthers(String mode) throws Exception {
    Path database = populatedRoot().resolve(SealedStores.DATABASE_FILE);
    chmod(database, mode);

    assertNames(openFails(), database, "chmod 600");
  }

  @ParameterizedTest
  @ValueSource(strings = {SealedStores.DATABASE_FILE, SealedStores.DATABASE_FILE + "-wal", RootLock.FILE,
      "cachet.entries.lock", NamespaceOptions.DEFAULT_SIGNING_KEY_FILE})
  void open_failsWithoutHanging_whenAFileIsAFifo(String name) throws Exception {
    Path fifo = populatedRoot().resolve(name);
    Files.deleteIfExists(fifo);
    mkfifo(fifo);

    assertNames(openFails(), fifo, "FIFO");
  }

  @Test
  void open_fails_whenTheBlobDirectoryIsASymlink() throws Exception {
    Path blobs = populatedRoot().resolve("blobs");
    Path elsewhere = Files.createDirectory(parent.resolve("elsewhere"));
    if (Files.exists(blobs)) {
      Files.delete(blobs);
    }
    Files.createSymbolicLink(blobs, elsewhere);

    assertNames(openFails(), blobs, "symbolic link");
  }

  @Test
  void open_fails_andCreatesNothingOutsideTheRoot_whenTheDatabaseIsALinkToAMissingFile() throws Exception {
    Files.createDirectory(root(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path outside = parent.resolve("outside.db");
    Path database = root().resolve(SealedStores.DATABASE_FILE);
    Files.createSymbolicLink(database, outside);

    assertNames(openFails(), database, "symbolic link");
    try (Stream<Path> files = Files.list(parent)) {
      assertEquals(List.of(root()), files.toList(), "nothing may be created beside the root");
    }
  }

  @Test
  void open_fails_andLeavesAForeignDatabaseUntouched_whenTheDatabaseIsALinkToIt() throws Exception {
    Files.createDirectory(root(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path outside = parent.resolve("foreign.db");
    try (Connection foreign = DriverManager.getConnection("jdbc:sqlite:" + outside);
        Statement statement = foreign.createStatement()) {
      statement.executeUpdate("CREATE TABLE accounts (name TEXT)");
      statement.executeUpdate("INSERT INTO accounts VALUES ('alice')");
    }
    Files.setLastModifiedTime(outside, FileTime.fromMillis(1_000_000_000_000L));
    byte[] before = Files.readAllBytes(outside);
    Path database = root().resolve(SealedStores.DATABASE_FILE);
    Files.createSymbolicLink(database, outside);

    assertNames(openFails(), database, "symbolic link");
    assertArrayEquals(before, Files.readAllBytes(outside));
    assertEquals(FileTime.fromMillis(1_000_000_000_000L), Files.getLastModifiedTime(outside));
    try (Stream<Path> files = Files.list(parent)) {
      assertEquals(2, files.count(), "no -wal or -shm beside the foreign database");
    }
  }

  @Test
  void open_createsEveryFile0600_inAnExistingRootWithMode0755_underUmask022() throws Exception {
    Files.createDirectory(root(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    chmod(root(), "rwxr-xr-x");
    List<String> command = new ArrayList<>(List.of("sh", "-c", "umask 022 && exec \"$0\" \"$@\""));
    command.addAll(ChildJvm.java(WriterUnderUmask.class, root().toString()));

    try (ChildJvm child = ChildJvm.start("umask022", parent.resolve("logs"), command)) {
      child.awaitLine(WriterUnderUmask.READY);

      assertTrue(Files.exists(root().resolve(SealedStores.DATABASE_FILE + "-wal")), child.describe());
      assertTrue(Files.exists(root().resolve(SealedStores.DATABASE_FILE + "-shm")), child.describe());
      assertTrue(Files.exists(root().resolve(NamespaceOptions.DEFAULT_SIGNING_KEY_FILE)), child.describe());
      assertFalse(StoreFixture.blobFiles(root()).isEmpty(), child.describe());
      assertEquals(List.of(), wronglyPermitted(root()));
    }
  }

  /** Opens a store on the root, writes an inline and a blob entry, and keeps it open until killed. */
  static final class WriterUnderUmask {
    static final String READY = "READY";

    public static void main(String[] args) throws Exception {
      SealedStore store = open(Path.of(args[0]));
      SealedNamespace books = store.attach("books", Options.defaults());
      books.write(books.key("small"), "v", 1, SealedEntry.ETERNAL);
      books.write(books.key("big"), StoreFixture.bigString(10 * StoreFixture.THRESHOLD), 1, SealedEntry.ETERNAL);
      System.out.println(READY);
      Thread.sleep(ChildJvm.TIMEOUT.toMillis());
      store.close();
    }
  }

  /** Every file under the root that is not 0600 and every directory below it that is not 0700. */
  static List<String> wronglyPermitted(Path root) throws Exception {
    List<String> wrong = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.filter(path -> !path.equals(root)).toList()) {
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
        String expected = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? "rwx------" : "rw-------";
        if (!mode.equals(expected)) {
          wrong.add(root.relativize(path) + " " + mode);
        }
      }
    }
    return wrong;
  }

  static void mkfifo(Path path) throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", "-m", "600", path.toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor());
    assertFalse(Files.isRegularFile(path));
  }
}
