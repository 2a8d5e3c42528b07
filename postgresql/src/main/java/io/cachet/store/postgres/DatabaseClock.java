package io.cachet.store.postgres;

import io.cachet.store.StorageException;
import java.lang.System.Logger.Level;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The database server's clock, read on this host without a round trip: the host's clock plus the offset last
 * measured against {@code clock_timestamp()}, measured again every {@link #RESYNC}. Every host of a shared store
 * stamps writes and decides expiry by it, so hosts whose clocks disagree still agree on what has expired (to
 * within a round trip). While the database cannot be reached, the last offset stays.
 */
final class DatabaseClock implements InstantSource, AutoCloseable {
  static final Duration RESYNC = Duration.ofSeconds(30);

  private static final System.Logger LOG = System.getLogger("io.cachet.store.postgres");
  private static final String NOW = "SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint";

  private final PostgresTransactions transactions;
  private final InstantSource host;
  private final ScheduledExecutorService resync;
  private volatile long offsetMicros;

  private DatabaseClock(PostgresTransactions transactions, InstantSource host) {
    this.transactions = transactions;
    this.host = host;
    this.resync = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "cachet-database-clock");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Measures the offset once, then keeps it current.
   *
   * @throws StorageException if the first measurement fails
   */
  static DatabaseClock start(PostgresTransactions transactions, InstantSource host) {
    DatabaseClock clock = new DatabaseClock(transactions, host);
    clock.measure();
    long period = RESYNC.toMillis();
    clock.resync.scheduleWithFixedDelay(clock::measureQuietly, period, period, TimeUnit.MILLISECONDS);
    return clock;
  }

  @Override
  public Instant instant() {
    Instant now = host.instant();
    return now.plusNanos(offsetMicros * 1_000);
  }

  @Override
  public long millis() {
    return host.millis() + offsetMicros / 1_000;
  }

  /** {@return the database's clock minus this host's, as last measured} */
  Duration offset() {
    return Duration.ofNanos(offsetMicros * 1_000);
  }

  private void measure() {
    transactions.read("read the database's clock", null, session -> {
      long before = micros(host.instant());
      long server;
      try (ResultSet rs = session.statement(NOW).executeQuery()) {
        rs.next();
        server = rs.getLong(1);
      }
      long after = micros(host.instant());
      // The server read its clock somewhere in the round trip: its middle is the best guess.
      offsetMicros = server - (before + after) / 2;
      return null;
    });
  }

  private void measureQuietly() {
    try {
      measure();
    } catch (RuntimeException e) {
      // Any failure is caught: one escaping would end the schedule, and the offset would never be measured again.
      LOG.log(Level.DEBUG, "Cannot read the database's clock; keeping the last offset: {0}", e.getMessage());
    }
  }

  private static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
  }

  @Override
  public void close() {
    resync.shutdownNow();
  }
}
