package io.cachet.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows (and, for an embedded store, the blob files) of a store, read and changed as an attacker with write access
 * would, through plain JDBC.
 */
final class StoredBytes {
  /** Opens a connection to the store's database. */
  @FunctionalInterface
  interface Connector {
    Connection connect() throws SQLException;
  }

  static final String COLUMNS = "cache_key, key_bytes, data_type, prefix, file_size, file_hash, object_type, "
      + "storage_format, serializer, compression_codec, encryption, created_at, expires_at, entry_signature, "
      + "inline_value, blob_id, accessed_at, generation";

  private final Path root;
  private final Connector connector;

  /** The embedded store under this root. */
  StoredBytes(Path root) {
    this.root = root;
    this.connector = () -> DriverManager.getConnection("jdbc:sqlite:" + root.resolve("cachet.db"));
  }

  /** A store reached through this connector, whose blobs are not files. */
  StoredBytes(Connector connector) {
    this.root = null;
    this.connector = connector;
  }

  private Connection connect() throws SQLException {
    return connector.connect();
  }

  int execute(String sql, Object... parameters) throws SQLException {
    try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      return statement.executeUpdate();
    }
  }

  List<Object> column(String sql, Object... parameters) throws SQLException {
    try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      List<Object> values = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          values.add(rows.getObject(1));
        }
      }
      return values;
    }
  }

  /** The key hashes of a cache's rows stored inline or in blobs, in key-hash order. */
  List<String> keyHashes(String cache, boolean blob) throws SQLException {
    return column("SELECT cache_key FROM entries WHERE namespace = ? AND storage_format = ? ORDER BY cache_key",
        cache, blob ? "blob" : "inline").stream().map(String::valueOf).toList();
  }

  Object value(String cache, String keyHash, String column) throws SQLException {
    List<Object> values = column("SELECT " + column + " FROM entries WHERE namespace = ? AND cache_key = ?", cache,
        keyHash);
    return values.isEmpty() ? null : values.get(0);
  }

  void update(String cache, String keyHash, String assignment, Object... parameters) throws SQLException {
    Object[] all = new Object[parameters.length + 2];
    System.arraycopy(parameters, 0, all, 0, parameters.length);
    all[parameters.length] = cache;
    all[parameters.length + 1] = keyHash;
    if (execute("UPDATE entries SET " + assignment + " WHERE namespace = ? AND cache_key = ?", all) != 1) {
      throw new AssertionError("no row updated by " + assignment);
    }
  }

  /** Every column of a row, by name, to put back later. */
  Map<String, Object> row(String cache, String keyHash) throws SQLException {
    try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(
        "SELECT namespace, " + COLUMNS + " FROM entries WHERE namespace = ? AND cache_key = ?")) {
      statement.setString(1, cache);
      statement.setString(2, keyHash);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          throw new AssertionError("no row " + keyHash + " in " + cache);
        }
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
          columns.put(rows.getMetaData().getColumnName(i), rows.getObject(i));
        }
        return columns;
      }
    }
  }

  /** Puts a row read by {@link #row} back, in place of whatever row its key has now. */
  void putBack(Map<String, Object> row) throws SQLException {
    execute("DELETE FROM entries WHERE namespace = ? AND cache_key = ?", row.get("namespace"), row.get("cache_key"));
    execute("INSERT INTO entries (" + String.join(", ", row.keySet()) + ") VALUES ("
        + String.join(", ", java.util.Collections.nCopies(row.size(), "?")) + ")", row.values().toArray());
  }

  String namespaceId(String cache) throws SQLException {
    return String.valueOf(column("SELECT id FROM namespaces WHERE name = ?", cache).get(0));
  }

  /** The blob file the row names, in an embedded store. */
  Path blob(String cache, String keyHash) throws SQLException {
    String blobId = String.valueOf(value(cache, keyHash, "blob_id"));
    return root.resolve("blobs").resolve(namespaceId(cache)).resolve(blobId.substring(0, 2)).resolve(blobId);
  }
}
