package io.cachet.store.postgres;

import io.cachet.store.BlobStore;
import io.cachet.store.BlobStoreContract;
import io.cachet.store.s3.S3BlobStore;
import io.cachet.store.s3.S3ProxyServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * The blob store contract of the S3 store as the backend opens it: objects on S3Proxy, journaled in the PostgreSQL
 * schema of the location, with no grace, so that the contract's sweep times alone decide.
 */
class PostgresS3BlobStoreContractTest extends BlobStoreContract {
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  @Override
  protected BlobStore open(Path location) {
    PostgresEntryStore entries = PostgresEntryStore.open(TestPostgres.settings(location));
    opened.add(entries);
    S3BlobStore store = S3BlobStore.open(S3ProxyServer.shared().settings(S3ProxyServer.prefixFor(location)),
        new PostgresBlobJournal(entries.transactions(), Duration.ZERO));
    opened.add(store);
    return store;
  }
}
