package io.cachet.store.postgres;

import io.cachet.store.BlobIds;
import io.cachet.store.BlobStore;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@link BlobStore} in the {@code blobs} table of the entry store's schema, for a shared store without a bucket:
 * every value then lives in PostgreSQL. Rows are inserted once under a fresh random id and never updated; a read
 * asks the server for at most {@code limit} bytes, so a planted oversized value is never loaded whole.
 */
final class PostgresBlobStore implements BlobStore {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String INSERT = "INSERT INTO blobs (namespace_id, blob_id, bytes) VALUES (?, ?, ?)"
      + " ON CONFLICT DO NOTHING";
  private static final String READ = "SELECT substring(bytes FROM 1 FOR ?) FROM blobs"
      + " WHERE namespace_id = ? AND blob_id = ?";
  private static final String DELETE = "DELETE FROM blobs WHERE namespace_id = ? AND blob_id = ?";
  private static final String DELETE_NAMESPACE = "DELETE FROM blobs WHERE namespace_id = ?";
  private static final String OLDER = "SELECT blob_id FROM blobs WHERE namespace_id = ? AND created_at < ?"
      + " AND created_at < now() - ? * interval '1 millisecond'";
  private static final String LISTED = "SELECT blob_id FROM blobs WHERE namespace_id = ? AND created_at < ?";
  private static final String NAMESPACE_IDS = "SELECT DISTINCT namespace_id FROM blobs";
  // The journal's orphan condition, on the blobs table: old enough, and no row names it. Concurrent collectors
  // each delete a row at most once: the second waits for the first's row lock, then finds the row gone.
  private static final String DELETE_ORPHANS = "DELETE FROM blobs j WHERE "
      + PostgresBlobJournal.orphan("created_at");

  private final PostgresTransactions transactions;
  private final long graceMillis;

  /** @param grace how old a blob no row names must be before a sweep or the collector deletes it */
  PostgresBlobStore(PostgresTransactions transactions, Duration grace) {
    this.transactions = transactions;
    this.graceMillis = grace.toMillis();
  }

  @Override
  public boolean isValidBlobId(String blobId) {
    return BlobIds.isHexId(blobId);
  }

  @Override
  public String putNew(String namespaceId, byte[] bytes) {
    requireId(namespaceId);
    return transactions.writeStatement("write a blob", null, session -> {
      PreparedStatement insert = session.statement(INSERT);
      while (true) {
        String blobId = newId();
        insert.setString(1, namespaceId);
        insert.setString(2, blobId);
        insert.setBytes(3, bytes);
        // A taken id (never seen with 128 random bits) is drawn again rather than overwritten.
        if (insert.executeUpdate() == 1) {
          return blobId;
        }
      }
    });
  }

  @Override
  public byte[] read(String namespaceId, String blobId, int limit) {
    requireId(namespaceId);
    requireId(blobId);
    return transactions.read("read a blob", null, session -> {
      PreparedStatement select = session.statement(READ);
      select.setInt(1, Math.max(limit, 0));
      select.setString(2, namespaceId);
      select.setString(3, blobId);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? rs.getBytes(1) : null;
      }
    });
  }

  @Override
  public void delete(String namespaceId, String blobId) {
    requireId(namespaceId);
    requireId(blobId);
    transactions.writeStatement("delete a blob", null, session -> {
      PreparedStatement delete = session.statement(DELETE);
      delete.setString(1, namespaceId);
      delete.setString(2, blobId);
      return delete.executeUpdate();
    });
  }

  @Override
  public void deleteNamespace(String namespaceId) {
    requireId(namespaceId);
    transactions.writeStatement("delete a namespace's blobs", null, session -> {
      PreparedStatement delete = session.statement(DELETE_NAMESPACE);
      delete.setString(1, namespaceId);
      return delete.executeUpdate();
    });
  }

  @Override
  public int sweep(String namespaceId, Instant olderThan, Predicate<String> referenced) {
    requireId(namespaceId);
    List<String> candidates = transactions.read("list a namespace's old blobs", null, session -> {
      PreparedStatement select = session.statement(OLDER);
      select.setString(1, namespaceId);
      select.setTimestamp(2, Timestamp.from(olderThan));
      select.setLong(3, graceMillis);
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    });
    int deleted = 0;
    for (String blobId : candidates) {
      if (!referenced.test(blobId)) {
        delete(namespaceId, blobId);
        deleted++;
      }
    }
    return deleted;
  }

  /**
   * The namespace's rows inserted before {@code olderThan}, by the database's clock ({@code created_at}); a row
   * is written whole in one statement, so every one is complete. A row under an id the store could not have
   * issued (planted) is left out: no other method can address it.
   */
  @Override
  public List<String> list(String namespaceId, Instant olderThan) {
    requireId(namespaceId);
    return transactions.read("list a namespace's blobs", null, session -> {
      PreparedStatement select = session.statement(LISTED);
      select.setString(1, namespaceId);
      select.setTimestamp(2, Timestamp.from(olderThan));
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          if (BlobIds.isHexId(rs.getString(1))) {
            ids.add(rs.getString(1));
          }
        }
      }
      return ids;
    });
  }

  /** The well-formed namespace ids of the table's rows. */
  @Override
  public Set<String> namespaceIds() {
    return transactions.read("list the namespaces of blobs", null, session -> {
      Set<String> ids = new HashSet<>();
      try (ResultSet rs = session.statement(NAMESPACE_IDS).executeQuery()) {
        while (rs.next()) {
          if (BlobIds.isHexId(rs.getString(1))) {
            ids.add(rs.getString(1));
          }
        }
      }
      return ids;
    });
  }

  /**
   * Deletes the blobs of every namespace that no row names and that are older than the grace: blobs of writes
   * that died before their commit, and superseded blobs whose delete failed or never ran.
   *
   * @return how many blobs were deleted
   */
  int collectOrphans() {
    return transactions.writeStatement("collect orphan blobs", null, session -> {
      PreparedStatement delete = session.statement(DELETE_ORPHANS);
      delete.setLong(1, graceMillis);
      return delete.executeUpdate();
    });
  }

  private static String newId() {
    byte[] bits = new byte[BlobIds.LENGTH / 2];
    RANDOM.nextBytes(bits);
    return HexFormat.of().formatHex(bits);
  }

  private static void requireId(String id) {
    if (!BlobIds.isHexId(id)) {
      throw new IllegalArgumentException("Not a blob or namespace id: " + id);
    }
  }
}
