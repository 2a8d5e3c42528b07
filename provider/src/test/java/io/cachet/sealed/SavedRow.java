package io.cachet.sealed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A row as stored, every column, and the bytes of the blob it names: copied aside and put back later, as an
 * attacker who can write the store but not read the key would replay an older write.
 */
public record SavedRow(String namespace, String cacheKey, Map<String, Object> columns, Path blob, byte[] blobBytes) {

  /** Saves the row of this key, and its blob if it names one. */
  public static SavedRow of(Path root, String namespace, String cacheKey) throws Exception {
    Map<String, Object> columns = new LinkedHashMap<>();
    try (Connection db = StoreFixture.jdbc(root); PreparedStatement select = db.prepareStatement(
        "SELECT * FROM entries WHERE namespace = ? AND cache_key = ?")) {
      select.setString(1, namespace);
      select.setString(2, cacheKey);
      try (ResultSet rs = select.executeQuery()) {
        assertTrue(rs.next());
        ResultSetMetaData meta = rs.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          columns.put(meta.getColumnName(i), rs.getObject(i));
        }
      }
    }
    String blobId = (String) columns.get("blob_id");
    if (blobId == null) {
      return new SavedRow(namespace, cacheKey, columns, null, null);
    }
    Path blob = StoreFixture.blobOf(root, namespace, cacheKey);
    return new SavedRow(namespace, cacheKey, columns, blob, Files.readAllBytes(blob));
  }

  /** Replaces whatever the key holds now with the saved row, and restores its blob file. */
  public void putBack(Path root) throws Exception {
    assertNotNull(columns.get("generation"), "rows carry their generation");
    StoreFixture.execute(root, "DELETE FROM entries WHERE namespace = ? AND cache_key = ?", namespace, cacheKey);
    String names = String.join(", ", columns.keySet());
    String marks = String.join(", ", columns.keySet().stream().map(name -> "?").toList());
    assertEquals(1, StoreFixture.execute(root, "INSERT INTO entries (" + names + ") VALUES (" + marks + ")",
        columns.values().toArray()));
    if (blob != null) {
      Files.createDirectories(blob.getParent());
      Files.write(blob, blobBytes);
      Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-------"));
    }
  }
}
