package io.cachet.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link BlobStore} promises: a store passes by subclassing this suite with its factory. */
public abstract class BlobStoreContract {
  /** Namespace ids as the sealed layer derives them: 32 lowercase hex digits. */
  protected static final String NS = "0123456789abcdef0123456789abcdef";
  protected static final String OTHER_NS = "fedcba9876543210fedcba9876543210";
  private static final String THIRD_NS = "00000000000000000000000000000003";
  private static final String FOURTH_NS = "00000000000000000000000000000004";

  @TempDir protected Path location;
  protected BlobStore blobs;

  /**
   * Opens the store at this location: a fresh empty directory the first time; opening it again opens the same
   * store, whose place a store not kept in files derives from the path (a bucket prefix named after it).
   */
  protected abstract BlobStore open(Path location);

  @BeforeEach
  final void openStore() {
    blobs = open(location);
  }

  @Test
  void putNew_thenRead_returnsTheBytes_underAnIdTheStoreCalls_valid_alsoAfterAReopen() {
    byte[] bytes = {1, 2, 3};
    String id = blobs.putNew(NS, bytes);

    assertTrue(blobs.isValidBlobId(id));
    assertArrayEquals(new byte[] {1, 2, 3}, blobs.read(NS, id, 10));
    BlobStore reopened = open(location);
    assertTrue(reopened.isValidBlobId(id));
    assertArrayEquals(new byte[] {1, 2, 3}, reopened.read(NS, id, 10));
  }

  @Test
  void putNew_neverReusesAnId() {
    assertFalse(blobs.putNew(NS, new byte[1]).equals(blobs.putNew(NS, new byte[1])));
  }

  @Test
  void putNew_fromManyThreads_givesEachBlobItsOwnId() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<String>> puts = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        byte value = (byte) i;
        puts.add(pool.submit(() -> blobs.putNew(NS, new byte[] {value})));
      }
      for (int i = 0; i < puts.size(); i++) {
        assertArrayEquals(new byte[] {(byte) i}, blobs.read(NS, puts.get(i).get(), 2));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(puts.size(), Set.copyOf(puts.stream().map(BlobStoreContract::join).toList()).size());
  }

  private static String join(Future<String> put) {
    try {
      return put.get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void read_stopsAtTheLimit() {
    String id = blobs.putNew(NS, new byte[100]);

    assertEquals(11, blobs.read(NS, id, 11).length);
  }

  @Test
  void read_ofOneMoreThanTheSize_returnsExactlyTheBlob_soALongerOneIsTold() {
    byte[] bytes = {9, 8, 7, 6, 5};
    String id = blobs.putNew(NS, bytes);

    assertArrayEquals(bytes, blobs.read(NS, id, 6));
    assertArrayEquals(new byte[] {9, 8, 7, 6}, blobs.read(NS, id, 4));
  }

  @Test
  void read_returnsNull_forADeletedBlob_orABlobOfAnotherNamespace() {
    String deleted = blobs.putNew(NS, new byte[] {1});
    blobs.delete(NS, deleted);
    String elsewhere = blobs.putNew(OTHER_NS, new byte[] {2});

    assertNull(blobs.read(NS, deleted, 10));
    assertNull(blobs.read(NS, elsewhere, 10));
    assertArrayEquals(new byte[] {2}, blobs.read(OTHER_NS, elsewhere, 10));
  }

  @Test
  void delete_removesTheBlob_andIsANoOpWhenAbsent() {
    String id = blobs.putNew(NS, new byte[] {1});

    blobs.delete(NS, id);
    blobs.delete(NS, id);

    assertNull(blobs.read(NS, id, 10));
  }

  @Test
  void deleteNamespace_deletesItsBlobsOnly_andIsANoOpWhenAbsent() {
    String id = blobs.putNew(NS, new byte[] {1});
    String kept = blobs.putNew(OTHER_NS, new byte[] {2});

    blobs.deleteNamespace(NS);
    blobs.deleteNamespace(NS);

    assertNull(blobs.read(NS, id, 10));
    assertArrayEquals(new byte[] {2}, blobs.read(OTHER_NS, kept, 10));
    String after = blobs.putNew(NS, new byte[] {3});
    assertArrayEquals(new byte[] {3}, blobs.read(NS, after, 10), "the namespace takes new blobs again");
  }

  @Test
  void sweep_deletesUnreferencedBlobsOlderThanTheGivenTime_only() {
    String referenced = blobs.putNew(NS, new byte[] {1});
    String orphan = blobs.putNew(NS, new byte[] {2});
    String otherNamespaces = blobs.putNew(OTHER_NS, new byte[] {3});

    assertEquals(0, blobs.sweep(NS, Instant.EPOCH, id -> false), "every blob is younger");
    assertArrayEquals(new byte[] {2}, blobs.read(NS, orphan, 2));

    assertEquals(1, blobs.sweep(NS, Instant.now().plusSeconds(3600), referenced::equals));

    assertNull(blobs.read(NS, orphan, 2));
    assertArrayEquals(new byte[] {1}, blobs.read(NS, referenced, 2));
    assertArrayEquals(new byte[] {3}, blobs.read(OTHER_NS, otherNamespaces, 2));
    assertEquals(0, blobs.sweep("00000000000000000000000000000000", Instant.now().plusSeconds(3600), id -> false),
        "a namespace without blobs");
  }

  @Test
  void list_returnsTheNamespacesBlobsOlderThanTheGivenTime_only() {
    String first = blobs.putNew(NS, new byte[] {1});
    String second = blobs.putNew(NS, new byte[] {2});
    String deleted = blobs.putNew(NS, new byte[] {3});
    blobs.delete(NS, deleted);
    String otherNamespaces = blobs.putNew(OTHER_NS, new byte[] {4});
    Instant later = Instant.now().plusSeconds(3600);

    List<String> listed = blobs.list(NS, later);

    assertEquals(Set.of(first, second), Set.copyOf(listed));
    assertEquals(2, listed.size(), "each blob once");
    assertEquals(List.of(), blobs.list(NS, Instant.EPOCH), "every blob is younger");
    assertEquals(List.of(otherNamespaces), blobs.list(OTHER_NS, later));
    assertEquals(List.of(), blobs.list(THIRD_NS, later), "a namespace without blobs");
    assertArrayEquals(new byte[] {1}, blobs.read(NS, first, 2), "listing changes nothing");
  }

  @Test
  void namespaceIds_namesEveryNamespaceWithBlobs() {
    assertEquals(Set.of(), blobs.namespaceIds(), "a new store");
    blobs.putNew(NS, new byte[] {1});
    blobs.putNew(NS, new byte[] {2});
    blobs.putNew(OTHER_NS, new byte[] {3});
    blobs.delete(THIRD_NS, blobs.putNew(THIRD_NS, new byte[] {4}));
    blobs.putNew(FOURTH_NS, new byte[] {5});
    blobs.deleteNamespace(FOURTH_NS);

    assertEquals(Set.of(NS, OTHER_NS), blobs.namespaceIds());
    assertEquals(Set.of(NS, OTHER_NS), open(location).namespaceIds(), "as another instance on the storage sees it");
  }

  @Test
  void everyOperation_refusesIdsThatCouldNameAnythingOutsideTheStore() {
    for (String bad : List.of("../../etc/passwd", "..", "", "a/b", NS + "/..")) {
      assertFalse(blobs.isValidBlobId(bad), bad);
      assertThrows(IllegalArgumentException.class, () -> blobs.read(NS, bad, 1), bad);
      assertThrows(IllegalArgumentException.class, () -> blobs.delete(NS, bad), bad);
      assertThrows(IllegalArgumentException.class, () -> blobs.putNew(bad, new byte[1]), bad);
      assertThrows(IllegalArgumentException.class, () -> blobs.deleteNamespace(bad), bad);
      assertThrows(IllegalArgumentException.class, () -> blobs.sweep(bad, Instant.now(), id -> false), bad);
      assertThrows(IllegalArgumentException.class, () -> blobs.list(bad, Instant.now()), bad);
    }
    assertFalse(blobs.isValidBlobId(null));
  }
}
