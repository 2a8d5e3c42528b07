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
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("cachet.db"));
        PreparedStatement count = db.prepareStatement("SELECT COUNT(*) FROM entries WHERE namespace = ?")) {
      count.setString(1, cache);
      try (ResultSet row = count.executeQuery()) {
        row.next();
        return row.getInt(1);
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
