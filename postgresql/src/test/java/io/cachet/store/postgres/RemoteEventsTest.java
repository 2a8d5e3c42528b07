package io.cachet.store.postgres;

import static io.cachet.store.postgres.RecordingListener.heard;
import static io.cachet.store.postgres.RecordingListener.next;
import static io.cachet.store.postgres.RecordingListener.registration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.IntegrityEvent;
import io.cachet.SealedCache;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** Listeners on one host hear the changes of another through NOTIFY: verified, once, and only while registered. */
class RemoteEventsTest {
  private static final AtomicLong SCHEMAS = new AtomicLong();

  @TempDir
  Path temp;

  @Test
  void aListenerOnOneHost_hearsEachChangeOfAnotherOnce_neverItsOwnTwice_andNothingAfterDeregistration()
      throws Exception {
    try (TwoHosts hosts = new TwoHosts(temp, TwoHosts.options(schema()), "books", TwoHosts::strings)) {
      MutableCacheEntryListenerConfiguration<String, String> onB = registration("b1", false);
      hosts.b.registerCacheEntryListener(onB);
      hosts.a.registerCacheEntryListener(registration("a1", false));
      // One change at a time: an entry changed again before B reads it is told by the later change's event only.
      hosts.a.put("k", "v1");
      assertEquals("CREATED k v1", next("b1"));
      hosts.a.put("k", "v2");
      assertEquals("UPDATED k v2", next("b1"));
      hosts.a.remove("k");
      assertEquals("REMOVED k null", next("b1"), "a remote removal carries no value");

      hosts.b.put("own", "x");
      assertEquals("CREATED own x", next("b1"));
      assertEquals(List.of("CREATED k v1", "UPDATED k v2", "REMOVED k v2"), drain("a1", 3), "A's own, once each");
      // A heard B's change, so B's message went out; B hears A's marker after it (one queue, commit order).
      assertEquals("CREATED own x", next("a1"));
      hosts.a.put("marker", "m");
      assertEquals("CREATED marker m", next("b1"), "B's own change is not heard again from the feed");

      hosts.b.deregisterCacheEntryListener(onB);
      hosts.b.registerCacheEntryListener(registration("b2", false));
      hosts.a.put("after", "z");
      assertEquals("CREATED after z", next("b2"));
      assertTrue(heard("b1").isEmpty(), "a deregistered listener hears nothing: " + heard("b1"));
    }
  }

  @Test
  void forgedAndReplayedNotifications_deliverNothing_andAreReportedAsIntegrityRefusals() throws Exception {
    String schema = schema();
    try (TwoHosts hosts = new TwoHosts(temp, TwoHosts.options(schema), "books", TwoHosts::strings);
        Connection spy = TestPostgres.connect()) {
      List<IntegrityEvent> refused = new CopyOnWriteArrayList<>();
      hosts.b.unwrap(SealedCache.class).registerIntegrityListener(refused::add);
      hosts.b.registerCacheEntryListener(registration("f1", false));
      String channel = ChangeChannel.of(schema);
      try (Statement listen = spy.createStatement()) {
        listen.execute("LISTEN " + channel);
      }
      hosts.a.put("k", "v1");
      assertEquals("CREATED k v1", next("f1"));
      String genuine = nextNotification(spy);
      String[] fields = genuine.split(" ");
      fields[6] = "a".repeat(64);
      try (PreparedStatement notify = spy.prepareStatement("SELECT pg_notify(?, ?)")) {
        for (String payload : List.of(String.join(" ", fields), genuine, "not a change message")) {
          notify.setString(1, channel);
          notify.setString(2, payload);
          notify.execute();
        }
      }
      hosts.a.put("marker", "m");
      assertEquals("CREATED marker m", next("f1"), "nothing delivered for the forged and replayed messages");
      assertEquals(2, refused.size(), refused.toString());
      for (IntegrityEvent event : refused) {
        assertEquals(IntegrityEvent.Reason.FORGED_CHANGE, event.reason());
      }
      assertEquals("a".repeat(64), refused.get(0).keyHash());
    }
  }

  @Test
  void anExpiredEntry_isReportedOnceOnEachHost_whenBothSweepAndRead() throws Exception {
    Properties options = TwoHosts.options(schema());
    options.setProperty("expirySweepMillis", "50");
    try (TwoHosts hosts = new TwoHosts(temp, options, "expiring", () -> TwoHosts.strings()
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 2))))) {
      hosts.a.registerCacheEntryListener(registration("ea", false));
      hosts.b.registerCacheEntryListener(registration("eb", false));
      int keys = 20;
      Map<String, String> values = new HashMap<>();
      for (int i = 0; i < keys; i++) {
        values.put("k" + i, "v" + i);
      }
      hosts.a.putAll(values);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      // B's reads race both sweepers for the expired rows.
      while (values.keySet().stream().anyMatch(key -> hosts.b.get(key) != null) && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Map<String, Integer> expiredOnA = expiredUntil("ea", keys);
      Map<String, Integer> expiredOnB = expiredUntil("eb", keys);
      hosts.a.put("marker-a", "m");
      hosts.b.put("marker-b", "m");
      awaitLine("ea", "CREATED marker-b m", expiredOnA);
      awaitLine("eb", "CREATED marker-a m", expiredOnB);
      for (Map<String, Integer> expired : List.of(expiredOnA, expiredOnB)) {
        assertEquals(keys, expired.size(), expired.toString());
        assertTrue(expired.values().stream().allMatch(count -> count == 1), "each key expired once: " + expired);
      }
    }
  }

  @Test
  void aHostWhoseNotificationConnectionIsKilled_reconnects_andHearsLaterChanges() throws Exception {
    String schema = schema();
    try (TwoHosts hosts = new TwoHosts(temp, TwoHosts.options(schema), "books", TwoHosts::strings);
        Connection admin = TestPostgres.connect()) {
      hosts.b.registerCacheEntryListener(registration("r1", false));
      hosts.a.put("before", "v");
      assertEquals("CREATED before v", next("r1"));
      try (PreparedStatement kill = admin.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
          + " WHERE query = ?")) {
        kill.setString(1, "LISTEN \"" + ChangeChannel.of(schema) + "\"");
        try (ResultSet killed = kill.executeQuery()) {
          assertTrue(killed.next(), "the hosts' listening connections were found");
        }
      }
      // Changes made while B reconnects are lost: A writes until B hears one.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      String heard = null;
      for (int i = 0; heard == null && System.nanoTime() < deadline; i++) {
        hosts.a.put("after", "v" + i);
        heard = heard("r1").poll(200, TimeUnit.MILLISECONDS);
      }
      assertNotNull(heard, "B heard A again after reconnecting");
      assertTrue(heard.startsWith("CREATED after v") || heard.startsWith("UPDATED after v"), heard);
    }
  }

  /** Counts the EXPIRED events of the keys k* a listener heard, until each of them was heard. */
  private static Map<String, Integer> expiredUntil(String name, int keys) throws InterruptedException {
    Map<String, Integer> expired = new HashMap<>();
    while (expired.size() < keys) {
      count(next(name), expired);
    }
    return expired;
  }

  private static void awaitLine(String name, String line, Map<String, Integer> expired) throws InterruptedException {
    for (String heard = next(name); !heard.equals(line); heard = next(name)) {
      count(heard, expired);
    }
  }

  private static void count(String line, Map<String, Integer> expired) {
    String[] parts = line.split(" ");
    if (parts[0].equals("EXPIRED") && parts[1].startsWith("k")) {
      expired.merge(parts[1], 1, Integer::sum);
    }
  }

  private static List<String> drain(String name, int count) throws InterruptedException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      lines.add(next(name));
    }
    return lines;
  }

  private static String nextNotification(Connection connection) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(250);
      if (notifications != null && notifications.length > 0) {
        return notifications[0].getParameter();
      }
    }
    throw new AssertionError("no notification within 20 s");
  }

  private static String schema() {
    String schema = "events_" + SCHEMAS.incrementAndGet();
    assertNotNull(schema);
    return schema;
  }
}
