package io.cachet.sealed;

import io.cachet.CachetOptions;
import static io.cachet.sealed.Options.options;
import static io.cachet.sealed.StoreFixture.bigString;
import static io.cachet.sealed.StoreFixture.query;
import static io.cachet.sealed.StoreFixture.rowCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resource limits per namespace: the largest value, and least-recently-used eviction by entries or bytes. */
class LimitsTest {
  @TempDir Path root;
  private final AtomicLong now = new AtomicLong(1_000_000);
  private SealedStore store;

  private SealedNamespace attach(Options options) {
    InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    store = SealedStores.openEmbedded(new SealedStoreSettings(root, getClass().getClassLoader(),
        StoreFixture.THRESHOLD, SealedStoreSettings.Durability.NORMAL), clock);
    return store.attach("books", options.build());
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private Object accessedAt(SealedNamespace books, String key) throws Exception {
    return query(root, "SELECT accessed_at FROM entries WHERE cache_key = ?", books.key(key).hash());
  }

  @Test
  void write_refusesAValueAboveMaxValueBytes_namingTheSizes_andKeepsThePreviousValue() throws Exception {
    SealedNamespace books = attach(options().with(CachetOptions.MAX_VALUE_BYTES, 100L));
    StoredKey key = books.key("k");
    books.write(key, "small", 1, SealedEntry.ETERNAL);

    SealedStoreException failure = assertThrows(SealedStoreException.class,
        () -> books.write(key, bigString(5000), 2, SealedEntry.ETERNAL));

    assertTrue(failure.getMessage().matches(".*value of \\d+ bytes exceeds maxValueBytes 100.*"),
        failure.getMessage());
    assertEquals("small", books.read(key).value());
    assertEquals(0, StoreFixture.blobFiles(root).size());
  }

  @Test
  void write_evictsTheLeastRecentlyUsed_beyondMaxEntries_countingThemAndDeletingTheirBlobs() throws Exception {
    SealedNamespace books = attach(options().with(CachetOptions.MAX_ENTRIES, 2L));
    assertEquals(0, books.write(books.key("a"), bigString(3000), 1, SealedEntry.ETERNAL));
    now.addAndGet(2_000);
    assertEquals(0, books.write(books.key("b"), "b", 1, SealedEntry.ETERNAL));
    now.addAndGet(2_000);
    assertNotNull(books.read(books.key("a")), "a read makes a the most recently used");
    now.addAndGet(2_000);

    assertEquals(1, books.write(books.key("c"), "c", 1, SealedEntry.ETERNAL));

    assertNull(accessedAt(books, "b"), "b was the least recently used");
    assertNotNull(accessedAt(books, "a"));
    assertEquals(1, StoreFixture.blobFiles(root).size());
    now.addAndGet(2_000);
    assertEquals(1, books.write(books.key("d"), bigString(4000), 1, SealedEntry.ETERNAL));
    assertNull(books.read(books.key("a")), "a's read was older than c's");
    assertEquals(1, StoreFixture.blobFiles(root).size(), "a's blob went with it");
  }

  @Test
  void write_evictsBeyondMaxBytes_butNeverTheEntryJustWritten() throws Exception {
    SealedNamespace books = attach(options().with(CachetOptions.MAX_BYTES, 4000L));
    books.write(books.key("a"), bigString(1500), 1, SealedEntry.ETERNAL);
    now.addAndGet(2_000);
    books.write(books.key("b"), bigString(1500), 1, SealedEntry.ETERNAL);
    now.addAndGet(2_000);

    assertEquals(1, books.write(books.key("c"), bigString(1500), 1, SealedEntry.ETERNAL));
    assertNull(books.read(books.key("a")));
    assertEquals(2, books.write(books.key("huge"), bigString(9000), 1, SealedEntry.ETERNAL));
    assertEquals(1, rowCount(root, "books"));
    assertNotNull(books.read(books.key("huge")));
  }

  @Test
  void read_recordsAccess_atMostOncePerSecond_andOnlyWhenTheNamespaceHasALimit() throws Exception {
    SealedNamespace books = attach(options().with(CachetOptions.MAX_ENTRIES, 10L));
    SealedNamespace unlimited = store.attach("authors", options().build());
    books.write(books.key("k"), "v", 1, SealedEntry.ETERNAL);
    unlimited.write(unlimited.key("k"), "v", 1, SealedEntry.ETERNAL);
    Object written = accessedAt(books, "k");

    now.addAndGet(500);
    books.read(books.key("k"));
    assertEquals(written, accessedAt(books, "k"), "within a second: no write on the read path");
    now.addAndGet(600);
    books.read(books.key("k"));
    assertEquals(now.get(), ((Number) accessedAt(books, "k")).longValue());
    unlimited.read(unlimited.key("k"));
    assertEquals(written, query(root, "SELECT accessed_at FROM entries WHERE namespace = 'authors'"),
        "the default read path stays a pure read");
  }
}
