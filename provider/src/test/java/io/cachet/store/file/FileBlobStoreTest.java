package io.cachet.store.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.store.StorageException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest {
  private static final String NS = "0123456789abcdef0123456789abcdef";

  @TempDir Path parent;
  private Path root;
  private FileBlobStore blobs;

  @BeforeEach
  void open() throws Exception {
    root = Files.createDirectory(parent.resolve("root"));
    blobs = new FileBlobStore(root, false);
  }

  private List<Path> files() throws Exception {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void putNew_thenRead_returnsTheBytes_underAHashedPath() throws Exception {
    String id = blobs.putNew(NS, new byte[] {1, 2, 3});

    assertTrue(blobs.isValidBlobId(id));
    assertArrayEquals(new byte[] {1, 2, 3}, blobs.read(NS, id, 10));
    Path file = root.resolve("blobs").resolve(NS).resolve(id.substring(0, 2)).resolve(id);
    assertEquals(List.of(file), files());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void putNew_withFsync_writesTheSameBytes() {
    FileBlobStore durable = new FileBlobStore(root, true);
    String id = durable.putNew(NS, new byte[] {4});

    assertArrayEquals(new byte[] {4}, durable.read(NS, id, 2));
  }

  @Test
  void read_returnsNull_forAMissingBlob() {
    assertNull(blobs.read(NS, "a".repeat(32), 10));
  }

  @Test
  void everyOperation_refusesMalformedIds_beforeTouchingFiles() {
    for (String bad : List.of("../../etc/passwd", "A".repeat(32), "a".repeat(31), "a".repeat(33), "",
        "aa/" + "a".repeat(29))) {
      assertFalse(blobs.isValidBlobId(bad), bad);
      assertThrows(IllegalArgumentException.class, () -> blobs.read(NS, bad, 1), bad);
      assertThrows(IllegalArgumentException.class, () -> blobs.delete(NS, bad), bad);
      assertThrows(IllegalArgumentException.class, () -> blobs.putNew(bad, new byte[1]), bad);
      assertThrows(IllegalArgumentException.class, () -> blobs.deleteNamespace(bad), bad);
    }
    assertFalse(blobs.isValidBlobId(null));
  }

  @Test
  void read_refusesToFollowASymlinkedBlobOrDirectory() throws Exception {
    Path secret = Files.writeString(parent.resolve("secret"), "secret");
    String id = blobs.putNew(NS, new byte[] {1});
    Path file = root.resolve("blobs").resolve(NS).resolve(id.substring(0, 2)).resolve(id);
    Files.delete(file);
    Files.createSymbolicLink(file, secret);

    assertNull(blobs.read(NS, id, 100));

    Path outsideDir = Files.createDirectory(parent.resolve("outside"));
    String other = "b".repeat(32);
    Files.createDirectories(root.resolve("blobs").resolve(NS));
    Files.createSymbolicLink(root.resolve("blobs").resolve(NS).resolve("bb"), outsideDir);
    Files.writeString(outsideDir.resolve(other), "planted");
    assertNull(blobs.read(NS, other, 100));
    blobs.delete(NS, other);
    assertTrue(Files.exists(outsideDir.resolve(other)));
  }

  @Test
  void deleteNamespace_removesItsDirectory_butNeverFollowsLinksOut() throws Exception {
    Path secret = Files.writeString(parent.resolve("secret"), "secret");
    String id = blobs.putNew(NS, new byte[] {1});
    Files.createSymbolicLink(root.resolve("blobs").resolve(NS).resolve("link"), parent);
    String otherNs = "f".repeat(32);
    String kept = blobs.putNew(otherNs, new byte[] {2});

    blobs.deleteNamespace(NS);

    assertFalse(Files.exists(root.resolve("blobs").resolve(NS)));
    assertNull(blobs.read(NS, id, 10));
    assertEquals("secret", Files.readString(secret));
    assertArrayEquals(new byte[] {2}, blobs.read(otherNs, kept, 10));
    blobs.deleteNamespace(NS);
  }

  @Test
  void sweep_deletesOldUnreferencedBlobsAndTempFiles_keepsReferencedRecentAndForeignFiles() throws Exception {
    String referenced = blobs.putNew(NS, new byte[] {1});
    String orphan = blobs.putNew(NS, new byte[] {2});
    String recentOrphan = blobs.putNew(NS, new byte[] {3});
    Path directory = root.resolve("blobs").resolve(NS).resolve("ab");
    Files.createDirectories(directory);
    Path temp = Files.write(directory.resolve("ab" + "0".repeat(30) + ".tmp"), new byte[] {4});
    Path foreign = Files.write(directory.resolve("notes.txt"), new byte[] {5});
    Path elsewhere = Files.write(parent.resolve("elsewhere-" + "c".repeat(32)), new byte[] {6});
    Path link = Files.createSymbolicLink(directory.resolve("cd" + "0".repeat(30)), elsewhere);
    Instant now = Instant.now();
    for (Path file : List.of(path(referenced), path(orphan), temp, foreign, elsewhere)) {
      Files.setLastModifiedTime(file, FileTime.from(now.minusSeconds(3600)));
    }

    int deleted = blobs.sweep(NS, now.minusSeconds(60), referenced::equals);

    assertEquals(2, deleted);
    assertFalse(Files.exists(path(orphan)));
    assertFalse(Files.exists(temp));
    assertArrayEquals(new byte[] {1}, blobs.read(NS, referenced, 2));
    assertArrayEquals(new byte[] {3}, blobs.read(NS, recentOrphan, 2), "younger than the grace");
    assertTrue(Files.exists(foreign), "not a name the store issues");
    assertTrue(Files.exists(link, LinkOption.NOFOLLOW_LINKS), "a link is not a blob");
    assertTrue(Files.exists(elsewhere));
    assertEquals(0, blobs.sweep("fedcba9876543210fedcba9876543210", now, id -> false), "no directory yet");
  }

  @Test
  void read_returnsNullPromptly_forAFifoDirectorySocketOrLinkToADeviceAtTheBlobPath() throws Exception {
    Path fifo = mkfifo(parent.resolve("fifo"));
    for (String planted : List.of("fifo", "directory", "socket", "link to /dev/zero", "link to a fifo")) {
      String id = blobs.putNew(NS, new byte[] {1, 2, 3});
      Path file = path(id);
      Files.delete(file);
      switch (planted) {
        case "fifo" -> mkfifo(file);
        case "directory" -> Files.createDirectory(file);
        case "socket" -> {
          Path socketFile = parent.resolve("socket");
          try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(socketFile));
          }
          Files.move(socketFile, file);
        }
        case "link to /dev/zero" -> Files.createSymbolicLink(file, Path.of("/dev/zero"));
        default -> Files.createSymbolicLink(file, fifo);
      }

      assertNull(assertTimeoutPreemptively(Duration.ofSeconds(5), () -> blobs.read(NS, id, 4)), planted);
    }
  }

  @Test
  void delete_clearsADirectoryAtTheBlobPath_withoutFollowingTheLinksInIt() throws Exception {
    Path outside = Files.createDirectory(parent.resolve("outside"));
    Files.writeString(outside.resolve("kept"), "kept");
    String id = blobs.putNew(NS, new byte[] {1});
    Path file = path(id);
    Files.delete(file);
    Files.createDirectories(file.resolve("a/b"));
    Files.writeString(file.resolve("a/b/c"), "planted");
    Files.createSymbolicLink(file.resolve("a/out"), outside);
    Files.createSymbolicLink(file.resolve("a/kept"), outside.resolve("kept"));
    mkfifo(file.resolve("fifo"));

    blobs.delete(NS, id);

    assertFalse(Files.exists(file, LinkOption.NOFOLLOW_LINKS));
    assertEquals("kept", Files.readString(outside.resolve("kept")));
    assertTrue(Files.isDirectory(file.getParent()), "the shard directory stays");
  }

  @Test
  void delete_clearsAFifoOrALinkAtTheBlobPath_butNotWhatTheLinkPointsTo() throws Exception {
    Path target = Files.writeString(parent.resolve("target"), "kept");
    String fifoId = blobs.putNew(NS, new byte[] {1});
    Files.delete(path(fifoId));
    mkfifo(path(fifoId));
    String linkId = blobs.putNew(NS, new byte[] {1});
    Files.delete(path(linkId));
    Files.createSymbolicLink(path(linkId), target);

    blobs.delete(NS, fifoId);
    blobs.delete(NS, linkId);

    assertFalse(Files.exists(path(fifoId), LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(path(linkId), LinkOption.NOFOLLOW_LINKS));
    assertEquals("kept", Files.readString(target));
  }

  @Test
  void delete_refusesADirectoryNestedTooDeep_andLeavesItForTheOperator() throws Exception {
    String id = blobs.putNew(NS, new byte[] {1});
    Files.delete(path(id));
    Path deepest = path(id);
    for (int level = 0; level < 20; level++) {
      deepest = deepest.resolve("d");
    }
    Files.createDirectories(deepest);

    StorageException refused = assertThrows(StorageException.class, () -> blobs.delete(NS, id));

    assertTrue(refused.getMessage().contains(path(id).toString()), refused.getMessage());
    assertTrue(Files.isDirectory(path(id), LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void list_leavesOutTempFiles_andWhatIsNoRegularFileAtABlobsPlace_withoutFollowingLinks() throws Exception {
    String blob = blobs.putNew(NS, new byte[] {1});
    Path outside = Files.createDirectory(parent.resolve("outside"));
    Path outsideFile = Files.write(outside.resolve("ee" + "0".repeat(30)), new byte[] {2});
    String directoryId = planted(Files::createDirectory);
    String linkId = planted(file -> Files.createSymbolicLink(file, outsideFile));
    String fifoId = planted(FileBlobStoreTest::mkfifo);
    Path shard = path(blob).getParent();
    Path temp = Files.write(shard.resolve(blob.substring(0, 2) + "1".repeat(30) + ".tmp"), new byte[] {3});
    Path misplaced = Files.write(shard.resolve("ff" + "2".repeat(30)), new byte[] {4});
    Path linkedShard = Files.createSymbolicLink(root.resolve("blobs").resolve(NS).resolve("ee"), outside);
    String linkedNamespace = "e".repeat(32);
    Files.createSymbolicLink(root.resolve("blobs").resolve(linkedNamespace), parent.resolve("outside-namespace"));
    Files.createDirectories(parent.resolve("outside-namespace").resolve("ee"));
    Files.copy(outsideFile, parent.resolve("outside-namespace").resolve("ee").resolve(outsideFile.getFileName()));

    assertEquals(List.of(blob), blobs.list(NS, Instant.now().plusSeconds(3600)));
    assertEquals(List.of(), blobs.list(linkedNamespace, Instant.now().plusSeconds(3600)));
    assertEquals(Set.of(NS), blobs.namespaceIds());
    for (Path kept : List.of(path(directoryId), path(linkId), path(fifoId), temp, misplaced, linkedShard,
        outsideFile)) {
      assertTrue(Files.exists(kept, LinkOption.NOFOLLOW_LINKS), "listing changes nothing: " + kept);
    }
  }

  @Test
  void namespaceIds_namesANamespaceHoldingOnlyATempFile_butNoneOfEmptyDirectoriesOrOtherFiles() throws Exception {
    String tempOnly = "1".repeat(32);
    Path tempShard = Files.createDirectories(root.resolve("blobs").resolve(tempOnly).resolve("ab"));
    Files.write(tempShard.resolve("ab" + "0".repeat(30) + ".tmp"), new byte[] {1});
    String emptied = "2".repeat(32);
    blobs.delete(emptied, blobs.putNew(emptied, new byte[] {2}));
    String junkOnly = "3".repeat(32);
    Path junkShard = Files.createDirectories(root.resolve("blobs").resolve(junkOnly).resolve("cd"));
    Files.write(junkShard.resolve("notes.txt"), new byte[] {3});
    Files.createDirectory(junkShard.resolve("cd" + "0".repeat(30)));
    Path notAnId = Files.createDirectories(root.resolve("blobs").resolve("not-an-id").resolve("ab"));
    Files.write(notAnId.resolve("ab" + "0".repeat(30)), new byte[] {4});

    assertEquals(Set.of(tempOnly), blobs.namespaceIds());
    assertEquals(List.of(), blobs.list(tempOnly, Instant.now().plusSeconds(3600)), "a temp file is no blob");
  }

  /** Puts a blob, then replaces its file with what {@code plant} makes at its place; returns its id. */
  private String planted(Plant plant) throws Exception {
    String id = blobs.putNew(NS, new byte[] {9});
    Files.delete(path(id));
    plant.at(path(id));
    return id;
  }

  @FunctionalInterface
  private interface Plant {
    Object at(Path file) throws Exception;
  }

  private static Path mkfifo(Path path) throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor(), "mkfifo " + path);
    return path;
  }

  private Path path(String blobId) {
    return root.resolve("blobs").resolve(NS).resolve(blobId.substring(0, 2)).resolve(blobId);
  }
}

