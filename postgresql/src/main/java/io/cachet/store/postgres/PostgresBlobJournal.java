package io.cachet.store.postgres;

import io.cachet.store.BlobIds;
import io.cachet.store.s3.BlobJournal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The {@link BlobJournal} of the S3 objects, in the {@code blob_journal} table of the entry store's schema. Ages
 * are the database's clock ({@code now()}), the one clock every host shares. A blob is an orphan once it is older
 * than the grace and no row of the {@code entries} table names it; rows name namespaces by name and the journal by
 * id, which the {@code namespaces} table maps. Collectors on several hosts claim disjoint sets of orphans
 * ({@code FOR UPDATE SKIP LOCKED}), so each orphan is deleted by one of them.
 */
final class PostgresBlobJournal implements BlobJournal {
  private static final String RECORD = "INSERT INTO blob_journal (namespace_id, blob_id) VALUES (?, ?)"
      + " ON CONFLICT DO NOTHING";
  private static final String CONFIRM = "UPDATE blob_journal SET recorded_at = now()"
      + " WHERE namespace_id = ? AND blob_id = ?";
  private static final String FORGET = "DELETE FROM blob_journal WHERE namespace_id = ? AND blob_id = ?";
  private static final String RECORDED = "SELECT blob_id FROM blob_journal WHERE namespace_id = ? LIMIT ?";
  private static final String ORPHAN = orphan("recorded_at");
  private static final String CLAIM_ANY = "SELECT j.namespace_id, j.blob_id FROM blob_journal j WHERE " + ORPHAN
      + " LIMIT ? FOR UPDATE OF j SKIP LOCKED";
  private static final String CLAIM_IN_NAMESPACE = "SELECT j.namespace_id, j.blob_id FROM blob_journal j WHERE "
      + ORPHAN + " AND j.namespace_id = ? AND j.recorded_at < ? LIMIT ? FOR UPDATE OF j SKIP LOCKED";

  // Later than any recording time: the bound of a namespace's collection given none.
  private static final Instant NO_BOUND = Instant.parse("9999-12-31T00:00:00Z");

  private final PostgresTransactions transactions;
  private final long graceMillis;

  /** @param grace how old a blob no row names must be before it is collected */
  PostgresBlobJournal(PostgresTransactions transactions, Duration grace) {
    this.transactions = transactions;
    this.graceMillis = grace.toMillis();
  }

  @Override
  public boolean record(String namespaceId, String blobId) {
    return update("record a blob in the journal", RECORD, namespaceId, blobId) == 1;
  }

  @Override
  public boolean confirm(String namespaceId, String blobId) {
    return update("confirm a blob in the journal", CONFIRM, namespaceId, blobId) == 1;
  }

  private int update(String operation, String sql, String namespaceId, String blobId) {
    requireIds(namespaceId, blobId);
    return transactions.writeStatement(operation, null, session -> {
      PreparedStatement statement = session.statement(sql);
      statement.setString(1, namespaceId);
      statement.setString(2, blobId);
      return statement.executeUpdate();
    });
  }

  @Override
  public void forget(String namespaceId, List<String> blobIds) {
    blobIds.forEach(blobId -> requireIds(namespaceId, blobId));
    if (blobIds.isEmpty()) {
      return;
    }
    transactions.write("forget blobs in the journal", null, session -> {
      PreparedStatement delete = session.statement(FORGET);
      for (String blobId : blobIds) {
        delete.setString(1, namespaceId);
        delete.setString(2, blobId);
        delete.addBatch();
      }
      return delete.executeBatch();
    });
  }

  @Override
  public List<String> recorded(String namespaceId, int limit) {
    requireIds(namespaceId, null);
    return transactions.read("list the journal's blobs of a namespace", null, session -> {
      PreparedStatement select = session.statement(RECORDED);
      select.setString(1, namespaceId);
      select.setInt(2, limit);
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    });
  }

  @Override
  public int collect(String namespaceId, Instant olderThan, int limit,
      Function<List<Blob>, List<Blob>> deleteObjects) {
    if (namespaceId != null) {
      requireIds(namespaceId, null);
    }
    return transactions.write("collect orphan blobs", null, session -> {
      List<Blob> claimed = claim(session.statement(namespaceId == null ? CLAIM_ANY : CLAIM_IN_NAMESPACE),
          namespaceId, olderThan, limit);
      if (!claimed.isEmpty()) {
        PreparedStatement delete = session.statement(FORGET);
        for (Blob blob : deleteObjects.apply(claimed)) {
          delete.setString(1, blob.namespaceId());
          delete.setString(2, blob.blobId());
          delete.addBatch();
        }
        delete.executeBatch();
      }
      return claimed.size();
    });
  }

  private List<Blob> claim(PreparedStatement select, String namespaceId, Instant olderThan, int limit)
      throws SQLException {
    int parameter = 1;
    select.setLong(parameter++, graceMillis);
    if (namespaceId != null) {
      select.setString(parameter++, namespaceId);
      select.setTimestamp(parameter++, Timestamp.from(olderThan == null ? NO_BOUND : olderThan));
    }
    select.setInt(parameter, limit);
    List<Blob> claimed = new ArrayList<>();
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        claimed.add(new Blob(rs.getString(1), rs.getString(2)));
      }
    }
    return claimed;
  }

  /**
   * The condition of an orphan blob {@code j} (a row of the journal or the blobs table): older than the grace,
   * the statement's parameter, by its {@code ageColumn}, and named by no row.
   */
  static String orphan(String ageColumn) {
    return "j." + ageColumn + " < now() - ? * interval '1 millisecond' AND NOT EXISTS (SELECT 1 FROM namespaces n"
        + " JOIN entries e ON e.namespace = n.name WHERE n.id = j.namespace_id AND e.blob_id = j.blob_id)";
  }

  private static void requireIds(String namespaceId, String blobId) {
    if (!BlobIds.isHexId(namespaceId) || (blobId != null && !BlobIds.isHexId(blobId))) {
      throw new IllegalArgumentException("Not a namespace or blob id");
    }
  }
}
