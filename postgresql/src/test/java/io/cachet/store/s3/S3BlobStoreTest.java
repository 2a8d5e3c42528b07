package io.cachet.store.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.store.StorageException;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 store's own promises, on the shared S3Proxy server, each test under a key prefix of its own. */
class S3BlobStoreTest {
  private static final String NS = "0123456789abcdef0123456789abcdef";
  private static final String OTHER_NS = "fedcba9876543210fedcba9876543210";
  private static final String PLANTED_ID = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

  private final S3ProxyServer server = S3ProxyServer.shared();
  private final String prefix = "own/" + UUID.randomUUID();
  private final RecordedExchanges exchanges = new RecordedExchanges();
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
    store = new S3BlobStore(client, settings, newIds);
    return store;
  }

  private void plant(String key, byte[] bytes) {
    server.backend().putBlob(S3ProxyServer.BUCKET, server.backend().blobBuilder(key).payload(bytes).build());
  }

  private String key(String namespaceId, String name) {
    return prefix + "/" + namespaceId + "/" + name;
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
  void deleteNamespace_ofMoreThanOneListingPage_deletesEveryObjectUnderThePrefix_only() {
    open(null);
    List<String> ids = IntStream.range(0, 1_100).mapToObj(i -> String.format("%032x", i)).toList();
    ids.forEach(id -> plant(key(NS, id), new byte[] {1}));
    plant(key(NS, "notes.txt"), new byte[] {2});
    String kept = store.putNew(OTHER_NS, new byte[] {3});

    store.deleteNamespace(NS);

    assertEquals(0, objectsUnder(prefix + "/" + NS + "/"));
    assertEquals(2, exchanges.of("DeleteObjects").size(), "one batch per listed page of up to 1,000");
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
