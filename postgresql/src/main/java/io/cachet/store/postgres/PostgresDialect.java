package io.cachet.store.postgres;

import io.cachet.store.StorageException;
import io.cachet.store.jdbc.SqlDialect;
import io.cachet.store.jdbc.SqlSession;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * PostgreSQL's SQL: typed columns ({@code text}, {@code bytea}, {@code bigint}, {@code boolean}); upserts with
 * {@code ON CONFLICT}; deletes that return what they deleted; a sequence as the write order; and, since writers
 * on several hosts run at once, the row a write replaces read {@code FOR UPDATE}, eviction candidates read
 * {@code FOR UPDATE SKIP LOCKED}.
 */
final class PostgresDialect implements SqlDialect {
  static final PostgresDialect INSTANCE = new PostgresDialect();

  /** The next value of the write order's sequence. */
  static final String NEXT_WRITE_ORDER = "nextval('entries_write_order')";

  // Every table of Cachet's schema that rows are deleted from; schema_version is one row.
  private static final List<String> TABLES =
      List.of("entries", "namespaces", "ledgers", "ledger_journal", "blobs", "blob_journal");

  private PostgresDialect() {}

  @Override
  public String textType() {
    return "text";
  }

  @Override
  public String binaryType() {
    return "bytea";
  }

  @Override
  public String integerType() {
    return "bigint";
  }

  @Override
  public int integerJdbcType() {
    return Types.BIGINT;
  }

  /** The column itself: a {@code bigint} column holds nothing but integers. */
  @Override
  public String readableInteger(String column, boolean notNull) {
    return column;
  }

  @Override
  public String greatest() {
    return "greatest";
  }

  @Override
  public String isSame() {
    return " IS NOT DISTINCT FROM ";
  }

  @Override
  public String lockingRead() {
    return " FOR UPDATE";
  }

  /**
   * Rows that another transaction is writing are skipped: they are about to become the most recent, and waiting
   * for them could deadlock with a writer of several keys.
   */
  @Override
  public String lockingSkipRead() {
    return " FOR UPDATE SKIP LOCKED";
  }

  @Override
  public String writeOrder() {
    return "write_order";
  }

  @Override
  public String newWriteOrder() {
    return NEXT_WRITE_ORDER;
  }

  @Override
  public boolean deleteReturns() {
    return true;
  }

  @Override
  public String insertIfAbsent(String insert, String conflictKey) {
    return insert + " ON CONFLICT (" + conflictKey + ") DO NOTHING";
  }

  @Override
  public String insertOrReplace(String insert, String conflictKey, String assignments) {
    return insert + " ON CONFLICT (" + conflictKey + ") DO UPDATE SET " + assignments;
  }

  @Override
  public void setFlag(PreparedStatement statement, int index, boolean value) throws SQLException {
    statement.setBoolean(index, value);
  }

  @Override
  public boolean flag(ResultSet rs, int column) throws SQLException {
    return rs.getBoolean(column);
  }

  /** None: PostgreSQL checks its pages as it reads them (and their checksums, where the cluster has them). */
  @Override
  public String integrityCheck() {
    return null;
  }

  /**
   * {@code ANALYZE} of each of Cachet's tables, so the planner sees what an operator's deletes left; the space of
   * deleted rows is autovacuum's to reclaim.
   */
  @Override
  public void compact(SqlSession session) throws SQLException {
    for (String table : TABLES) {
      session.statement("ANALYZE " + table).execute();
    }
  }

  @Override
  public StorageException.Kind kind(SQLException e) {
    return PostgresFailures.kind(e);
  }
}
