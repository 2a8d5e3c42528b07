package io.cachet.store.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.store.StorageException;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/** The S3 store's own promises, on the shared S3Proxy server, each test under a key prefix of its own. */
class S3BlobStoreTest {
  private static final String NS = "0123456789abcdef0123456789abcdef";
  private static final String OTHER_NS = "fedcba9876543210fedcba9876543210";
  private static final String PLANTED_ID = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

  private final S3ProxyServer server = S3ProxyServer.shared();
  private final String prefix = "own/" + UUID.randomUUID();
  private final RecordedExchanges exchanges = new RecordedExchanges();
  private final MemoryBlobJournal journal = new MemoryBlobJournal();
  private S3BlobStore store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  private S3BlobStore open(Supplier<String> newIds, ExecutionInterceptor... interceptors) {
    S3BlobSettings settings = server.settings(prefix);
    S3Client client = S3Clients.builder(settings).overrideConfiguration(configuration -> {
      configuration.addExecutionInterceptor(exchanges);
      Stream.of(interceptors).forEach(configuration::addExecutionInterceptor);
    }).build();
    store = new S3BlobStore(client, settings, journal, newIds);
    return store;
  }

  private void plant(String key, byte[] bytes) {
    server.backend().putBlob(S3ProxyServer.BUCKET, server.backend().blobBuilder(key).payload(bytes).build());
  }

  private String key(String namespaceId, String name) {
    return prefix + "/" + namespaceId + "/" + name;
  }

  @Test
  void list_andNamespaceIds_readEveryPage_andLeaveOutKeysThatNameNoBlob() {
    // Two keys a page, so that every listing takes several.
    open(null, new ExecutionInterceptor() {
      @Override
      public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        return context.request() instanceof ListObjectsV2Request list ? list.toBuilder().maxKeys(2).build()
            : context.request();
      }
    });
    Set<String> written = Set.of(store.putNew(NS, new byte[] {1}), store.putNew(NS, new byte[] {2}),
        store.putNew(NS, new byte[] {3}));
    plant(key(NS, "notes.txt"), new byte[] {4});
    plant(key(NS, PLANTED_ID + "/nested"), new byte[] {5});
    plant(prefix + "/not-a-namespace/" + PLANTED_ID, new byte[] {6});
    for (int i = 0; i < 3; i++) {
      store.putNew(String.valueOf(i).repeat(32), new byte[] {7});
    }

    List<String> listed = store.list(NS, Instant.now().plusSeconds(3600));

    assertEquals(written, Set.copyOf(listed));
    assertEquals(3, listed.size());
    assertEquals(Set.of(NS, "0".repeat(32), "1".repeat(32), "2".repeat(32)), store.namespaceIds());
    assertTrue(exchanges.of("ListObjectsV2").size() >= 2 + 3, "several pages of each listing");
  }

  @Test
  void read_ofAPlantedObjectLargerThanTheLimit_transfersOnlyTheLimit() {
    open(null);
    plant(key(NS, PLANTED_ID), new byte[4 << 20]);

    assertEquals(101, store.read(NS, PLANTED_ID, 101).length);

    RecordedExchanges.Exchange get = exchanges.of("GetObject").get(0);
    assertEquals("bytes=0-100", get.request().firstMatchingHeader("Range").orElseThrow());
    assertEquals(206, get.response().statusCode());
    assertEquals(101, get.contentLength(), "bytes the server sent");
  }

  @Test
  void read_fromAServerIgnoringTheRange_stillReturnsOnlyTheLimit() {
    open(null, new RangeDropped());
    plant(key(NS, PLANTED_ID), new byte[4 << 20]);

    assertEquals(101, store.read(NS, PLANTED_ID, 101).length);

    RecordedExchanges.Exchange get = exchanges.of("GetObject").get(0);
    assertEquals(200, get.response().statusCode(), "the whole object was offered");
  }

  /** Sends GETs without their Range header, as a server that ignores it would answer them. */
  private static final class RangeDropped implements ExecutionInterceptor {
    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
      return context.httpRequest().toBuilder().removeHeader("Range").build();
    }
  }

  @Test
  void read_ofAnEmptyBlob_isEmpty_notMissing() {
    open(null);
    String id = store.putNew(NS, new byte[0]);

    assertArrayEquals(new byte[0], store.read(NS, id, 1));
    assertArrayEquals(new byte[0], store.read(NS, id, 0));
    assertNull(store.read(NS, PLANTED_ID, 0));
  }

  @Test
  void putNew_asksS3ToCreateTheObjectOnly_underTheNamespacePrefix() {
    open(null);
    String id = store.putNew(NS, new byte[] {1});

    RecordedExchanges.Exchange put = exchanges.of("PutObject").get(0);
    assertEquals("*", put.request().firstMatchingHeader("If-None-Match").orElseThrow());
    assertTrue(put.request().encodedPath().endsWith("/" + key(NS, id)), put.request().encodedPath());
  }

  @Test
  void putNew_whenAnObjectExistsUnderTheFreshId_writesUnderAnotherId() {
    plant(key(NS, PLANTED_ID), new byte[] {6, 6, 6});
    Iterator<String> ids = List.of(PLANTED_ID, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb").iterator();
    open(ids::next, new RefusedKeys(key(NS, PLANTED_ID)));

    String id = store.putNew(NS, new byte[] {1, 2});

    assertEquals("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", id);
    assertArrayEquals(new byte[] {1, 2}, store.read(NS, id, 3));
    assertEquals(2, exchanges.of("PutObject").size());
  }

  @Test
  void putNew_whenEveryFreshIdIsTaken_failsWithIo_afterThreeTries() {
    open(() -> PLANTED_ID, new RefusedKeys(key(NS, PLANTED_ID)));

    StorageException e = assertThrows(StorageException.class, () -> store.putNew(NS, new byte[] {1}));

    assertEquals(StorageException.Kind.IO, e.kind());
    assertEquals("write blob", e.operation());
    assertEquals(3, exchanges.of("PutObject").size());
  }

  @Test
  void deleteNamespace_deletesTheObjectsTheJournalNames_aThousandPerRequest_neverAnObjectItDidNotWrite() {
    open(null);
    List<String> ids = IntStream.range(0, 1_100).mapToObj(i -> String.format("%032x", i)).toList();
    ids.forEach(id -> {
      journal.record(NS, id);
      plant(key(NS, id), new byte[] {1});
    });
    plant(key(NS, "notes.txt"), new byte[] {2});
    plant(key(NS, PLANTED_ID), new byte[] {2});
    String kept = store.putNew(OTHER_NS, new byte[] {3});

    store.deleteNamespace(NS);

    assertEquals(2, objectsUnder(prefix + "/" + NS + "/"), "the two objects Cachet never wrote");
    assertEquals(List.of(), journal.recorded(NS, 10));
    assertEquals(2, exchanges.of("DeleteObjects").size(), "one request per 1,000 journaled blobs");
    assertEquals(0, exchanges.of("ListObjectsV2").size(), "the bucket is never listed");
    assertArrayEquals(new byte[] {3}, store.read(OTHER_NS, kept, 2));
  }

  private int objectsUnder(String keyPrefix) {
    // The filesystem backend also lists the directories a key with a slash made; only objects count.
    return (int) server.backend().list(S3ProxyServer.BUCKET, ListContainerOptions.Builder.prefix(keyPrefix)
        .recursive()).stream().filter(metadata -> metadata.getType() == StorageType.BLOB).count();
  }

  @Test
  void sweep_deletesOnlyUnreferencedBlobs_leavingObjectsOfOtherNames() {
    open(null);
    String orphan = store.putNew(NS, new byte[] {1});
    String referenced = store.putNew(NS, new byte[] {2});
    plant(key(NS, "notes.txt"), new byte[] {3});
    plant(key(NS, PLANTED_ID + "/inside"), new byte[] {4});

    assertEquals(1, store.sweep(NS, Instant.now().plusSeconds(3600), referenced::equals));

    assertNull(store.read(NS, orphan, 2));
    assertArrayEquals(new byte[] {2}, store.read(NS, referenced, 2));
    assertEquals(3, objectsUnder(prefix + "/" + NS + "/"), "the referenced blob and the two other names");
    assertTrue(journal.contains(NS, referenced));
    assertFalse(journal.contains(NS, orphan));
  }

  @Test
  void putNew_recordsTheBlobInTheJournal_beforeItsObjectIsWritten() {
    List<Boolean> recordedAtPut = new CopyOnWriteArrayList<>();
    open(() -> PLANTED_ID, new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (context.httpRequest().method().name().equals("PUT")) {
          recordedAtPut.add(journal.contains(NS, PLANTED_ID));
        }
      }
    });

    store.putNew(NS, new byte[] {1});

    assertEquals(List.of(true), recordedAtPut);
    assertTrue(journal.contains(NS, PLANTED_ID));
  }

  @Test
  void putNew_underAnIdTakenByAnObjectItDidNotWrite_forgetsThatId_soTheCollectorNeverDeletesTheObject() {
    plant(key(NS, PLANTED_ID), new byte[] {6, 6, 6});
    Iterator<String> ids = List.of(PLANTED_ID, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb").iterator();
    open(ids::next, new RefusedKeys(key(NS, PLANTED_ID)));

    store.putNew(NS, new byte[] {1, 2});

    assertFalse(journal.contains(NS, PLANTED_ID));
    assertEquals(1, store.collectOrphans(), "the new blob only: the memory journal knows no rows");
    // S3Proxy wrote over the planted object despite If-None-Match (see RefusedKeys): only its presence tells.
    assertNotNull(store.read(NS, PLANTED_ID, 4));
  }

  @Test
  void putNew_whoseBlobTheCollectorTookDuringTheUpload_deletesItsObject_andFails() {
    open(() -> PLANTED_ID, new ExecutionInterceptor() {
      @Override
      public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        journal.collected(NS, PLANTED_ID);
      }
    });

    StorageException e = assertThrows(StorageException.class, () -> store.putNew(NS, new byte[] {1}));

    assertTrue(e.getMessage().contains("s3.orphanGraceSeconds"), e.getMessage());
    assertNull(store.read(NS, PLANTED_ID, 2));
  }

  @Test
  void delete_deletesTheObject_thenForgetsIt() {
    open(null);
    String id = store.putNew(NS, new byte[] {1});

    store.delete(NS, id);

    assertFalse(journal.contains(NS, id));
    assertNull(store.read(NS, id, 2));
  }

  @Test
  void aFailedDelete_keepsTheBlobInTheJournal_forTheCollector() {
    open(null, new DeletesDenied());
    String id = store.putNew(NS, new byte[] {1});

    assertThrows(StorageException.class, () -> store.delete(NS, id));

    assertTrue(journal.contains(NS, id));
  }

  /** Answers every single-object delete with 403, as a bucket policy without DeleteObject would. */
  private static final class DeletesDenied implements ExecutionInterceptor {
    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
      if (context.request() instanceof DeleteObjectRequest) {
        return context.httpResponse().toBuilder().statusCode(403).statusText("Forbidden").build();
      }
      return context.httpResponse();
    }
  }

  @Test
  void putNew_givesFreshIds_inTheFileStoresFormat() {
    open(null);
    String first = store.putNew(NS, new byte[] {1});
    String second = store.putNew(NS, new byte[] {1});

    assertNotEquals(first, second);
    assertTrue(first.matches("[0-9a-f]{32}"), first);
  }
}
