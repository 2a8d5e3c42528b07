package io.cachet.store.sqlite;

import io.cachet.store.EntryStore;
import io.cachet.store.EntryStoreContract;
import java.nio.file.Path;

/** The entry store contract, on a SQLite database file in the location. */
class SqliteEntryStoreContractTest extends EntryStoreContract {
  @Override
  protected EntryStore open(Path location) {
    return SqliteEntryStore.open(location.resolve("cachet.db"), false);
  }
}
