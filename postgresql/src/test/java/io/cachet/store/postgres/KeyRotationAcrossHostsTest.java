package io.cachet.store.postgres;

import static io.cachet.store.postgres.RecordingListener.heard;
import static io.cachet.store.postgres.RecordingListener.next;
import static io.cachet.store.postgres.RecordingListener.registration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.IntegrityEvent;
import io.cachet.SealedCache;
import io.cachet.seal.HmacEntrySigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A key rotation of a cache two hosts share, run through the API on one while both write and read: no host misses an
 * entry or reads a wrong one, each hears every change of the other (its messages sealed with either key while the
 * rotation runs), and afterwards every row is signed with the new key only.
 */
class KeyRotationAcrossHostsTest {
  private static final AtomicLong SCHEMAS = new AtomicLong();
  private static final String NEW_KEY = "rotated.bin";
  private static final int ENTRIES = 200;

  @TempDir
  Path temp;

  @ParameterizedTest(name = "replayDetection={0}")
  @ValueSource(strings = {"process", "shared"})
  void rotatingOnOneHost_whileBothWrite_losesNothing_andEveryChangeIsHeardByTheOther(String replayDetection)
      throws Exception {
    String schema = "rotation_" + SCHEMAS.incrementAndGet();
    Properties options = TwoHosts.options(schema);
    options.setProperty("replayDetection", replayDetection);
    try (TwoHosts hosts = new TwoHosts(temp, options, "books", TwoHosts::strings)) {
      for (int i = 0; i < ENTRIES; i++) {
        hosts.a.put("k" + i, "v" + i);
      }
      String oldKeyId = recordedKeyId(schema);
      installNewKey(temp.resolve("host-a"), temp.resolve("host-b"));
      List<IntegrityEvent> refused = new CopyOnWriteArrayList<>();
      hosts.a.unwrap(SealedCache.class).registerIntegrityListener(refused::add);
      hosts.b.unwrap(SealedCache.class).registerIntegrityListener(refused::add);
      String onA = "rotation-a-" + replayDetection;
      String onB = "rotation-b-" + replayDetection;
      hosts.a.registerCacheEntryListener(registration(onA, false));
      hosts.b.registerCacheEntryListener(registration(onB, false));
      Map<String, String> expected = new ConcurrentHashMap<>();
      for (int i = 0; i < ENTRIES; i++) {
        expected.put("k" + i, "v" + i);
      }
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicInteger writtenByA = new AtomicInteger();
      AtomicInteger writtenByB = new AtomicInteger();
      Thread hostA = new Thread(() -> {
        try {
          for (int round = 0; running.get(); round++) {
            hosts.a.put("a" + round, "x" + round);
            writtenByA.incrementAndGet();
            int i = round % ENTRIES;
            hosts.a.put("k" + i, "v" + i + "/" + round);
            expected.put("k" + i, "v" + i + "/" + round);
          }
        } catch (Throwable e) {
          failure.set(e);
        }
      });
      Thread hostB = new Thread(() -> {
        try {
          for (int round = 0; running.get(); round++) {
            hosts.b.put("b" + round, "y" + round);
            writtenByB.incrementAndGet();
            int i = (round * 7) % ENTRIES;
            String read = hosts.b.get("k" + i);
            if (read == null || !read.equals("v" + i) && !read.startsWith("v" + i + "/")) {
              throw new AssertionError("k" + i + " read on B as " + read);
            }
          }
        } catch (Throwable e) {
          failure.set(e);
        }
      });
      hostA.start();
      hostB.start();
      long resigned;
      try {
        Thread.sleep(300);
        resigned = hosts.a.unwrap(SealedCache.class).rotateSigningKey(NEW_KEY);
        Thread.sleep(300);
      } finally {
        running.set(false);
        hostA.join();
        hostB.join();
      }

      assertNull(failure.get(), () -> "a host missed an entry or read a wrong one: " + failure.get() + "; refused "
          + refused);
      assertTrue(resigned > 0, "entries were re-signed: " + resigned);
      hosts.a.put("marker-a", "m");
      hosts.b.put("marker-b", "m");
      assertEquals(writtenByA.get(), createdUntil(onB, "a", "CREATED marker-a m"),
          () -> "B heard each entry A created, before, during and after the rotation; refused " + refused);
      assertEquals(writtenByB.get(), createdUntil(onA, "b", "CREATED marker-b m"), () -> "and A each of B's; refused "
          + refused);
      assertEquals(List.of(), refused, "no message or entry was refused");
      for (Map.Entry<String, String> entry : expected.entrySet()) {
        assertEquals(entry.getValue(), hosts.a.get(entry.getKey()), entry.getKey() + " on A");
        assertEquals(entry.getValue(), hosts.b.get(entry.getKey()), entry.getKey() + " on B");
      }
      String newKeyId = recordedKeyId(schema);
      assertTrue(!newKeyId.equals(oldKeyId), "the record names the new key");
      assertEquals(Set.of(newKeyId), signingKeys(schema), "every row is signed with the new key only");
      heard(onA).clear();
      heard(onB).clear();
    }
  }

  @Test
  void aHostIdleThroughTheWholeRotation_isHeardByTheOthersWhenItNextChangesAnEntry() throws Exception {
    String schema = "rotation_" + SCHEMAS.incrementAndGet();
    try (TwoHosts hosts = new TwoHosts(temp, TwoHosts.options(schema), "books", TwoHosts::strings)) {
      for (int i = 0; i < 20; i++) {
        hosts.a.put("k" + i, "v" + i);
      }
      installNewKey(temp.resolve("host-a"), temp.resolve("host-b"));
      List<IntegrityEvent> refused = new CopyOnWriteArrayList<>();
      hosts.a.unwrap(SealedCache.class).registerIntegrityListener(refused::add);
      String onA = "idle-rotation-a";
      hosts.a.registerCacheEntryListener(registration(onA, false));

      hosts.a.unwrap(SealedCache.class).rotateSigningKey(NEW_KEY);
      // A reads an entry re-signed with the new key, so it holds that key only from now on; B hears nothing of it.
      assertEquals("v5", hosts.a.get("k5"));
      hosts.b.remove("k3");

      assertEquals("REMOVED k3 null", next(onA), "B's first change after the rotation is heard");
      assertEquals(List.of(), refused, "and not refused as forged");
      heard(onA).clear();
    }
  }

  /** The distinct keys with this prefix a listener heard created from the other host, until the marker. */
  private static int createdUntil(String listener, String prefix, String marker) throws InterruptedException {
    Set<String> created = new HashSet<>();
    for (String line = next(listener); !line.equals(marker); line = next(listener)) {
      String[] parts = line.split(" ");
      if (parts[0].equals("CREATED") && parts[1].startsWith(prefix)) {
        created.add(parts[1]);
      }
    }
    return created.size();
  }

  /** A new key, the same file on both hosts, as an operator installs it before rotating. */
  private static void installNewKey(Path rootA, Path rootB) throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    for (Path root : List.of(rootA, rootB)) {
      Path file = Files.createFile(root.resolve(NEW_KEY),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(file, key);
    }
  }

  private static String recordedKeyId(String schema) throws Exception {
    try (Connection connection = TestPostgres.connect(); PreparedStatement select = connection.prepareStatement(
        "SELECT key_id FROM " + schema + ".namespaces WHERE name = ?")) {
      select.setString(1, "books");
      try (ResultSet rows = select.executeQuery()) {
        assertTrue(rows.next(), "the cache is recorded");
        return rows.getString(1);
      }
    }
  }

  private static Set<String> signingKeys(String schema) throws Exception {
    Map<String, Integer> ids = new HashMap<>();
    try (Connection connection = TestPostgres.connect(); PreparedStatement select = connection.prepareStatement(
        "SELECT entry_signature FROM " + schema + ".entries WHERE namespace = ?")) {
      select.setString(1, "books");
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.merge(String.valueOf(HmacEntrySigner.keyIdOf(rows.getString(1))), 1, Integer::sum);
        }
      }
    }
    return ids.keySet();
  }
}
