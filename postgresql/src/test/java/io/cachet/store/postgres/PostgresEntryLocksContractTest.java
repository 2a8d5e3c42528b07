package io.cachet.store.postgres;

import io.cachet.store.EntryLocks;
import io.cachet.store.EntryLocksContract;
import java.nio.file.Path;

/** The entry locks contract, as advisory locks of the location's schema in the embedded PostgreSQL server. */
class PostgresEntryLocksContractTest extends EntryLocksContract {
  @Override
  protected EntryLocks open(Path location) {
    return PostgresEntryLocks.open(TestPostgres.settings(location));
  }
}
