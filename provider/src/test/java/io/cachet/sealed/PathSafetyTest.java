package io.cachet.sealed;

import static io.cachet.sealed.Options.options;
import static io.cachet.sealed.StoreFixture.bigString;
import static io.cachet.sealed.StoreFixture.execute;
import static io.cachet.sealed.StoreFixture.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.sealed.TestValues.Events;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No namespace name and no stored {@code blob_id} makes the store create, read or delete anything outside
 * its root (DESIGN §10.6): a sentinel directory next to the root is listed before and after.
 */
class PathSafetyTest {
  @TempDir Path parent;
  private Path root;
  private Path sentinel;

  @BeforeEach
  void createSentinel() throws Exception {
    root = parent.resolve("root");
    sentinel = parent.resolve("sentinel");
    Files.createDirectories(sentinel.resolve("blobs"));
    Files.writeString(sentinel.resolve("x"), "keep me");
    Files.writeString(sentinel.resolve("blobs/victim"), "keep me too");
  }

  /** Everything under the parent except the root: the sentinel and anything a bug might create. */
  private List<String> outsideTheRoot() throws Exception {
    try (Stream<Path> files = Files.walk(parent)) {
      return files.filter(file -> !file.startsWith(root)).map(file -> parent.relativize(file) + ":"
          + (Files.isRegularFile(file) ? readQuietly(file) : "")).sorted().toList();
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (Exception e) {
      return "?";
    }
  }

  static Stream<String> hostileNames() {
    return Stream.of("../sentinel", "../../x", "/tmp/x", parentPlaceholder(), "C:\\x", "..\\..\\x", "a\0b",
        "n".repeat(300), ".", "..", "", "ünïcødé/名前/😀", "blobs/../../sentinel");
  }

  /** An absolute path into the sentinel, filled in per test (the parent is a fresh temp dir). */
  private static String parentPlaceholder() {
    return "${sentinel}/x";
  }

  @ParameterizedTest(name = "namespace \"{0}\"")
  @MethodSource("hostileNames")
  void hostileNamespaceNames_neverReachOutsideTheRoot(String hostile) throws Exception {
    String name = hostile.replace("${sentinel}", sentinel.toString());
    List<String> before = outsideTheRoot();

    try (SealedStore store = open(root)) {
      SealedNamespace namespace = store.attach(name, options().build());
      namespace.write(namespace.key("inline"), "v", 1, SealedEntry.ETERNAL);
      namespace.write(namespace.key("blob"), bigString(5000), 1, SealedEntry.ETERNAL);
      assertEquals(bigString(5000), namespace.read(namespace.key("blob")).value());
      assertTrue(store.exists(name));
      namespace.clear();
      store.destroy(name);
    }

    assertEquals(before, outsideTheRoot());
  }

  @ParameterizedTest(name = "blob_id \"{0}\"")
  @ValueSource(strings = {"../../../sentinel/x", "../../../../sentinel/blobs/victim", "${sentinel}/x",
      "${sentinel}/blobs/victim", "..", "", "0123456789abcdef0123456789abcde/"})
  void tamperedBlobIds_neverReadOrDeleteOutsideTheRoot(String hostile) throws Exception {
    String blobId = hostile.replace("${sentinel}", sentinel.toString());
    Events events = new Events();
    List<String> before = outsideTheRoot();

    try (SealedStore store = open(root)) {
      SealedNamespace books = store.attach("books", options().observer(events).build());
      StoredKey key = books.key("k");
      books.write(key, bigString(5000), 1, SealedEntry.ETERNAL);
      execute(root, "UPDATE entries SET blob_id = ?", blobId);

      assertNull(books.read(key));
      books.write(books.key("other"), bigString(5000), 1, SealedEntry.ETERNAL);
      execute(root, "UPDATE entries SET blob_id = ?", blobId);
      books.delete(books.key("other"));
      books.clear();
      store.destroy("books");
    }

    assertEquals(IntegrityFailure.BAD_BLOB_ID, events.seen.get(0).failure());
    assertEquals(before, outsideTheRoot());
  }

  @Test
  void symlinkedBlobDirectories_areNeverFollowed_forReadsWritesOrDeletes() throws Exception {
    Events events = new Events();
    List<String> before;
    try (SealedStore store = open(root)) {
      SealedNamespace books = store.attach("books", options().observer(events).build());
      StoredKey key = books.key("k");
      books.write(key, bigString(5000), 1, SealedEntry.ETERNAL);
      Path blob = StoreFixture.blobOf(root, "books", key.hash());
      Path shard = blob.getParent();
      // The attacker moves the shard directory out and links it back, with the real blob in the sentinel.
      Path moved = sentinel.resolve("blobs").resolve(shard.getFileName());
      Files.move(shard, moved);
      Files.createSymbolicLink(shard, moved);
      before = outsideTheRoot();

      assertNull(books.read(key));
      try {
        books.write(books.key("k2"), bigString(5000), 1, SealedEntry.ETERNAL);
      } catch (SealedStoreException refused) {
        // One write in 256 lands in the linked shard, and is refused rather than followed.
      }
      books.clear();
      store.destroy("books");
    }

    assertEquals(IntegrityFailure.MISSING_BLOB, events.seen.get(0).failure());
    assertEquals(before, outsideTheRoot());
  }
}
