package io.cachet.sealed;

import io.cachet.IntegrityEvent.Reason;
import static io.cachet.sealed.Options.options;
import static io.cachet.sealed.StoreFixture.bigString;
import static io.cachet.sealed.StoreFixture.execute;
import static io.cachet.sealed.StoreFixture.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.sealed.TestValues.Events;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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

    assertEquals(Reason.BAD_BLOB_ID, events.seen.get(0).failure());
    assertEquals(before, outsideTheRoot());
  }

  @Test
  void aBlobReplacedByALinkToItsOwnBytes_isAMissNotARead() throws Exception {
    Events events = new Events();
    try (SealedStore store = open(root)) {
      SealedNamespace books = store.attach("books", options().observer(events).build());
      StoredKey key = books.key("k");
      books.write(key, bigString(5000), 1, SealedEntry.ETERNAL);
      Path blob = StoreFixture.blobOf(root, "books", key.hash());
      // The genuine bytes, moved out and linked back: a read that followed the link would verify them.
      Path moved = Files.move(blob, sentinel.resolve("blobs").resolve(blob.getFileName()));
      Files.createSymbolicLink(blob, moved);
      List<String> before = outsideTheRoot();

      assertNull(books.read(key));

      assertEquals(List.of(Reason.MISSING_BLOB), failures(events));
      assertFalse(Files.exists(blob, LinkOption.NOFOLLOW_LINKS), "the link is deleted with the refused row");
      assertEquals(before, outsideTheRoot());
    }
  }

  @Test
  void aBlobInALinkedShardDirectory_isAMissNotARead_andIsNotDeletedThroughTheLink() throws Exception {
    Events events = new Events();
    try (SealedStore store = open(root)) {
      SealedNamespace books = store.attach("books", options().observer(events).build());
      StoredKey key = books.key("k");
      books.write(key, bigString(5000), 1, SealedEntry.ETERNAL);
      Path shard = StoreFixture.blobOf(root, "books", key.hash()).getParent();
      // The shard directory, with the genuine blob, moved out and linked back.
      Path moved = Files.move(shard, sentinel.resolve("blobs").resolve(shard.getFileName()));
      Files.createSymbolicLink(shard, moved);
      List<String> before = outsideTheRoot();

      assertNull(books.read(key));
      books.write(key, "small", 1, SealedEntry.ETERNAL);
      books.delete(key);
      books.clear();
      store.destroy("books");

      assertEquals(List.of(Reason.MISSING_BLOB), failures(events));
      assertEquals(before, outsideTheRoot());
    }
  }

  @Test
  void aWrite_whenEveryShardDirectoryIsALinkOut_isRefused_andWritesNothingOutside() throws Exception {
    try (SealedStore store = open(root)) {
      SealedNamespace books = store.attach("books", options().build());
      StoredKey key = books.key("k");
      books.write(key, bigString(5000), 1, SealedEntry.ETERNAL);
      Path namespaceDirectory = StoreFixture.blobOf(root, "books", key.hash()).getParent().getParent();
      // Whichever blob id a write draws, its shard directory is a link to an existing directory outside.
      for (int shard = 0; shard < 256; shard++) {
        String name = String.format("%02x", shard);
        Path target = Files.createDirectories(sentinel.resolve("blobs").resolve(name));
        Path link = namespaceDirectory.resolve(name);
        if (Files.isDirectory(link, LinkOption.NOFOLLOW_LINKS)) {
          try (Stream<Path> blobs = Files.list(link)) {
            for (Path blob : blobs.toList()) {
              Files.move(blob, target.resolve(blob.getFileName()));
            }
          }
          Files.delete(link);
        }
        Files.createSymbolicLink(link, target);
      }
      List<String> before = outsideTheRoot();

      SealedStoreException refused = assertThrows(SealedStoreException.class,
          () -> books.write(books.key("k2"), bigString(5000), 1, SealedEntry.ETERNAL));

      assertTrue(refused.getMessage().contains("is not a directory (or is a link)"), refused.getMessage());
      assertEquals(before, outsideTheRoot());
    }
  }

  private static List<Reason> failures(Events events) {
    return events.seen.stream().map(event -> event.failure()).toList();
  }
}
