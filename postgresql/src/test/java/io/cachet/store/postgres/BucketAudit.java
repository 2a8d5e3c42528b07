package io.cachet.store.postgres;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cachet.store.s3.S3ProxyServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.ListContainerOptions;

/**
 * Compares a schema's rows with the objects under its prefix in an S3Proxy bucket, listed by the test itself (not
 * through Cachet): no row may name a missing object, and once the collector had time, no object may be left that no
 * row names.
 */
final class BucketAudit {
  private static final long POLL_MILLIS = 500;

  @FunctionalInterface
  interface Connector {
    Connection connect() throws SQLException;
  }

  private final S3ProxyServer s3;
  private final Connector database;
  private final String schema;

  /** The schema's rows on that database; its objects under the prefix named after it. */
  BucketAudit(S3ProxyServer s3, Connector database, String schema) {
    this.s3 = s3;
    this.database = database;
    this.schema = schema;
  }

  /** Fails if a row names an object the bucket lacks. */
  void assertNoRowNamesAMissingBlob() throws SQLException {
    Set<String> named = namedBlobIds();
    named.removeAll(objectIds());
    assertTrue(named.isEmpty(), named.size() + " rows name a missing blob: " + named);
  }

  /** Waits up to {@code boundMillis} until every object under the prefix is named by a row. */
  void awaitNoOrphan(long boundMillis) throws SQLException, InterruptedException {
    long deadline = System.currentTimeMillis() + boundMillis;
    while (true) {
      Set<String> objects = objectIds();
      objects.removeAll(namedBlobIds());
      if (objects.isEmpty()) {
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        fail(objects.size() + " orphan objects left after " + boundMillis + " ms: " + objects);
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  Set<String> objectIds() {
    Set<String> ids = new HashSet<>();
    s3.backend().list(S3ProxyServer.BUCKET, ListContainerOptions.Builder.prefix(schema + "/").recursive())
        .forEach(metadata -> {
          if (metadata.getType() == StorageType.BLOB) {
            ids.add(metadata.getName().substring(metadata.getName().lastIndexOf('/') + 1));
          }
        });
    return ids;
  }

  Set<String> namedBlobIds() throws SQLException {
    Set<String> ids = new HashSet<>();
    try (Connection connection = database.connect(); Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT blob_id FROM " + schema + ".entries WHERE blob_id IS NOT NULL")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }
}
