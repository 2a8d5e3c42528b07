package io.cachet.store.postgres;

import io.cachet.store.BlobStore;
import io.cachet.store.BlobStoreContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The blob store contract of the {@code blobs} table, in the schema of the location, with no grace. */
class PostgresBlobStoreContractTest extends BlobStoreContract {
  private final List<PostgresEntryStore> opened = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(PostgresEntryStore::close);
  }

  @Override
  protected BlobStore open(Path location) {
    PostgresEntryStore entries = PostgresEntryStore.open(TestPostgres.settings(location));
    opened.add(entries);
    return new PostgresBlobStore(entries.transactions(), Duration.ZERO);
  }
}
