package io.cachet.store;

import static io.cachet.store.TestRow.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link EntryStore} promises to a namespace's {@link Ledger}: told of every row a transaction removes
 * or writes, its state and journal stored atomically with the rows, read back in one snapshot.
 */
public abstract class LedgerContract {
  @TempDir protected Path location;
  private EntryStore store;
  private final RecordingLedger ledger = new RecordingLedger();

  /** Opens the store at this location, as {@link EntryStoreContract#open} does. */
  protected abstract EntryStore open(Path location);

  @BeforeEach
  final void openStore() {
    store = open(location);
    store.keepLedger("ns", ledger);
  }

  @AfterEach
  final void closeStore() {
    store.close();
  }

  /** The ledger's state and journal as a reader sees them. */
  private Read read() {
    return store.readLedger("ns", (stored, reads) -> new Read(stored, reads.journalAfter(0), stamps(reads)));
  }

  private record Read(LedgerState state, List<JournalEntry> journal, Set<Ledger.RowStamp> rows) {}

  private static Set<Ledger.RowStamp> stamps(Ledger.Reads reads) {
    List<Ledger.RowStamp> rows = StreamSupport.stream(reads.rows().spliterator(), false).toList();
    assertEquals(rows.size(), Set.copyOf(rows).size(), "every row once");
    return Set.copyOf(rows);
  }

  @Test
  void aWrite_tellsTheLedgerWhatItRemovesAndWrites_andStoresItsStateAndJournalWithTheRows() {
    store.upsert(TestRow.of("ns", "k").generation(1L).entrySignature("s1").build(), true);
    store.upsert(TestRow.of("ns", "k").generation(2L).entrySignature("s2").build(), true);

    assertEquals(List.of("begin null", "written k 1 s1", "end", "committed",
        "begin 1", "removed k 1 s1", "written k 2 s2", "end", "committed"), ledger.events);
    Read read = read();
    assertEquals(2, read.state().generation());
    assertEquals("digest-2", read.state().digest());
    assertEquals(List.of(new JournalEntry(1, "k", false), new JournalEntry(2, "k", false)), read.journal());
    assertEquals(Set.of(new Ledger.RowStamp("k", 2L, "s2")), read.rows());
  }

  @Test
  void eachLedgeredWrite_callsBeforeTransaction_beforeItsTransactionBegins() {
    store.upsert(TestRow.of("ns", "k").generation(1L).entrySignature("s1").build(), true);
    store.delete("ns", "k");

    assertEquals(List.of(0L, 1L), ledger.beforeTransactions, "once per write, before its transaction begins");
  }

  @Test
  void eachDeleteAndReseal_tellsTheLedgerWhatItRemovesAndWrites() {
    StoredRow a = TestRow.of("ns", "a").generation(1L).entrySignature("sa").expiresAt(5L).build();
    for (StoredRow row : List.of(a, TestRow.of("ns", "b").generation(2L).entrySignature("sb").build(),
        TestRow.of("ns", "c").generation(3L).entrySignature("sc").build())) {
      store.upsert(row, true);
    }
    ledger.events.clear();

    store.updateExpiryIfVersion("ns", "a", a.version(), 9L, stored -> stored.withGeneration(4L).withSignature("sa2"));
    store.deleteIfVersion("ns", "a", store.get("ns", "a").version());
    store.delete("ns", "b");
    store.evict("ns", 0, 1, "none");
    store.deleteAll("ns");

    assertEquals(List.of("begin 3", "removed a 1 sa", "written a 4 sa2", "end", "committed",
        "begin 4", "removed a 4 sa2", "end", "committed", "begin 5", "removed b 2 sb", "end", "committed",
        "begin 6", "removed c 3 sc", "end", "committed", "begin 7", "cleared", "end", "committed"), ledger.events);
    assertEquals(8, read().state().generation());
  }

  @Test
  void aTransactionThatRollsBack_storesNoLedgerState_andIsNeverReportedCommitted() {
    store.upsert(TestRow.of("ns", "k").generation(1L).entrySignature("s1").build(), true);
    Map<String, UnaryOperator<StoredRow>> failing = new LinkedHashMap<>();
    failing.put("k", current -> TestRow.of("ns", "k").generation(2L).entrySignature("s2").build());
    failing.put("boom", current -> {
      throw new IllegalStateException("fails inside the transaction");
    });
    ledger.events.clear();

    assertThrows(IllegalStateException.class, () -> store.upsertAll("ns", failing, true));

    assertEquals(List.of(), ledger.events.stream().filter(e -> e.equals("end") || e.equals("committed")).toList());
    Read read = read();
    assertEquals(1, read.state().generation());
    assertEquals(List.of(new JournalEntry(1, "k", false)), read.journal());
    assertEquals(Set.of(new Ledger.RowStamp("k", 1L, "s1")), read.rows());
  }

  @Test
  void theJournal_isReadAfterAGeneration_inOrder_andPrunedBelowKeepFrom() {
    for (int i = 1; i <= 4; i++) {
      store.upsert(TestRow.of("ns", "k" + i).generation((long) i).entrySignature("s").build(), true);
    }

    assertEquals(List.of(new JournalEntry(3, "k3", false), new JournalEntry(4, "k4", false)),
        store.readLedger("ns", (stored, reads) -> reads.journalAfter(2)));

    ledger.keepFrom = 4;
    store.delete("ns", "k1");

    assertEquals(List.of(new JournalEntry(4, "k4", false), new JournalEntry(5, "k1", true)), read().journal());
  }

  @Test
  void lookup_returnsTheLedgerGenerationOfTheSameSnapshot_orMinusOneWithoutARowOrALedger() {
    store.upsert(TestRow.of("ns", "k").generation(1L).entrySignature("s").build(), true);
    store.upsert(TestRow.of("ns", "j").generation(2L).entrySignature("s").build(), true);
    store.upsert(row("plain", "k", "s", null, null), true);

    assertEquals(2, store.lookup("ns", "k").ledgerGeneration());
    assertEquals(2, store.lookupAll("ns", List.of("k", "j", "missing")).ledgerGeneration());
    assertEquals(new EntryStore.Lookup(null, -1), store.lookup("ns", "missing"));
    assertEquals(-1, store.lookup("plain", "k").ledgerGeneration());
    assertEquals(-1, store.lookupAll("plain", List.of("k")).ledgerGeneration());
  }

  @Test
  void audit_seesTheStoredStateAndRows_andStoresWhatItReturns_orNothingForNull() {
    store.upsert(TestRow.of("ns", "k").generation(1L).entrySignature("s").build(), true);
    List<Set<Ledger.RowStamp>> audited = new ArrayList<>();

    store.audit("ns", (stored, reads) -> {
      audited.add(stamps(reads));
      return new Ledger.Update(new LedgerState(stored.generation() + 10, 5, 1, "audited", "hash", "sig"),
          List.of(), 0);
    });
    store.audit("ns", (stored, reads) -> null);

    assertEquals(List.of(Set.of(new Ledger.RowStamp("k", 1L, "s"))), audited);
    assertEquals(new LedgerState(11, 5, 1, "audited", "hash", "sig"), read().state());
  }

  @Test
  void replaceNamespaceWithALedgerAudit_storesTheRecordAndWhatTheAuditReturns_together() {
    store.upsert(TestRow.of("ns", "k").generation(1L).entrySignature("s").build(), true);
    store.insertNamespace(new NamespaceRecord("ns", "id", 1, "old.bin", "old", "signed-old", true));
    List<Set<Ledger.RowStamp>> audited = new ArrayList<>();

    store.replaceNamespace(new NamespaceRecord("ns", "id", 2, "new.bin", "new", "signed-new", true),
        (stored, reads) -> {
          audited.add(stamps(reads));
          return new Ledger.Update(new LedgerState(stored.generation(), stored.since(), 1, "resealed",
              stored.journalHash(), "sig"), List.of(), 0);
        });

    assertEquals(List.of(Set.of(new Ledger.RowStamp("k", 1L, "s"))), audited);
    assertEquals("resealed", read().state().digest());
    assertEquals("new", store.namespace("ns").keyId());
  }

  @Test
  void replaceNamespaceWithALedgerAuditThatFails_storesNeitherTheRecordNorTheLedger() {
    store.upsert(TestRow.of("ns", "k").generation(1L).entrySignature("s").build(), true);
    store.insertNamespace(new NamespaceRecord("ns", "id", 1, "old.bin", "old", "signed-old", true));
    LedgerState before = read().state();

    assertThrows(IllegalStateException.class, () -> store.replaceNamespace(
        new NamespaceRecord("ns", "id", 2, "new.bin", "new", "signed-new", true), (stored, reads) -> {
          throw new IllegalStateException("fails inside the transaction");
        }));

    assertEquals(before, read().state());
    assertEquals("old", store.namespace("ns").keyId());
  }

  @Test
  void deleteNamespace_tellsTheLedgerItWasCleared_andKeepsItsState_soGenerationsNeverRepeat() {
    store.upsert(TestRow.of("ns", "k").generation(1L).entrySignature("s").build(), true);
    store.insertNamespace(new NamespaceRecord("ns", "id", 1, null, null, null, true));

    store.deleteNamespace("ns");

    assertEquals("cleared", ledger.events.get(ledger.events.size() - 3));
    Read read = read();
    assertEquals(2, read.state().generation());
    assertEquals(Set.of(), read.rows());
  }

  @Test
  void aLedger_isToldOnlyOfItsNamespace_andNoMoreOnceReplacedByNull() {
    store.upsert(row("other", "k", "s", null, null), true);
    assertEquals(List.of(), ledger.events);
    assertNull(read().state());

    store.keepLedger("ns", null);
    store.upsert(row("ns", "k", "s", null, null), true);

    assertEquals(List.of(), ledger.events);
    assertNull(read().state());
  }

  /**
   * A ledger that records what the store tells it and numbers its transactions: each stores the next
   * generation, a digest naming it, and a journal entry per key written or removed.
   */
  private static final class RecordingLedger implements Ledger {
    final List<String> events = new ArrayList<>();
    // For each call of beforeTransaction, how many transactions had begun by then.
    final List<Long> beforeTransactions = new ArrayList<>();
    long keepFrom;
    private long generation;
    private final List<JournalEntry> appended = new ArrayList<>();

    @Override
    public void beforeTransaction() {
      beforeTransactions.add(events.stream().filter(event -> event.startsWith("begin")).count());
    }

    @Override
    public void begin(LedgerState stored, Reads reads) {
      events.add("begin " + (stored == null ? null : stored.generation()));
      generation = stored == null ? 0 : stored.generation();
      appended.clear();
    }

    @Override
    public long nextGeneration(StoredRow current) {
      return generation + 1;
    }

    @Override
    public void removed(String cacheKey, Long rowGeneration, String signature) {
      events.add("removed " + cacheKey + " " + rowGeneration + " " + signature);
      appended.removeIf(entry -> entry.cacheKey().equals(cacheKey));
      appended.add(new JournalEntry(generation + 1, cacheKey, true));
    }

    @Override
    public void written(String cacheKey, Long rowGeneration, String signature) {
      events.add("written " + cacheKey + " " + rowGeneration + " " + signature);
      appended.removeIf(entry -> entry.cacheKey().equals(cacheKey));
      appended.add(new JournalEntry(generation + 1, cacheKey, false));
    }

    @Override
    public void cleared() {
      events.add("cleared");
    }

    @Override
    public Update end() {
      events.add("end");
      generation++;
      return new Update(new LedgerState(generation, 0, 0, "digest-" + generation, "hash", "sig"),
          List.copyOf(appended), keepFrom);
    }

    @Override
    public void committed() {
      events.add("committed");
    }
  }
}
