package io.cachet.store.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The embedded PostgreSQL server of this test JVM, started on first use and stopped (its data directory under
 * {@code target/} deleted) by the library's shutdown hook, and the settings that map a test's location to a schema
 * of it.
 *
 * <p>A location remembers the port of the server its schema lives on, in a file: a child JVM of the contract kit
 * ({@code ContractChild}), given only the location, reaches the same server and schema through it.
 */
public final class TestPostgres {
  /** The file in a location naming the port of the server that holds its schema. */
  static final String PORT_FILE = "postgres.port";

  private static EmbeddedPostgres server;

  private TestPostgres() {}

  /** The settings of the store at this location: the same location, the same schema on the same server. */
  static PostgresSettings settings(Path location) {
    return settings(port(location), schema(location));
  }

  /** Settings for a schema on the server at this port. */
  static PostgresSettings settings(int port, String schema) {
    return new PostgresSettings("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", null, schema, 4,
        Duration.ofSeconds(10));
  }

  /** The schema a location maps to: named after a hash of its absolute path. */
  static String schema(Path location) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(location.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
      return "location_" + HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A plain connection to the server of this JVM, for tests that look at what the store did. */
  static Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://localhost:" + server().getPort() + "/postgres", "postgres",
        null);
  }

  /** The versions recorded in a schema's {@code schema_version} table. */
  static List<Integer> schemaVersions(String schema) throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT version FROM " + schema + ".schema_version")) {
      List<Integer> versions = new ArrayList<>();
      while (rs.next()) {
        versions.add(rs.getInt(1));
      }
      return versions;
    }
  }

  private static int port(Path location) {
    Path portFile = location.resolve(PORT_FILE);
    try {
      if (Files.exists(portFile)) {
        return Integer.parseInt(Files.readString(portFile).trim());
      }
      int port = server().getPort();
      Files.writeString(portFile, Integer.toString(port));
      return port;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** This JVM's shared server, started on first use. */
  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      server = start();
    }
    return server;
  }

  /** A new server of its own, its data under {@code target/}, deleted when it is closed. */
  static EmbeddedPostgres start() {
    Path base = Path.of("target", "embedded-postgres").toAbsolutePath();
    try {
      Files.createDirectories(base);
      Path log = base.resolve("server-" + UUID.randomUUID() + ".log");
      return EmbeddedPostgres.builder()
          .setOverrideWorkingDirectory(base.resolve("binaries").toFile())
          .setDataDirectory(base.resolve("data-" + UUID.randomUUID()))
          .setCleanDataDirectory(true)
          .setServerConfig("max_connections", "300")
          .setServerConfig("fsync", "off")
          .setOutputRedirector(Redirect.appendTo(log.toFile()))
          .setErrorRedirector(Redirect.appendTo(log.toFile()))
          .setPGStartupWait(Duration.ofSeconds(30))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
