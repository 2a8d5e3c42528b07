package io.cachet.examples.multihost;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * The demo's own PostgreSQL and S3-compatible server, on this machine, data under the demo's directory. An
 * application points Cachet at its real ones instead: only the options {@link #cachetOptions()} returns change.
 */
final class DemoServers implements AutoCloseable {
  static final String BUCKET = "cachet-demo";
  private static final String ACCESS_KEY = "demo-access-key";
  private static final String SECRET_KEY = "demo-secret-key";

  private final EmbeddedPostgres postgres;
  private final BlobStoreContext objects;
  private final S3Proxy s3;

  private DemoServers(EmbeddedPostgres postgres, BlobStoreContext objects, S3Proxy s3) {
    this.postgres = postgres;
    this.objects = objects;
    this.s3 = s3;
  }

  /** Starts both servers; their data lives under {@code directory}. */
  static DemoServers start(Path directory) throws Exception {
    Files.createDirectories(directory);
    Path log = directory.resolve("servers.log");
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setOverrideWorkingDirectory(directory.resolve("postgres-binaries").toFile())
        .setDataDirectory(directory.resolve("postgres-data"))
        .setCleanDataDirectory(true)
        .setOutputRedirector(Redirect.appendTo(log.toFile()))
        .setErrorRedirector(Redirect.appendTo(log.toFile()))
        .setPGStartupWait(Duration.ofSeconds(30))
        .start();
    Properties filesystem = new Properties();
    Path bucketFiles = Files.createDirectories(directory.resolve("s3-data"));
    filesystem.setProperty("jclouds.filesystem.basedir", bucketFiles.toAbsolutePath().toString());
    BlobStoreContext objects = ContextBuilder.newBuilder("filesystem").overrides(filesystem)
        .build(BlobStoreContext.class);
    objects.getBlobStore().createContainerInLocation(null, BUCKET);
    S3Proxy s3 = S3Proxy.builder().blobStore(objects.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).ignoreUnknownHeaders(true)
        .build();
    s3.start();
    while (!"STARTED".equals(s3.getState())) {
      Thread.sleep(5);
    }
    return new DemoServers(postgres, objects, s3);
  }

  /** The Cachet options every host of the demo shares: the database, the bucket, and nothing about the root. */
  Properties cachetOptions() {
    Properties options = new Properties();
    options.setProperty("store", "postgresql");
    options.setProperty("postgresql.url", "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres");
    options.setProperty("postgresql.user", "postgres");
    options.setProperty("s3.bucket", BUCKET);
    options.setProperty("s3.endpoint", "http://127.0.0.1:" + s3.getPort());
    options.setProperty("s3.pathStyle", "true");
    options.setProperty("s3.accessKeyId", ACCESS_KEY);
    options.setProperty("s3.secretAccessKey", SECRET_KEY);
    // Values above 64 KiB go to the bucket, smaller ones stay in their PostgreSQL row.
    options.setProperty("inlineThreshold", "65536");
    return options;
  }

  @Override
  public void close() {
    try {
      s3.stop();
    } catch (Exception e) {
      System.err.println("S3Proxy did not stop: " + e);
    }
    objects.close();
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
