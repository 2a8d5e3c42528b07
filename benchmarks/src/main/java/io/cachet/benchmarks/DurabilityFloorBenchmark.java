package io.cachet.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
import org.sqlite.SQLiteConfig;

/**
 * The floor of a durable put, without Cachet: one SQLite commit with {@code synchronous=FULL} in WAL mode
 * (an upsert of a row of about Cachet's size), and for values above Cachet's inline threshold, first an
 * fsync'd blob publish (write a temp file, fsync it, rename it into place, fsync the directory); the blob the
 * row named before is then deleted, as any store that does not overwrite in place must, so that the disk does
 * not fill. Cachet's {@code durability=full} put of the same size is compared with this in RESULTS.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DurabilityFloorBenchmark {
  private static final int INLINE_THRESHOLD = 128 * 1024;
  // Cachet's row besides the value: key hash, signature, hash and type names (hex and text).
  private static final int ROW_OVERHEAD = 350;

  /** Value size in bytes: the 100-byte and 1 MiB workloads. */
  @Param({"100", "1048576"})
  public int size;

  private Path root;
  private Connection db;
  private PreparedStatement upsert;
  private byte[] value;
  private byte[] rowText;
  private int keys;
  private String[] blobOfKey;
  private long sequence;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    root = Providers.newRoot("floor");
    Files.createDirectories(root.resolve("blobs"));
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setGetGeneratedKeys(false);
    db = config.createConnection("jdbc:sqlite:" + root.resolve("floor.db"));
    db.createStatement().executeUpdate(
        "CREATE TABLE entries (k INTEGER PRIMARY KEY, meta BLOB NOT NULL, inline_value BLOB, blob_id TEXT)");
    upsert = db.prepareStatement("INSERT INTO entries (k, meta, inline_value, blob_id) VALUES (?, ?, ?, ?) "
        + "ON CONFLICT (k) DO UPDATE SET meta = excluded.meta, inline_value = excluded.inline_value, "
        + "blob_id = excluded.blob_id");
    value = Providers.value(size, 1);
    rowText = Providers.value(ROW_OVERHEAD, 2);
    keys = size > INLINE_THRESHOLD ? (int) (LargeValueBenchmark.TOTAL / size) : SmallValueBenchmark.KEYS;
    blobOfKey = new String[keys];
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    db.close();
    Providers.delete(root);
  }

  /** One durable write: the blob published and fsync'd if the value is large, then the row committed. */
  @Benchmark
  public void durableWrite() throws Exception {
    int key = ThreadLocalRandom.current().nextInt(keys);
    String blobId = null;
    if (size > INLINE_THRESHOLD) {
      blobId = "blob-" + sequence;
      publish(blobId);
    }
    // A row that changes on every write, as Cachet's does (creation time, signature): SQLite skips writing
    // (and syncing) a row rewritten with identical bytes.
    ByteBuffer.wrap(rowText).putLong(0, sequence++);
    upsert.setInt(1, key);
    upsert.setBytes(2, rowText);
    upsert.setBytes(3, blobId == null ? value : null);
    upsert.setString(4, blobId);
    upsert.executeUpdate();
    String superseded = blobOfKey[key];
    blobOfKey[key] = blobId;
    if (superseded != null) {
      Files.delete(root.resolve("blobs").resolve(superseded));
    }
  }

  private void publish(String blobId) throws IOException {
    Path directory = root.resolve("blobs");
    Path temp = directory.resolve(blobId + ".tmp");
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(value);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    Files.move(temp, directory.resolve(blobId), StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }
}
