package io.cachet.benchmarks;

import io.cachet.store.s3.S3BlobSettings;
import io.cachet.store.s3.S3Clients;
import io.cachet.testing.SharedStoreServers;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Cachet on the shared store (store=postgresql, large values in S3) beside its floors on the same servers in the
 * same run: get and put of 100 bytes (in the row) and 1 MiB (in S3), against one primary-key SELECT round trip,
 * one upsert transaction, and one S3 GET or PUT of the same size. The servers are this JVM's embedded PostgreSQL
 * and S3Proxy on loopback; their absolute figures say little, the ratios say what Cachet adds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SharedStoreBenchmark {
  static final int KEYS = 64;

  @Param({"100", "1048576"})
  public int size;

  private Path root;
  private CacheManager manager;
  private Cache<Integer, byte[]> cache;
  private Connection jdbc;
  private PreparedStatement select;
  private PreparedStatement upsert;
  private S3Client s3;
  private String bucket;
  private String prefix;
  private byte[][] values;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    String schema = "bench_" + ProcessHandle.current().pid() + "_" + size;
    Properties options = SharedStoreServers.options(schema, true);
    root = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"))),
        "shared-");
    manager = Caching.getCachingProvider(Providers.className(Providers.CACHET_NORMAL))
        .getCacheManager(root.toUri(), getClass().getClassLoader(), options);
    cache = manager.createCache(Providers.CACHE_NAME,
        new MutableConfiguration<Integer, byte[]>().setTypes(Integer.class, byte[].class));
    values = new byte[8][];
    for (int i = 0; i < values.length; i++) {
      values[i] = Providers.value(size, -i);
    }
    jdbc = DriverManager.getConnection(options.getProperty("postgresql.url"), options.getProperty("postgresql.user"),
        null);
    try (Statement statement = jdbc.createStatement()) {
      statement.execute("CREATE TABLE " + schema + ".floor_rows (k integer PRIMARY KEY, v bytea NOT NULL)");
    }
    select = jdbc.prepareStatement("SELECT v FROM " + schema + ".floor_rows WHERE k = ?");
    upsert = jdbc.prepareStatement("INSERT INTO " + schema + ".floor_rows (k, v) VALUES (?, ?)"
        + " ON CONFLICT (k) DO UPDATE SET v = excluded.v");
    bucket = options.getProperty("s3.bucket");
    prefix = schema + "-floor/";
    // The client Cachet's S3 store builds, on the same settings.
    s3 = S3Clients.create(new S3BlobSettings(bucket, null, URI.create(options.getProperty("s3.endpoint")),
        options.getProperty("s3.region"), true, options.getProperty("s3.accessKeyId"),
        options.getProperty("s3.secretAccessKey")));
    for (int key = 0; key < KEYS; key++) {
      cache.put(key, values[0]);
      floorUpsert(key, values[0]);
      String objectKey = objectKey(key);
      s3.putObject(put -> put.bucket(bucket).key(objectKey), RequestBody.fromBytes(values[0]));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    s3.close();
    jdbc.close();
    manager.close();
    Providers.delete(root);
  }

  @Benchmark
  public byte[] cachetGet() {
    byte[] value = cache.get(ThreadLocalRandom.current().nextInt(KEYS));
    if (value == null) {
      throw new IllegalStateException("miss");
    }
    return value;
  }

  @Benchmark
  public void cachetPut() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    cache.put(random.nextInt(KEYS), values[random.nextInt(values.length)]);
  }

  /** One primary-key SELECT round trip, the value's bytes returned. */
  @Benchmark
  public byte[] floorSelect() throws SQLException {
    select.setInt(1, ThreadLocalRandom.current().nextInt(KEYS));
    try (ResultSet rs = select.executeQuery()) {
      rs.next();
      return rs.getBytes(1);
    }
  }

  /** One upsert transaction (autocommit: the statement is the transaction). */
  @Benchmark
  public void floorUpsert() throws SQLException {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    floorUpsert(random.nextInt(KEYS), values[random.nextInt(values.length)]);
  }

  /** One S3 GET of an object of the same size. */
  @Benchmark
  public byte[] floorS3Get() {
    return s3.getObjectAsBytes(get -> get.bucket(bucket).key(objectKey(ThreadLocalRandom.current().nextInt(KEYS))))
        .asByteArray();
  }

  /** One S3 PUT of an object of the same size. */
  @Benchmark
  public void floorS3Put() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    s3.putObject(put -> put.bucket(bucket).key(objectKey(random.nextInt(KEYS))),
        RequestBody.fromBytes(values[random.nextInt(values.length)]));
  }

  private void floorUpsert(int key, byte[] value) throws SQLException {
    upsert.setInt(1, key);
    upsert.setBytes(2, value);
    upsert.executeUpdate();
  }

  private String objectKey(int key) {
    return prefix + key;
  }
}
