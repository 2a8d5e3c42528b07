package io.cachet.store.postgres;

import io.cachet.store.BackendSettings;
import io.cachet.store.BackendStores;
import io.cachet.store.BlobStore;
import io.cachet.store.StorageException;
import io.cachet.store.StoreBackend;
import io.cachet.store.s3.S3BlobSettings;
import io.cachet.store.s3.S3BlobStore;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * The {@code store=postgresql} backend: rows, namespace records and key locks in PostgreSQL, and payloads above
 * the inline threshold in an S3 bucket ({@code s3.bucket}, its objects journaled in PostgreSQL) or else in
 * PostgreSQL too, and on every open host a {@link BlobCollector} deleting the blobs no row names once they are
 * older than {@code s3.orphanGraceSeconds} by the database's clock. Found by the provider
 * through {@code META-INF/services/io.cachet.store.StoreBackend}; public only for that.
 */
public final class PostgresBackend implements StoreBackend {
  private static final String OPEN = "open the PostgreSQL store";
  // The region S3-compatible servers are asked with when none is configured: most accept any, some only this.
  private static final String COMPATIBLE_REGION = "us-east-1";
  // The s3.orphanGraceSeconds option's default, which also applies to the blobs table (no bucket, no s3.* options).
  private static final Duration DEFAULT_ORPHAN_GRACE = Duration.ofHours(1);

  /** The service entry's instance. */
  public PostgresBackend() {}

  @Override
  public String name() {
    return "postgresql";
  }

  /**
   * Opens the stores. Read-only ({@link BackendSettings#readOnly()}), the server refuses every write on their
   * connections, the schema must exist at the current version, the S3 client sends only reads and listings, and
   * neither the change feed nor the blob collector is started.
   */
  @Override
  public BackendStores open(BackendSettings settings) {
    PostgresSettings postgres = postgresSettings(settings);
    boolean readOnly = settings.readOnly();
    PostgresEntryStore entries = readOnly ? PostgresEntryStore.openReadOnly(postgres)
        : PostgresEntryStore.open(postgres);
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      PostgresEntryLocks locks = PostgresEntryLocks.openBeside(postgres, readOnly);
      opened.add(locks);
      InstantSource clock = settings.hostClock();
      if (settings.followDatabaseClock()) {
        DatabaseClock databaseClock = DatabaseClock.start(entries.transactions(), settings.hostClock());
        opened.add(databaseClock);
        clock = databaseClock;
      }
      Duration grace = orphanGrace(settings);
      BlobStore blobs;
      IntSupplier collection;
      if (settings.option("s3.bucket", String.class) != null) {
        PostgresBlobJournal journal = new PostgresBlobJournal(entries.transactions(), grace);
        S3BlobStore s3 = readOnly ? S3BlobStore.openReadOnly(s3Settings(settings), journal)
            : S3BlobStore.open(s3Settings(settings), journal);
        opened.add(s3);
        blobs = s3;
        collection = s3::collectOrphans;
      } else {
        PostgresBlobStore table = new PostgresBlobStore(entries.transactions(), grace);
        blobs = table;
        collection = table::collectOrphans;
      }
      if (readOnly) {
        return new PostgresStores(entries, blobs, locks, clock, null, List.copyOf(opened));
      }
      PostgresChangeFeed changes = PostgresChangeFeed.open(postgres, entries.transactions());
      opened.add(changes);
      // Opened last, so closed first: no collection runs on a closed blob store or pool.
      opened.add(BlobCollector.start(collection, grace));
      return new PostgresStores(entries, blobs, locks, clock, changes, List.copyOf(opened));
    } catch (RuntimeException e) {
      for (AutoCloseable resource : opened) {
        PostgresStores.closeQuietly(resource, e);
      }
      entries.close();
      throw e;
    }
  }

  private static Duration orphanGrace(BackendSettings settings) {
    Long seconds = settings.option("s3.orphanGraceSeconds", Long.class);
    return seconds == null ? DEFAULT_ORPHAN_GRACE : Duration.ofSeconds(seconds);
  }

  private static PostgresSettings postgresSettings(BackendSettings settings) {
    String password = settings.option("postgresql.password", String.class);
    Path passwordFile = settings.option("postgresql.passwordFile", Path.class);
    if (passwordFile != null) {
      password = readPassword(passwordFile);
    }
    Integer poolSize = settings.option("postgresql.poolSize", Integer.class);
    String schema = settings.option("postgresql.schema", String.class);
    return new PostgresSettings(settings.option("postgresql.url", String.class),
        settings.option("postgresql.user", String.class), password,
        schema == null ? PostgresSettings.DEFAULT_SCHEMA : schema,
        poolSize == null ? PostgresSettings.DEFAULT_POOL_SIZE : poolSize, PostgresSettings.DEFAULT_CONNECTION_TIMEOUT);
  }

  /** The password file's first line; the file is never shown, only named. */
  private static String readPassword(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.isEmpty() || lines.get(0).isEmpty()) {
        throw StorageException.of(StorageException.Kind.IO, OPEN).file(file)
            .because("the password file " + file + " is empty; it must hold the password on its first line");
      }
      return lines.get(0);
    } catch (IOException e) {
      throw StorageException.of(StorageException.Kind.IO, OPEN).file(file)
          .because("cannot read the password file " + file + ": " + e.getClass().getSimpleName(), e);
    }
  }

  private static S3BlobSettings s3Settings(BackendSettings settings) {
    URI endpoint = settings.option("s3.endpoint", URI.class);
    String region = settings.option("s3.region", String.class);
    if (region == null) {
      region = endpoint != null ? COMPATIBLE_REGION : new DefaultAwsRegionProviderChain().getRegion().id();
    }
    Boolean pathStyle = settings.option("s3.pathStyle", Boolean.class);
    return new S3BlobSettings(settings.option("s3.bucket", String.class), settings.option("s3.prefix", String.class),
        endpoint, region, pathStyle != null && pathStyle, settings.option("s3.accessKeyId", String.class),
        settings.option("s3.secretAccessKey", String.class));
  }
}
