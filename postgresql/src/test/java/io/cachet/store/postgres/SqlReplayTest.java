package io.cachet.store.postgres;

import static io.cachet.store.postgres.SharedStoreAttacker.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cachet.IntegrityEvent;
import io.cachet.IntegrityEvent.Reason;
import io.cachet.ReplayDetection;
import io.cachet.store.postgres.SharedStoreAttacker.Backend;
import io.cachet.store.postgres.SharedStoreAttacker.SavedEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replay on the shared store: a genuine older row of a key (and its payload, in S3 or the {@code blobs} table)
 * copied aside by a database user and a bucket writer and put back after the key was written again or removed
 * is a {@code replayed} miss, with {@code replayDetection=shared} on every host (one that never read the key
 * too), and by default on the host that wrote the newer value; editing the ledger, its journal or the namespace
 * record does not let it through. Where the ledger itself no longer verifies, or a host opens after the put-back,
 * the cache fails closed: every row written before is refused as replayed.
 */
class SqlReplayTest {
  @RegisterExtension static final Attackers ATTACKERS = new Attackers();


  /** An inline value, or one stored outside the row. */
  enum Size {
    INLINE(200), LARGE(20_000);

    final int length;

    Size(int length) {
      this.length = length;
    }
  }

  static Stream<Arguments> backendsAndSizes() {
    return Attackers.everyBackendWith(List.of(Size.values()));
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("backendsAndSizes")
  void anOlderRowPutBack_isAReplayedMiss_onAnotherHostThatNeverReadTheKey_andDeleted(Backend backend, Size size)
      throws Exception {
    SharedStoreAttacker attacker = ATTACKERS.of(backend);
    Cache<String, String> writer = attacker.newCache(ReplayDetection.SHARED);
    try (CacheManager otherHost = attacker.otherHost(ATTACKERS.root("reader-" + writer.getName()))) {
      Cache<String, String> reader = attacker.newCache(otherHost, writer.getName(), ReplayDetection.SHARED);
      writer.put("token", value("v1", size.length));
      String key = attacker.lastWritten(writer.getName());
      SavedEntry v1 = attacker.save(writer.getName(), key);
      writer.put("token", value("v2", size.length));
      writer.put("neighbour", value("n", size.length));

      attacker.putBack(v1);

      assertNull(reader.get("token"));
      assertEquals(List.of(new IntegrityEvent(writer.getName(), key, Reason.REPLAYED, true)),
          events(attacker, writer));
      assertFalse(attacker.rowExists(writer.getName(), key));
      assertNull(writer.get("token"));
      assertEquals(value("n", size.length), reader.get("neighbour"));
      assertEquals(value("n", size.length), writer.get("neighbour"));
    }
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("backendsAndSizes")
  void aRemovedKeysLastRowPutBack_isAReplayedMiss_forGetGetAllAndIteration(Backend backend, Size size)
      throws Exception {
    SharedStoreAttacker attacker = ATTACKERS.of(backend);
    Cache<String, String> cache = attacker.newCache(ReplayDetection.SHARED);
    cache.put("revoked", value("permission", size.length));
    String key = attacker.lastWritten(cache.getName());
    SavedEntry last = attacker.save(cache.getName(), key);
    cache.put("kept", "k");
    cache.remove("revoked");

    attacker.putBack(last);

    List<String> keys = new ArrayList<>();
    cache.forEach(entry -> keys.add(entry.getKey()));
    assertEquals(List.of("kept"), keys);
    assertEquals(Map.of("kept", "k"), cache.getAll(java.util.Set.of("revoked", "kept")));
    assertNull(cache.get("revoked"));
    assertEquals(List.of(new IntegrityEvent(cache.getName(), key, Reason.REPLAYED, true)), events(attacker, cache));
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("backendsAndSizes")
  void byDefault_anOlderRowPutBack_isAReplayedMiss_forTheHostThatWroteTheNewerValue(Backend backend, Size size)
      throws Exception {
    SharedStoreAttacker attacker = ATTACKERS.of(backend);
    Cache<String, String> cache = attacker.newCache(ReplayDetection.PROCESS);
    cache.put("token", value("v1", size.length));
    String key = attacker.lastWritten(cache.getName());
    SavedEntry v1 = attacker.save(cache.getName(), key);
    cache.put("token", value("v2", size.length));

    attacker.putBack(v1);

    assertNull(cache.get("token"));
    assertEquals(List.of(new IntegrityEvent(cache.getName(), key, Reason.REPLAYED, true)), events(attacker, cache));
  }

  /**
   * A change of the ledger's tables an attacker might make to hide a row put back, and whether it costs the cache
   * its earlier entries: a ledger row that no longer verifies cannot say which rows are current, so every row
   * written before is refused as replayed (DESIGN §10.11, docs/SECURITY.md "Replay"); a journal cut short or a
   * namespace record edited costs nothing but the row put back.
   */
  enum LedgerEdit {
    JOURNAL_DELETED("DELETE FROM ledger_journal WHERE namespace = ?", false),
    JOURNAL_REMOVALS_DELETED("DELETE FROM ledger_journal WHERE namespace = ? AND removed", false),
    NAMESPACE_RECORD_SAYS_NO_LEDGER("UPDATE namespaces SET ledger = false WHERE name = ?", false),
    GENERATION_LOWERED("UPDATE ledgers SET generation = generation - 1 WHERE namespace = ?", true),
    DIGEST_REPLACED("UPDATE ledgers SET digest = md5(digest) WHERE namespace = ?", true),
    LEDGER_DELETED("DELETE FROM ledgers WHERE namespace = ?", true);

    final String statement;
    final boolean distrustsEarlierRows;

    LedgerEdit(String statement, boolean distrustsEarlierRows) {
      this.statement = statement;
      this.distrustsEarlierRows = distrustsEarlierRows;
    }
  }

  static Stream<Arguments> backendsAndLedgerEdits() {
    return Attackers.everyBackendWith(List.of(LedgerEdit.values()));
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("backendsAndLedgerEdits")
  void aRowPutBack_withTheLedgerEditedToHideIt_isAReplayedMiss_onEveryOpenHost_andAnEditedLedgerFailsClosed(Backend backend, LedgerEdit edit)
      throws Exception {
    SharedStoreAttacker attacker = ATTACKERS.of(backend);
    Cache<String, String> writer = attacker.newCache(ReplayDetection.SHARED);
    try (CacheManager otherHost = attacker.otherHost(ATTACKERS.root("reader-" + writer.getName()))) {
      Cache<String, String> reader = attacker.newCache(otherHost, writer.getName(), ReplayDetection.SHARED);
      writer.put("token", value("v1", Size.LARGE.length));
      String key = attacker.lastWritten(writer.getName());
      SavedEntry v1 = attacker.save(writer.getName(), key);
      writer.put("token", value("v2", Size.LARGE.length));
      writer.put("neighbour", "n");
      assertEquals("n", reader.get("neighbour"));

      attacker.putBack(v1);
      attacker.execute(edit.statement, writer.getName());

      assertNull(reader.get("token"));
      assertNull(writer.get("token"));
      assertEquals(List.of(new IntegrityEvent(writer.getName(), key, Reason.REPLAYED, true)),
          events(attacker, writer).stream().filter(event -> event.keyHash().equals(key)).toList());
      if (edit.distrustsEarlierRows) {
        assertNull(reader.get("neighbour"));
        assertEquals(List.of(Reason.REPLAYED, Reason.REPLAYED),
            events(attacker, writer).stream().map(IntegrityEvent::reason).toList());
      } else {
        assertEquals("n", reader.get("neighbour"));
        assertEquals("n", writer.get("neighbour"));
        assertEquals(1, events(attacker, writer).size(), "nothing else refused");
      }
      writer.put("token", value("v3", Size.LARGE.length));
      assertEquals(value("v3", Size.LARGE.length), reader.get("token"), "the cache works on after the refusal");
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Backend.class)
  void aHostOpeningAfterARowWasPutBack_refusesEveryEarlierRow_evenWithTheNamespaceRecordEditedToSayNoLedger(
      Backend backend) throws Exception {
    SharedStoreAttacker attacker = ATTACKERS.of(backend);
    Cache<String, String> writer = attacker.newCache(ReplayDetection.SHARED);
    writer.put("token", value("v1", Size.LARGE.length));
    String key = attacker.lastWritten(writer.getName());
    SavedEntry v1 = attacker.save(writer.getName(), key);
    writer.put("token", value("v2", Size.LARGE.length));
    writer.put("neighbour", "n");
    String neighbour = attacker.lastWritten(writer.getName());

    attacker.putBack(v1);
    attacker.execute("UPDATE namespaces SET ledger = false WHERE name = ?", writer.getName());
    // Configured without a ledger: the namespace keeps one, whatever its record now says. Its open finds the rows
    // no longer summing to the ledger's digest, which cannot say which row changed: every earlier row is refused.
    try (CacheManager lateHost = attacker.otherHost(ATTACKERS.root("late-" + writer.getName()))) {
      Cache<String, String> reader = attacker.newCache(lateHost, writer.getName(), ReplayDetection.PROCESS);

      assertNull(reader.get("token"));
      assertNull(reader.get("neighbour"));
      assertEquals(List.of(new IntegrityEvent(writer.getName(), key, Reason.REPLAYED, true), new IntegrityEvent(
          writer.getName(), neighbour, Reason.REPLAYED, true)), events(attacker, writer));
      reader.put("token", value("v3", Size.LARGE.length));
      assertEquals(value("v3", Size.LARGE.length), writer.get("token"), "the cache works on after the refusal");
    }
  }

  private static List<IntegrityEvent> events(SharedStoreAttacker attacker, Cache<?, ?> cache) {
    return attacker.events.stream().filter(event -> event.cacheName().equals(cache.getName())).toList();
  }
}
