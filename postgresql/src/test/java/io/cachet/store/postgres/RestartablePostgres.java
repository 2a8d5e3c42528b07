package io.cachet.store.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of one test, which it stops and starts again on the same port and data directory, as an
 * operator restarts a database: unlike {@link TestPostgres#start()}, stopping it keeps the data. Closing it stops it
 * and deletes the data directory.
 */
final class RestartablePostgres implements AutoCloseable {
  private final Path base = Path.of("target", "embedded-postgres").toAbsolutePath();
  private final Path data = base.resolve("restartable-" + UUID.randomUUID());
  private final Map<String, String> config;
  private final int port;
  private EmbeddedPostgres server;

  /** Starts a new server with these settings besides the usual test ones ({@code listen_addresses}, say). */
  RestartablePostgres(Map<String, String> config) throws IOException {
    this.config = Map.copyOf(config);
    this.server = start(0);
    this.port = server.getPort();
  }

  int port() {
    return port;
  }

  /** The data directory, whose {@code pg_hba.conf} a test may extend before a restart. */
  Path dataDirectory() {
    return data;
  }

  /** Stops the server (fast shutdown: open sessions are ended), keeping its data. */
  synchronized void stop() throws IOException {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** Starts the server again on the same port and data; a no-op while it runs. */
  synchronized void restart() throws IOException {
    if (server == null) {
      server = start(port);
    }
  }

  /** A plain connection as the superuser, to look at what the stores did. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", null);
  }

  private EmbeddedPostgres start(int onPort) throws IOException {
    Files.createDirectories(base);
    Path log = base.resolve(data.getFileName() + ".log");
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setOverrideWorkingDirectory(base.resolve("binaries").toFile())
        .setDataDirectory(data)
        // Kept across stops: the restart must find the rows written before.
        .setCleanDataDirectory(false)
        .setServerConfig("max_connections", "300")
        .setServerConfig("fsync", "off")
        .setOutputRedirector(Redirect.appendTo(log.toFile()))
        .setErrorRedirector(Redirect.appendTo(log.toFile()))
        .setPGStartupWait(Duration.ofSeconds(30));
    config.forEach(builder::setServerConfig);
    if (onPort != 0) {
      builder.setPort(onPort);
    }
    return builder.start();
  }

  @Override
  public synchronized void close() throws IOException {
    try {
      stop();
    } finally {
      try (Stream<Path> paths = Files.walk(data)) {
        for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(path);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
