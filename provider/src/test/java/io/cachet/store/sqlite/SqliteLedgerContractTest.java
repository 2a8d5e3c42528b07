package io.cachet.store.sqlite;

import io.cachet.store.EntryStore;
import io.cachet.store.LedgerContract;
import java.nio.file.Path;

/** The ledger contract, on a SQLite database file in the location. */
class SqliteLedgerContractTest extends LedgerContract {
  @Override
  protected EntryStore open(Path location) {
    return SqliteEntryStore.open(location.resolve("cachet.db"), false);
  }
}
