package io.cachet.store.postgres;

import io.cachet.store.EntryStore;
import io.cachet.store.LedgerContract;
import java.nio.file.Path;

/** The ledger contract, on the schema of the location in the embedded PostgreSQL server. */
class PostgresLedgerContractTest extends LedgerContract {
  @Override
  protected EntryStore open(Path location) {
    return PostgresEntryStore.open(TestPostgres.settings(location));
  }
}
