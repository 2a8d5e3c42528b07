package io.cachet.store.postgres;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Hosts whose clocks are wrong still read the database's time: the database clock corrects a host clock an hour
 * fast and one an hour slow to within a second of the server's {@code clock_timestamp()}, so that both decide
 * expiry alike.
 */
class DatabaseClockTest {
  @Test
  void hostClocksAnHourApart_readTheDatabasesTime() {
    try (PostgresEntryStore store = PostgresEntryStore.open(TestPostgres.settings(TestPostgres.server().getPort(),
        "database_clock"))) {
      for (Duration skew : new Duration[] {Duration.ofHours(1), Duration.ofHours(-1)}) {
        try (DatabaseClock clock = DatabaseClock.start(store.transactions(),
            Clock.offset(Clock.systemUTC(), skew))) {
          Instant server = serverTime(store);
          Duration error = Duration.between(server, clock.instant()).abs();
          assertTrue(error.compareTo(Duration.ofSeconds(1)) < 0, "off by " + error + " with a host " + skew
              + " off");
          assertTrue(Math.abs(clock.millis() - server.toEpochMilli()) < 1_000, "millis() agrees");
        }
      }
    }
  }

  private static Instant serverTime(PostgresEntryStore store) {
    return store.transactions().read("read the time", null, session -> {
      try (var rs = session.statement("SELECT clock_timestamp()").executeQuery()) {
        rs.next();
        return rs.getTimestamp(1).toInstant();
      }
    });
  }
}
