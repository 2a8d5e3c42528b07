package io.cachet.store.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.store.StorageException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** What the S3 store reports when S3 fails it: the operation and the bucket, never a secret. */
class S3BlobStoreFailuresTest {
  private static final String NS = "0123456789abcdef0123456789abcdef";

  @Test
  void aStoppedServer_failsEveryOperationWithIo_namingTheOperation_neverTheSecret() {
    S3BlobStore store;
    String id;
    try (S3ProxyServer server = S3ProxyServer.start()) {
      store = S3BlobStore.open(server.settings("stopped"), new MemoryBlobJournal());
      id = store.putNew(NS, new byte[] {1});
    }
    try (store) {
      Map<String, Executable> operations = new LinkedHashMap<>();
      operations.put("write blob", () -> store.putNew(NS, new byte[] {2}));
      operations.put("read blob", () -> store.read(NS, id, 2));
      operations.put("delete blob", () -> store.delete(NS, id));
      operations.put("delete the blobs of a namespace", () -> store.deleteNamespace(NS));
      operations.put("sweep the blobs of a namespace", () -> store.sweep(NS, Instant.now(), blob -> false));
      operations.forEach((operation, call) -> {
        StorageException e = assertThrows(StorageException.class, call, operation);
        assertEquals(StorageException.Kind.IO, e.kind(), operation);
        assertEquals(operation, e.operation());
        assertTrue(e.getMessage().contains("S3 is unreachable"), e.getMessage());
        assertNoSecret(e);
      });
    }
  }

  @Test
  void open_ofAMissingBucket_failsWithIo_namingTheBucket() {
    S3ProxyServer server = S3ProxyServer.shared();
    S3BlobSettings shared = server.settings("any");
    S3BlobSettings missing = new S3BlobSettings("no-such-bucket", "any", shared.endpoint(), shared.region(), true,
        shared.accessKeyId(), shared.secretAccessKey());

    StorageException e = assertThrows(StorageException.class, () -> S3BlobStore.open(missing, new MemoryBlobJournal()));

    assertEquals(StorageException.Kind.IO, e.kind());
    assertEquals("Cannot open the blob bucket: bucket \"no-such-bucket\" does not exist (Cachet never creates it)",
        e.getMessage());
  }

  @Test
  void open_withAWrongSecret_failsWithAccessDenied_namingTheBucket_neverTheSecret() {
    S3BlobSettings shared = S3ProxyServer.shared().settings("any");
    S3BlobSettings wrong = new S3BlobSettings(shared.bucket(), "any", shared.endpoint(), shared.region(), true,
        shared.accessKeyId(), "wrong-" + S3ProxyServer.SECRET_KEY);

    StorageException e = assertThrows(StorageException.class, () -> S3BlobStore.open(wrong, new MemoryBlobJournal()));

    assertEquals(StorageException.Kind.IO, e.kind());
    assertTrue(e.getMessage().startsWith("Cannot open the blob bucket: access denied to bucket \"cachet-blobs\""),
        e.getMessage());
    assertNoSecret(e);
  }

  private static void assertNoSecret(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      assertFalse(message.contains(S3ProxyServer.SECRET_KEY), message);
    }
  }
}
