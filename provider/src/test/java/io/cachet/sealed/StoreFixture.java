package io.cachet.sealed;

import io.cachet.sealed.SealedStoreSettings.Durability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;

/**
 * Opens real stores on a temporary root and reaches their files with plain JDBC and NIO; public for the
 * JCache-level tests, which check what a cache left on disk the same way.
 */
public final class StoreFixture {
  static final int THRESHOLD = 1024;

  private StoreFixture() {}

  static SealedStore open(Path root) {
    return open(root, Durability.NORMAL);
  }

  static SealedStore open(Path root, Durability durability) {
    return SealedStores.openEmbedded(
        new SealedStoreSettings(root, StoreFixture.class.getClassLoader(), THRESHOLD, durability));
  }

  /** A plain JDBC connection to the store's database, as an attacker with file access would have. */
  static Connection jdbc(Path root) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + root.resolve(SealedStores.DATABASE_FILE));
  }

  public static int execute(Path root, String sql, Object... parameters) throws SQLException {
    try (Connection connection = jdbc(root); var statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      return statement.executeUpdate();
    }
  }

  public static Object query(Path root, String sql, Object... parameters) throws SQLException {
    try (Connection connection = jdbc(root); var statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (var rs = statement.executeQuery()) {
        return rs.next() ? rs.getObject(1) : null;
      }
    }
  }

  public static long rowCount(Path root, String namespace) throws SQLException {
    return ((Number) query(root, "SELECT COUNT(*) FROM entries WHERE namespace = ?", namespace)).longValue();
  }

  /** The sum of the payload sizes of a namespace's rows, as its size limit counts them. */
  public static long storedBytes(Path root, String namespace) throws SQLException {
    return ((Number) query(root, "SELECT COALESCE(SUM(file_size), 0) FROM entries WHERE namespace = ?", namespace))
        .longValue();
  }

  /** All regular files under blobs/. */
  public static List<Path> blobFiles(Path root) throws IOException {
    Path blobs = root.resolve("blobs");
    if (!Files.exists(blobs)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(blobs)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  /** The one blob file under blobs/; fails the test if there is none or more than one. */
  public static Path onlyBlobFile(Path root) throws IOException {
    List<Path> blobs = blobFiles(root);
    if (blobs.size() != 1) {
      throw new AssertionError("expected exactly one blob file, found " + blobs);
    }
    return blobs.get(0);
  }

  /** Flips one bit of a file's middle byte, in place: tampering that keeps its size. */
  public static void flipMiddleByte(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(file, bytes);
  }

  /** The blob file a row names. */
  static Path blobOf(Path root, String namespace, String cacheKey) throws Exception {
    String blobId = (String) query(root, "SELECT blob_id FROM entries WHERE namespace = ? AND cache_key = ?",
        namespace, cacheKey);
    return root.resolve("blobs").resolve(Digests.namespaceId(namespace)).resolve(blobId.substring(0, 2))
        .resolve(blobId);
  }

  static String bigString(int length) {
    return "x".repeat(length);
  }
}
