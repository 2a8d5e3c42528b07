package io.cachet.store.postgres;

import io.cachet.store.EntryStore;
import io.cachet.store.EntryStoreContract;
import java.nio.file.Path;

/** The entry store contract, on the schema of the location in the embedded PostgreSQL server. */
class PostgresEntryStoreContractTest extends EntryStoreContract {
  @Override
  protected EntryStore open(Path location) {
    return PostgresEntryStore.open(TestPostgres.settings(location));
  }
}
