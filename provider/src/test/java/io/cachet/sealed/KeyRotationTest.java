package io.cachet.sealed;

import static io.cachet.sealed.Options.options;
import static io.cachet.sealed.StoreFixture.bigString;
import static io.cachet.sealed.StoreFixture.execute;
import static io.cachet.sealed.StoreFixture.open;
import static io.cachet.sealed.StoreFixture.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.CachetOptions;
import io.cachet.ReplayDetection;
import io.cachet.seal.HmacEntrySigner;
import io.cachet.sealed.TestValues.Events;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lossless key rotation ({@link KeyRotation}) on real roots: one store rotates while another, attached as an
 * application with the old key file configured, keeps reading and writing.
 */
class KeyRotationTest {
  private static final String NS = "books";
  private static final String NEW_KEY = "rotated.bin";
  private static final int ENTRIES = 300;

  @TempDir Path root;

  private static String value(int i, int round) {
    return (i % 3 == 0 ? bigString(3000) : "value ") + i + "/" + round;
  }

  /** The key ids every row's signature names, by count. */
  private Map<String, Integer> signingKeys() throws Exception {
    Map<String, Integer> ids = new ConcurrentHashMap<>();
    try (Connection connection = StoreFixture.jdbc(root); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT entry_signature FROM entries WHERE namespace = '" + NS + "'")) {
      while (rows.next()) {
        ids.merge(String.valueOf(HmacEntrySigner.keyIdOf(rows.getString(1))), 1, Integer::sum);
      }
    }
    return ids;
  }

  @ParameterizedTest(name = "encryptAtRest={0}, replayDetection={1}")
  @CsvSource({"false, PROCESS", "true, PROCESS", "false, SHARED", "true, SHARED"})
  void rotate_reSignsEveryEntryUnderTheNewKey_whileAnApplicationWithTheOldKeyReadsAndWrites(boolean encrypted,
      ReplayDetection replayDetection) throws Exception {
    Options configured = options().with(CachetOptions.ENCRYPT_AT_REST, encrypted)
        .with(CachetOptions.REPLAY_DETECTION, replayDetection);
    Map<Integer, String> expected = new ConcurrentHashMap<>();
    Events events = new Events();
    try (SealedStore application = open(root); SealedStore tool = open(root)) {
      SealedNamespace books = application.attach(NS, configured.observer(events).build());
      for (int i = 0; i < ENTRIES; i++) {
        books.write(books.key(i), value(i, 0), 1000, SealedEntry.ETERNAL);
        expected.put(i, value(i, 0));
      }
      String oldKeyId = signingKeys().keySet().iterator().next();
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread load = new Thread(() -> {
        try {
          for (int round = 1; running.get(); round++) {
            int i = round % ENTRIES;
            books.write(books.key(i), value(i, round), 1000, SealedEntry.ETERNAL);
            expected.put(i, value(i, round));
            int j = (round * 7) % ENTRIES;
            SealedEntry read = books.read(books.key(j));
            if (read == null || !expected.get(j).equals(read.value())) {
              throw new AssertionError("entry " + j + " read as " + (read == null ? null : read.value()));
            }
          }
        } catch (Throwable e) {
          failure.set(e);
        }
      });
      load.start();
      KeyRotationResult result;
      try {
        result = tool.rotateKey(NS, NEW_KEY, 50, true, RotationProgress.NONE);
      } finally {
        running.set(false);
        load.join();
      }

      assertNull(failure.get(), () -> "the application read a wrong value or a miss: " + failure.get());
      assertTrue(result.rotated());
      assertEquals(NamespaceOptions.DEFAULT_SIGNING_KEY_FILE, result.fromKeyFile());
      assertEquals(0, result.refused());
      String newKeyId = result.toKeyId();
      assertNotEquals(oldKeyId, newKeyId);
      assertEquals(Map.of(newKeyId, ENTRIES), signingKeys(), "every row is signed with the new key only");
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(NEW_KEY))));
      for (int i = 0; i < ENTRIES; i++) {
        assertEquals(expected.get(i), books.read(books.key(i)).value(), "entry " + i);
      }
      assertEquals(List.of(), events.seen, "nothing was refused");
    }
    for (String keyFile : List.of(NamespaceOptions.DEFAULT_SIGNING_KEY_FILE, NEW_KEY)) {
      try (SealedStore reopened = open(root)) {
        SealedNamespace books = reopened.attach(NS, configured.with(CachetOptions.SIGNING_KEY_FILE, keyFile).build());
        for (int i = 0; i < ENTRIES; i++) {
          assertEquals(expected.get(i), books.read(books.key(i)).value(), "entry " + i + ", configured " + keyFile);
        }
      }
    }
    Files.delete(root.resolve(NamespaceOptions.DEFAULT_SIGNING_KEY_FILE));
    try (SealedStore reopened = open(root)) {
      SealedNamespace books = reopened.attach(NS, configured.with(CachetOptions.SIGNING_KEY_FILE, NEW_KEY).build());
      assertEquals(expected.get(7), books.read(books.key(7)).value(), "the retired key file is not needed");
      assertTrue(reopened.audit(NS, AuditProgress.NONE).clean());
    }
  }

  @Test
  void rotate_byTheApplicationItself_keepsItsSharedLedger_andAnIdleApplicationFollowsTheLedgerToTheNewKey()
      throws Exception {
    Options ledgered = options().with(CachetOptions.REPLAY_DETECTION, ReplayDetection.SHARED);
    Events events = new Events();
    Events idleEvents = new Events();
    try (SealedStore application = open(root); SealedStore idle = open(root)) {
      SealedNamespace books = application.attach(NS, ledgered.observer(events).build());
      for (int i = 0; i < 40; i++) {
        books.write(books.key(i), value(i, 0), 1000, SealedEntry.ETERNAL);
      }
      SealedNamespace idleBooks = idle.attach(NS, ledgered.observer(idleEvents).build());

      assertTrue(application.rotateKey(NS, NEW_KEY, 10, true, RotationProgress.NONE).rotated());

      assertTrue(idleBooks.delete(idleBooks.key(0)), "a process that saw none of the rotation deletes");
      books.write(books.key(1), value(1, 1), 1000, SealedEntry.ETERNAL);
      assertNull(books.read(books.key(0)));
      assertEquals(value(1, 1), idleBooks.read(idleBooks.key(1)).value());
      for (int i = 2; i < 40; i++) {
        assertEquals(value(i, 0), books.read(books.key(i)).value(), "entry " + i);
        assertEquals(value(i, 0), idleBooks.read(idleBooks.key(i)).value(), "entry " + i + ", idle process");
      }
      assertEquals(List.of(), events.seen, "nothing was refused");
      assertEquals(List.of(), idleEvents.seen, "nothing was refused by the idle process");
    }
    try (SealedStore reopened = open(root)) {
      SealedNamespace books = reopened.attach(NS, ledgered.with(CachetOptions.SIGNING_KEY_FILE, NEW_KEY).build());
      assertEquals(value(5, 0), books.read(books.key(5)).value(), "the ledger verifies under the new key");
      assertTrue(reopened.audit(NS, AuditProgress.NONE).clean());
    }
  }

  @Test
  void afterTwoRotations_aRunningApplicationAndOneStartedWithTheFirstKeyFile_bothFollowToTheThirdKey()
      throws Exception {
    Events events = new Events();
    try (SealedStore application = open(root); SealedStore tool = open(root)) {
      SealedNamespace books = application.attach(NS, options().observer(events).build());
      for (int i = 0; i < 40; i++) {
        books.write(books.key(i), value(i, 0), 1000, SealedEntry.ETERNAL);
      }
      tool.rotateKey(NS, "second.bin", 10, true, RotationProgress.NONE);
      books.write(books.key(0), value(0, 1), 1000, SealedEntry.ETERNAL);
      KeyRotationResult third = tool.rotateKey(NS, "third.bin", 10, true, RotationProgress.NONE);

      assertEquals(Map.of(third.toKeyId(), 40), signingKeys());
      assertEquals(value(0, 1), books.read(books.key(0)).value());
      for (int i = 1; i < 40; i++) {
        assertEquals(value(i, 0), books.read(books.key(i)).value(), "entry " + i + ", running application");
      }
      assertEquals(List.of(), events.seen, "the running application refused nothing");
    }
    Files.delete(root.resolve("second.bin"));
    try (SealedStore restarted = open(root)) {
      SealedNamespace books = restarted.attach(NS, options().build());
      assertEquals(value(7, 0), books.read(books.key(7)).value(), "configured with the first key file, the second "
          + "one deleted: the third record was handed over by the first key too");
      assertTrue(restarted.audit(NS, AuditProgress.NONE).clean());
    }
  }

  @Test
  void aRunningApplication_followsTheSecondRotation_fromTheKeyItFollowedTheFirstTo() throws Exception {
    Events events = new Events();
    try (SealedStore application = open(root)) {
      SealedNamespace books = application.attach(NS, options().observer(events).build());
      for (int i = 0; i < 40; i++) {
        books.write(books.key(i), value(i, 0), 1000, SealedEntry.ETERNAL);
      }
      try (SealedStore tool = open(root)) {
        tool.rotateKey(NS, "second.bin", 10, true, RotationProgress.NONE);
      }
      books.write(books.key(0), value(0, 1), 1000, SealedEntry.ETERNAL);
      // The application's own key file is deleted: no later record is handed over by it.
      Files.delete(root.resolve(NamespaceOptions.DEFAULT_SIGNING_KEY_FILE));
      try (SealedStore tool = open(root)) {
        tool.rotateKey(NS, "third.bin", 10, true, RotationProgress.NONE);
      }

      for (int i = 1; i < 40; i++) {
        assertEquals(value(i, 0), books.read(books.key(i)).value(), "entry " + i);
      }
      assertEquals(List.of(), events.seen, "nothing was refused");
    }
  }

  @Test
  void rotate_stoppedAfterItBegan_isResumedToCompletion_andEveryEntryReadsMeanwhile() throws Exception {
    try (SealedStore store = open(root)) {
      SealedNamespace books = store.attach(NS, options().build());
      for (int i = 0; i < 40; i++) {
        books.write(books.key(i), value(i, 0), 1000, SealedEntry.ETERNAL);
      }
      RuntimeException stopped = assertThrows(IllegalStateException.class, () -> store.rotateKey(NS, NEW_KEY, 10,
          true, (cache, done, total) -> {
            if (done >= 10) {
              throw new IllegalStateException("stopped");
            }
          }));
      assertEquals("stopped", stopped.getMessage());
      assertTrue(rotating(), "the record lists the old key until every row is re-signed");
      assertEquals(List.of(new KeyFileUse(NamespaceOptions.DEFAULT_SIGNING_KEY_FILE, oldKeyId(), List.of(),
          List.of(NS)), new KeyFileUse(NEW_KEY, newKeyId(), List.of(NS), List.of())),
          store.audit(null, AuditProgress.NONE).keyFiles(), "the old key file is still needed");
      assertEquals(2, signingKeys().size(), "some rows under each key");
      for (int i = 0; i < 40; i++) {
        assertEquals(value(i, 0), books.read(books.key(i)).value());
      }
      assertThrows(IllegalArgumentException.class,
          () -> store.rotateKey(NS, "third.bin", 10, true, RotationProgress.NONE),
          "another rotation waits until this one is finished");
      assertFalse(Files.exists(root.resolve("third.bin")), "a refused rotation creates no key file");

      KeyRotationResult resumed = store.rotateKey(NS, NEW_KEY, 10, true, RotationProgress.NONE);

      assertTrue(resumed.rotated());
      assertEquals(Map.of(resumed.toKeyId(), 40), signingKeys());
      assertFalse(rotating());
      assertFalse(store.rotateKey(NS, NEW_KEY, 10, true, RotationProgress.NONE).rotated(), "nothing left to do");
      KeyFileUse retired = store.audit(null, AuditProgress.NONE).keyFiles().get(0);
      assertEquals(NamespaceOptions.DEFAULT_SIGNING_KEY_FILE, retired.keyFile());
      assertTrue(retired.unused(), "verify tells the retired key file may be deleted");
    }
  }

  @Test
  void afterARotation_anApplicationWithTheNewKey_canStartASharedLedger_whileOneWithTheOldKeyCannot()
      throws Exception {
    try (SealedStore store = open(root)) {
      SealedNamespace books = store.attach(NS, options().build());
      books.write(books.key("k"), "v", 1000, SealedEntry.ETERNAL);
      store.rotateKey(NS, NEW_KEY, 10, true, RotationProgress.NONE);
    }
    try (SealedStore store = open(root)) {
      Options ledgered = options().with(CachetOptions.REPLAY_DETECTION, ReplayDetection.SHARED);
      assertThrows(SealedStoreException.class, () -> store.attach(NS, ledgered.build()),
          "the old key would have to re-sign the record it handed over");
      SealedNamespace books = store.attach(NS, ledgered.with(CachetOptions.SIGNING_KEY_FILE, NEW_KEY).build());
      assertEquals("v", books.read(books.key("k")).value());
    }
  }

  @Test
  void rotate_deletesAnEntryThatFailsItsChecks_insteadOfReSigningIt() throws Exception {
    Events events = new Events();
    try (SealedStore store = open(root)) {
      SealedNamespace books = store.attach(NS, options().observer(events).build());
      books.write(books.key("good"), "good", 1000, SealedEntry.ETERNAL);
      books.write(books.key("bad"), "bad", 1000, SealedEntry.ETERNAL);
      execute(root, "UPDATE entries SET expires_at = 4102444800000 WHERE namespace = ? AND cache_key = ?", NS,
          books.key("bad").hash());

      KeyRotationResult result = store.rotateKey(NS, NEW_KEY, 10, true, RotationProgress.NONE);

      assertEquals(1, result.resigned());
      assertEquals(1, result.refused());
      assertNull(query(root, "SELECT cache_key FROM entries WHERE namespace = ? AND cache_key = ?", NS,
          books.key("bad").hash()), "the tampered row is deleted, never laundered with the new key");
      assertEquals("good", books.read(books.key("good")).value());
      assertNull(books.read(books.key("bad")));
      assertEquals(List.of(), new ArrayList<>(events.seen), "nothing left to refuse");
    }
  }

  @Test
  void rotate_withAPolicyThatDeletesNothing_keepsAnEntryThatFailsItsChecks_andStillRetiresTheOldKey()
      throws Exception {
    Events events = new Events();
    try (SealedStore store = open(root)) {
      SealedNamespace books = store.attach(NS, options().with(CachetOptions.STORAGE_MODE, true).observer(events)
          .build());
      books.write(books.key("good"), "good", 1000, SealedEntry.ETERNAL);
      books.write(books.key("bad"), "bad", 1000, SealedEntry.ETERNAL);
      String oldKeyId = signingKeys().keySet().iterator().next();
      execute(root, "UPDATE entries SET expires_at = 4102444800000 WHERE namespace = ? AND cache_key = ?", NS,
          books.key("bad").hash());

      KeyRotationResult result = store.rotateKey(NS, NEW_KEY, 10, false, RotationProgress.NONE);

      assertEquals(1, result.resigned());
      assertEquals(0, result.refused());
      assertEquals(1, result.kept());
      assertFalse(rotating(), "the old key is retired all the same");
      assertEquals(Map.of(oldKeyId, 1, result.toKeyId(), 1), signingKeys(), "the refused row is left as it was");
      assertEquals("good", books.read(books.key("good")).value());
      assertNull(books.read(books.key("bad")), "and stays a miss");
      assertFalse(store.audit(NS, AuditProgress.NONE).clean(), "verify reports it");
    }
  }

  @Test
  void rotate_isRefused_forAnUnsignedCache_andDoesNothingForTheSameKey() {
    try (SealedStore store = open(root)) {
      store.attach("unsigned", options().with(CachetOptions.ENABLE_ENTRY_SIGNING, false).build());
      store.attach(NS, options().build());
      assertTrue(assertThrows(IllegalArgumentException.class, () -> store.rotateKey("unsigned", NEW_KEY, 10, true,
          RotationProgress.NONE)).getMessage().contains("not signed"));
      assertFalse(store.rotateKey(NS, NamespaceOptions.DEFAULT_SIGNING_KEY_FILE, 10, true, RotationProgress.NONE)
          .rotated());
      assertThrows(IllegalArgumentException.class, () -> store.rotateKey("missing", NEW_KEY, 10, true,
          RotationProgress.NONE));
    }
  }

  private String oldKeyId() throws Exception {
    return String.valueOf(query(root, "SELECT previous_keys FROM namespaces WHERE name = ?", NS)).substring(0, 16);
  }

  private String newKeyId() throws Exception {
    return String.valueOf(query(root, "SELECT key_id FROM namespaces WHERE name = ?", NS));
  }

  /** Whether the record lists previous keys: a rotation under way. */
  private boolean rotating() throws Exception {
    return query(root, "SELECT previous_keys FROM namespaces WHERE name = ?", NS) != null;
  }
}
