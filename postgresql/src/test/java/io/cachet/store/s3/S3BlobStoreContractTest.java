package io.cachet.store.s3;

import io.cachet.store.BlobStore;
import io.cachet.store.BlobStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;

/**
 * The blob store contract, on S3Proxy with a journal in memory: each location is a key prefix of the shared
 * server's bucket. {@code PostgresS3BlobStoreContractTest} runs it with the PostgreSQL journal.
 */
class S3BlobStoreContractTest extends BlobStoreContract {
  private final MemoryBlobJournal journal = new MemoryBlobJournal();

  @AfterEach
  void close() {
    ((S3BlobStore) blobs).close();
  }

  @Override
  protected BlobStore open(Path location) {
    return S3BlobStore.open(S3ProxyServer.shared().settings(S3ProxyServer.prefixFor(location)), journal);
  }
}
