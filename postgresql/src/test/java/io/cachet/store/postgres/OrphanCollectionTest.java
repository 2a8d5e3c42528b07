package io.cachet.store.postgres;

import static io.cachet.store.TestRow.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cachet.store.NamespaceRecord;
import io.cachet.store.s3.S3BlobStore;
import io.cachet.store.s3.S3ProxyServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The collector's decisions, by the database's clock, on two "hosts" (two stores with pools of their own on one
 * schema and bucket): what no row names is deleted once past the grace, what a row names never is.
 */
class OrphanCollectionTest {
  private static final String NAME = "books";
  private static final String NS = "0123456789abcdef0123456789abcdef";

  private final String schema = "collect_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final PostgresSettings settings = TestPostgres.settings(TestPostgres.server().getPort(), schema);
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  private PostgresEntryStore entries() {
    PostgresEntryStore entries = PostgresEntryStore.open(settings);
    opened.add(entries);
    entries.insertNamespace(new NamespaceRecord(NAME, NS, 0L, null, null, null));
    return entries;
  }

  private S3BlobStore s3(PostgresEntryStore entries, Duration grace) {
    S3BlobStore store = S3BlobStore.open(S3ProxyServer.shared().settings(schema),
        new PostgresBlobJournal(entries.transactions(), grace));
    opened.add(store);
    return store;
  }

  @Test
  void aSupersededObject_isCollected_whenTheWriterDiedBetweenItsCommitAndItsDelete() {
    PostgresEntryStore entries = entries();
    S3BlobStore blobs = s3(entries, Duration.ZERO);
    String superseded = blobs.putNew(NS, new byte[] {1});
    entries.upsert(row(NAME, "k", "s1", superseded, null), true);
    String current = blobs.putNew(NS, new byte[] {2});
    entries.upsert(row(NAME, "k", "s2", current, null), true);
    // The writer dies here: the superseded object is never deleted by it.

    assertEquals(1, blobs.collectOrphans());

    assertNull(blobs.read(NS, superseded, 2));
    assertArrayEquals(new byte[] {2}, blobs.read(NS, current, 2));
    assertEquals(Set.of(current), objectIds());
    assertEquals(Set.of(current), journaled());
  }

  @Test
  void aBlobYoungerThanTheGrace_isKept_byTheDatabaseClock() throws SQLException {
    PostgresEntryStore entries = entries();
    S3BlobStore blobs = s3(entries, Duration.ofHours(1));
    String young = blobs.putNew(NS, new byte[] {1});
    String old = blobs.putNew(NS, new byte[] {2});
    execute("UPDATE " + schema + ".blob_journal SET recorded_at = now() - interval '61 minutes' WHERE blob_id = '"
        + old + "'");

    assertEquals(1, blobs.collectOrphans());

    assertEquals(Set.of(young), objectIds());
  }

  @Test
  void aJournalRowWhoseObjectIsGone_isCleanedUp() throws SQLException {
    PostgresEntryStore entries = entries();
    S3BlobStore blobs = s3(entries, Duration.ZERO);
    String id = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    execute("INSERT INTO " + schema + ".blob_journal (namespace_id, blob_id) VALUES ('" + NS + "', '" + id + "')");

    assertEquals(1, blobs.collectOrphans());

    assertEquals(Set.of(), journaled());
  }

  @Test
  void twoCollectorsOnTwoHosts_deleteEachOrphanOnce_andNeverAnObjectARowNames() throws Exception {
    PostgresEntryStore hostA = entries();
    PostgresEntryStore hostB = PostgresEntryStore.open(settings);
    opened.add(hostB);
    S3BlobStore blobsA = s3(hostA, Duration.ZERO);
    S3BlobStore blobsB = s3(hostB, Duration.ZERO);
    Set<String> named = new HashSet<>();
    for (int i = 0; i < 150; i++) {
      String id = blobsA.putNew(NS, new byte[] {(byte) i});
      if (i % 10 == 0) {
        hostA.upsert(row(NAME, "k" + i, "s", id, null), true);
        named.add(id);
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> runs = pool.invokeAll(List.<Callable<Integer>>of(blobsA::collectOrphans,
          blobsB::collectOrphans));
      assertEquals(135, runs.get(0).get() + runs.get(1).get(), "each orphan deleted by one collector");
    } finally {
      pool.shutdownNow();
    }
    assertEquals(named, objectIds());
    assertEquals(named, journaled());
  }

  @Test
  void theBlobsTable_isCollectedTheSameWay_byItsCreationTime() throws SQLException {
    PostgresEntryStore entries = entries();
    PostgresBlobStore blobs = new PostgresBlobStore(entries.transactions(), Duration.ofHours(1));
    String named = blobs.putNew(NS, new byte[] {1});
    entries.upsert(row(NAME, "k", "s", named, null), true);
    String orphan = blobs.putNew(NS, new byte[] {2});
    String young = blobs.putNew(NS, new byte[] {3});
    execute("UPDATE " + schema + ".blobs SET created_at = now() - interval '61 minutes' WHERE blob_id <> '" + young
        + "'");

    assertEquals(1, blobs.collectOrphans());

    assertNull(blobs.read(NS, orphan, 2));
    assertArrayEquals(new byte[] {1}, blobs.read(NS, named, 2));
    assertArrayEquals(new byte[] {3}, blobs.read(NS, young, 2));
  }

  private Set<String> objectIds() {
    String prefix = schema + "/" + NS + "/";
    Set<String> ids = new HashSet<>();
    S3ProxyServer.shared().backend().list(S3ProxyServer.BUCKET, ListContainerOptions.Builder.prefix(prefix)
        .recursive()).forEach(metadata -> {
          if (metadata.getType() == StorageType.BLOB) {
            ids.add(metadata.getName().substring(prefix.length()));
          }
        });
    return ids;
  }

  private Set<String> journaled() {
    Set<String> ids = new HashSet<>();
    try (Connection connection = TestPostgres.connect(); Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT blob_id FROM " + schema + ".blob_journal")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return ids;
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = TestPostgres.connect(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
