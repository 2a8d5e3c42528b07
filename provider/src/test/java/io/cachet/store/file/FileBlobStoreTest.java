package io.cachet.store.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
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
  void putNew_neverReusesAnId() {
    assertFalse(blobs.putNew(NS, new byte[1]).equals(blobs.putNew(NS, new byte[1])));
  }

  @Test
  void putNew_withFsync_writesTheSameBytes() {
    FileBlobStore durable = new FileBlobStore(root, true);
    String id = durable.putNew(NS, new byte[] {4});

    assertArrayEquals(new byte[] {4}, durable.read(NS, id, 2));
  }

  @Test
  void read_stopsAtTheLimit() {
    String id = blobs.putNew(NS, new byte[100]);

    assertEquals(11, blobs.read(NS, id, 11).length);
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
  void delete_removesTheBlob_andIsANoOpWhenAbsent() {
    String id = blobs.putNew(NS, new byte[] {1});

    blobs.delete(NS, id);
    blobs.delete(NS, id);

    assertNull(blobs.read(NS, id, 10));
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

  private Path path(String blobId) {
    return root.resolve("blobs").resolve(NS).resolve(blobId.substring(0, 2)).resolve(blobId);
  }
}

