package io.cachet.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * One connection for one unit of work and the statements it prepared; confined to one thread at a time. The
 * locks are for a backend whose writers are not already serialized by the database: they are held until the
 * transaction ends.
 */
public interface SqlSession {
  /** The statement for this SQL, prepared on first use in this session. */
  PreparedStatement statement(String sql) throws SQLException;

  /**
   * Waits until this transaction holds the write locks of the keys, taken before their rows are read: so no other
   * writer comes between the read and the write, also of a key that has no row yet. None by default.
   */
  default void lockRows(String namespace, Collection<String> cacheKeys) throws SQLException {}

  /** Waits until this transaction holds the lock of the namespace's ledgered writes. None by default. */
  default void lockLedger(String namespace) throws SQLException {}
}
