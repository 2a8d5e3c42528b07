package io.cachet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;

/** What a root holds on disk, read directly from its files, for tests that check what a cache left there. */
final class OnDisk {
  private OnDisk() {}

  /** The rows of a cache in the root's database. */
  static int rowCount(Path root, String cache) throws SQLException {
    return (int) number(root, "SELECT COUNT(*) FROM entries WHERE namespace = ?", cache);
  }

  /** The sum of the payload sizes of a cache's rows. */
  static long storedBytes(Path root, String cache) throws SQLException {
    return number(root, "SELECT COALESCE(SUM(file_size), 0) FROM entries WHERE namespace = ?", cache);
  }

  private static long number(Path root, String query, String cache) throws SQLException {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("cachet.db"));
        PreparedStatement statement = db.prepareStatement(query)) {
      statement.setString(1, cache);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  /** Every file under the root's blob directory, of all caches. */
  static List<Path> blobFiles(Path root) throws IOException {
    Path blobs = root.resolve("blobs");
    if (!Files.exists(blobs)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(blobs)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
