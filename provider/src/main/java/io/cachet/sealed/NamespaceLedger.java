package io.cachet.sealed;

import io.cachet.IntegrityEvent.Reason;
import io.cachet.seal.LedgerSeal;
import io.cachet.store.EntryStore;
import io.cachet.store.JournalEntry;
import io.cachet.store.Ledger;
import io.cachet.store.LedgerState;
import io.cachet.store.StoredRow;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The freshness of one namespace's rows (DESIGN §6): tells a current row from a genuine older one put back.
 *
 * <p>Every change of a key takes the namespace's next <em>generation</em>; a written row's signature covers it.
 * The stored ledger, signed and changed in the transaction that changes the rows, holds the last generation
 * issued, the oldest generation still trusted ({@code since}), the number and a digest of the trusted rows (see
 * {@link LedgerSeal}), and the hash chained over a journal of the changes (key, generation, written or removed).
 *
 * <p>This process keeps an index of the newest generation of every key of the namespace ({@link KeyIndex}). It
 * builds it at attach from the rows, after checking them against the ledger's digest, and keeps it current
 * from its own commits and from the journal, which it reads whenever a row it reads comes with a ledger
 * generation it has not caught up with; the journal's entries are trusted only if they chain to the signed
 * hash. A row is current if it is the newest write of its key the index knows, and newer than the key's
 * removal; anything else is refused as {@code replayed}. So a row put back is a miss for every process the
 * moment it is read, and one put back while no process ran is found at the next attach, by the digest. Which
 * row changed cannot be told from a digest: the ledger then stops trusting every row written before ({@code
 * since} moves past them), and the namespace starts afresh.
 *
 * <p>The {@link Ledger} methods are called by the entry store, one transaction at a time; the checks from any
 * thread.
 */
final class NamespaceLedger implements Ledger, Freshness {
  /** Journal entries kept: a process that falls further behind rebuilds its index from the rows. */
  private static final long JOURNAL_RETAINED = 1 << 16;
  private static final long PRUNE_EVERY = 1 << 10;
  private static final System.Logger LOG = System.getLogger("io.cachet.sealed");

  private final String namespace;
  private final LedgerSeals seals;
  private final EntryStore entries;
  // Whether the namespace's record says it keeps a ledger: a missing one was then deleted, not never made.
  private final boolean ledgerRecorded;

  // What this process knows of the namespace, guarded by this.
  private KeyIndex index = new KeyIndex();
  // The seal of the last state that verified: the key most likely to verify the next.
  private LedgerSeal lastVerified;
  private long since;
  // The ledger generation the index is current with, and the journal's hash there; -1 before the first sync.
  private long cursor = -1;
  private String cursorHash;

  // The transaction under way, owned by the entry store's writer.
  // The seal of the state it began from (or of the oldest key the record lists, if none verified), which seals its own.
  private LedgerSeal txSeal;
  private long generation;
  private long startGeneration;
  private long txSince;
  private long rows;
  private long[] digest;
  private String journalHash;
  private boolean restarted;
  private final Map<String, Long> written = new LinkedHashMap<>();
  private final Set<String> removed = new LinkedHashSet<>();
  private List<JournalEntry> appended = List.of();
  private long keepFrom;

  /**
   * @param ledgerRecorded whether the namespace's record already said it keeps a ledger, before this attach
   */
  NamespaceLedger(String namespace, LedgerSeals seals, EntryStore entries, boolean ledgerRecorded) {
    this.namespace = namespace;
    this.seals = seals;
    this.entries = entries;
    this.ledgerRecorded = ledgerRecorded;
  }

  /** Refuses a row whose signature verified unless it is the current write of its key. */
  @Override
  public void check(StoredRow row, long ledgerGeneration) throws RefusedEntry {
    boolean behind;
    synchronized (this) {
      behind = ledgerGeneration >= 0 && ledgerGeneration != cursor;
    }
    if (behind) {
      catchUp();
    }
    if (isCurrent(row)) {
      return;
    }
    // Perhaps written by another process after this one last caught up: catch up before calling it replayed.
    catchUp();
    if (!isCurrent(row)) {
      throw new RefusedEntry(Reason.REPLAYED);
    }
  }

  // The index follows the store's transactions, this process's and others' alike, so what this process reads and
  // writes needs no telling.

  @Override
  public void sawRead(StoredRow row) {}

  @Override
  public void sawWrite(String cacheKey, long generation) {}

  @Override
  public void sawRemoval(String cacheKey, Long generation) {}

  @Override
  public long now() {
    return 0;
  }

  @Override
  public void sawClear(long now) {}

  private synchronized boolean isCurrent(StoredRow row) {
    long rowGeneration = generationOf(row.generation());
    if (rowGeneration < since) {
      return false;
    }
    long mark = index.mark(row.cacheKey());
    return mark != 0 && !KeyIndex.isOlder(mark, rowGeneration);
  }

  /** How a ledger read by a reader was taken in. */
  private enum Synced { APPLIED, WENT_BACK, UNVERIFIED }

  /**
   * Reads what changed since this process last caught up, in one snapshot, and applies it. A ledger no key held
   * verifies is read again once the keys were, outside the snapshot: a rotation may have moved it to a key this
   * process has not followed yet.
   */
  private void catchUp() {
    boolean keysRead = false;
    int wentBack = 0;
    while (true) {
      boolean readKeysFirst = !keysRead;
      long known;
      synchronized (this) {
        known = cursor;
      }
      Synced synced = entries.readLedger(namespace, (stored, reads) -> sync(stored, reads, readKeysFirst, known));
      if (synced == Synced.UNVERIFIED) {
        keysRead = true;
        seals.refresh();
        continue;
      }
      if (synced != Synced.WENT_BACK) {
        return;
      }
      if (++wentBack == 2) {
        // Older, twice, than the index was before the snapshot began: the ledger was put back.
        synchronized (this) {
          distrustAll("went back to an older state");
        }
        return;
      }
    }
  }

  /**
   * Brings the index up to a ledger read by a reader. @return {@link Synced#WENT_BACK} if the ledger is older than
   * the index was before the snapshot began
   *
   * @param readKeysFirst whether a ledger no key held verifies is left as it is ({@link Synced#UNVERIFIED}), for the
   *     caller to read the keys and the ledger again, rather than distrusted
   * @param known the generation the index was current with before the snapshot began: the ledger can be no older
   *     than that, while commits of this process since (on other threads) may have taken the index further than the
   *     snapshot, which then has nothing to tell
   */
  private synchronized Synced sync(LedgerState stored, Reads reads, boolean readKeysFirst, long known) {
    LedgerSeal sealed = verifying(stored);
    if (sealed == null && stored != null && readKeysFirst) {
      return Synced.UNVERIFIED;
    }
    if (sealed == null) {
      distrustAll(stored == null ? "is gone" : "does not verify");
      return Synced.APPLIED;
    }
    if (stored.generation() < cursor) {
      return stored.generation() < known ? Synced.WENT_BACK : Synced.APPLIED;
    }
    if (stored.generation() == cursor && stored.since() == since) {
      return Synced.APPLIED;
    }
    if (!followJournal(stored, reads)) {
      Scan scan = scan(stored, reads, sealed);
      if (scan.matches(stored)) {
        adopt(stored, scan);
      } else {
        LOG.log(Level.WARNING, "The rows of namespace \"{0}\" do not match its signed ledger ({1}): rows were put "
            + "back, added or deleted behind Cachet''s back. Its entries written before now are refused as "
            + "replayed", namespace, scan.describe(stored));
        since = Math.max(stored.generation(), scan.highest) + 1;
        index.clear();
        cursor = stored.generation();
        cursorHash = stored.journalHash();
      }
    }
    return Synced.APPLIED;
  }

  /** Applies the journal after the cursor, if it chains from the cursor to the signed hash. */
  private boolean followJournal(LedgerState stored, Reads reads) {
    if (cursor < 0 || stored.since() != since) {
      return false;
    }
    List<JournalEntry> journal = reads.journalAfter(cursor);
    String hash = cursorHash;
    for (JournalEntry entry : journal) {
      hash = LedgerSeal.chain(hash, entry.generation(), entry.cacheKey(), entry.removed());
    }
    if (!hash.equals(stored.journalHash())
        || (!journal.isEmpty() && journal.get(journal.size() - 1).generation() != stored.generation())) {
      return false;
    }
    apply(journal);
    cursor = stored.generation();
    cursorHash = stored.journalHash();
    return true;
  }

  private void apply(List<JournalEntry> journal) {
    for (JournalEntry entry : journal) {
      if (entry.removed()) {
        index.removed(entry.cacheKey(), entry.generation());
      } else {
        index.live(entry.cacheKey(), entry.generation());
      }
    }
  }

  /** Until a ledger that verifies is read again, no row is current. */
  private void distrustAll(String what) {
    if (since != Long.MAX_VALUE) {
      LOG.log(Level.WARNING, "The ledger of namespace \"{0}\" {1}: its entries are refused as replayed until it is "
          + "written afresh", namespace, what);
    }
    since = Long.MAX_VALUE;
    index.clear();
    cursor = -1;
  }

  /**
   * Compares the rows as stored with the ledger, at attach, and builds the index: the ledger is left as it is if
   * they agree; a first one is made over the rows of a namespace that kept none; otherwise it is restarted,
   * trusting no row written before.
   */
  synchronized Update audit(LedgerState stored, Reads reads) {
    LedgerSeal sealed = verifying(stored);
    LedgerSeal sealing = sealed != null ? sealed : seals.fresh();
    Scan scan = scan(sealed != null ? stored : null, reads, sealing);
    if (stored == null && !ledgerRecorded) {
      long last = Math.max(scan.highest, Math.max(cursor, 0));
      LedgerState first = state(sealing, last, 0, scan.counted, scan.digest, sealing.journalStart(0));
      adopt(first, scan);
      return new Update(first, List.of(), 0);
    }
    if (sealed != null && scan.matches(stored) && stored.generation() >= cursor) {
      adopt(stored, scan);
      return null;
    }
    if (scan.rowsFound > 0) {
      LOG.log(Level.WARNING, "The rows of namespace \"{0}\" do not match its signed ledger ({1}): rows were put "
          + "back, added or deleted behind Cachet''s back. Its {2} entries written before now will be refused as "
          + "replayed", namespace, scan.describe(stored), scan.rowsFound);
    }
    long last = Math.max(Math.max(scan.highest, cursor), parsed(stored) ? stored.generation() : 0);
    LedgerState fresh = state(sealing, last, last + 1, 0, new long[2], sealing.journalStart(last + 1));
    adopt(fresh, new Scan(0));
    return new Update(fresh, List.of(), fresh.since());
  }

  private void adopt(LedgerState state, Scan scan) {
    index = scan.live;
    since = state.since();
    cursor = state.generation();
    cursorHash = state.journalHash();
  }

  /**
   * Sums the rows as stored, under the elements of {@code seal}, against a ledger trusting rows from
   * {@code stored.since()} (all if null).
   */
  private Scan scan(LedgerState stored, Reads reads, LedgerSeal seal) {
    Scan scan = new Scan(stored == null ? 0 : stored.rows());
    long trustedFrom = stored == null ? 0 : stored.since();
    for (RowStamp stamp : reads.rows()) {
      scan.rowsFound++;
      long rowGeneration = generationOf(stamp.generation());
      scan.highest = Math.max(scan.highest, rowGeneration);
      if (rowGeneration >= trustedFrom && seal.accumulate(scan.digest, stamp.signature(), 1)) {
        scan.counted++;
        scan.live.live(stamp.cacheKey(), rowGeneration);
      }
    }
    return scan;
  }

  /** What a scan of the rows found. */
  private static final class Scan {
    final long[] digest = new long[2];
    final KeyIndex live = new KeyIndex();
    long counted;
    long rowsFound;
    long highest;

    Scan(long expectedRows) {
      live.expect(expectedRows);
    }

    boolean matches(LedgerState stored) {
      long[] storedDigest = LedgerSeal.parse(stored.digest());
      return storedDigest != null && stored.rows() == counted && storedDigest[0] == digest[0]
          && storedDigest[1] == digest[1] && highest <= stored.generation();
    }

    String describe(LedgerState stored) {
      if (stored == null) {
        return "the ledger is gone";
      }
      return "the ledger covers " + stored.rows() + " rows up to generation " + stored.generation() + ", found "
          + counted + " up to generation " + highest;
    }
  }

  @Override
  public synchronized void begin(LedgerState stored, Reads reads) {
    written.clear();
    removed.clear();
    restarted = false;
    LedgerSeal sealed = verifying(stored);
    txSeal = sealed != null ? sealed : seals.fresh();
    if (sealed != null && stored.generation() >= cursor) {
      if (stored.generation() != cursor || stored.since() != since) {
        sync(stored, reads, false, cursor);
      }
      if (since == stored.since()) {
        generation = stored.generation();
        startGeneration = generation;
        txSince = stored.since();
        rows = stored.rows();
        digest = LedgerSeal.parse(stored.digest());
        journalHash = stored.journalHash();
        return;
      }
    }
    // Deleted, altered, put back, or not matching the rows: nothing it says can be trusted, so every row
    // written before is refused from now on.
    LOG.log(Level.WARNING, "The ledger of namespace \"{0}\" was {1}; every entry written before now will be "
        + "refused as replayed", namespace, stored == null ? "deleted" : "altered, put back or outgrown");
    long last = Math.max(cursor, parsed(stored) ? stored.generation() : 0);
    if (since != Long.MAX_VALUE) {
      last = Math.max(last, since - 1);
    }
    startGeneration = last;
    restart(last + 1);
  }

  /** Reads the keys again if due, so that a transaction begins with keys no staler than a write's. */
  @Override
  public void beforeTransaction() {
    seals.refreshIfDue();
  }

  @Override
  public synchronized long nextGeneration(StoredRow current) {
    generation = Math.max(generation, current == null ? 0 : generationOf(current.generation())) + 1;
    return generation;
  }

  @Override
  public synchronized void removed(String cacheKey, Long rowGeneration, String signature) {
    if (generationOf(rowGeneration) >= txSince && txSeal.accumulate(digest, signature, -1)) {
      rows--;
    }
    written.remove(cacheKey);
    removed.add(cacheKey);
  }

  @Override
  public synchronized void written(String cacheKey, Long rowGeneration, String signature) {
    if (generationOf(rowGeneration) >= txSince && txSeal.accumulate(digest, signature, 1)) {
      rows++;
    }
    removed.remove(cacheKey);
    written.put(cacheKey, generationOf(rowGeneration));
  }

  @Override
  public synchronized void cleared() {
    written.clear();
    removed.clear();
    restart(generation + 1);
  }

  @Override
  public synchronized Update end() {
    List<JournalEntry> journal = new ArrayList<>(written.size() + removed.size());
    written.entrySet().stream().sorted(Map.Entry.comparingByValue())
        .forEach(entry -> journal.add(new JournalEntry(entry.getValue(), entry.getKey(), false)));
    for (String cacheKey : removed) {
      journal.add(new JournalEntry(++generation, cacheKey, true));
    }
    for (JournalEntry entry : journal) {
      journalHash = LedgerSeal.chain(journalHash, entry.generation(), entry.cacheKey(), entry.removed());
    }
    appended = journal;
    keepFrom = restarted ? txSince
        : generation / PRUNE_EVERY > startGeneration / PRUNE_EVERY ? Math.max(0, generation - JOURNAL_RETAINED) : 0;
    String formatted = LedgerSeal.format(digest);
    return new Update(new LedgerState(generation, txSince, rows, formatted, journalHash,
        txSeal.sign(generation, txSince, rows, formatted, journalHash)), journal, keepFrom);
  }

  @Override
  public synchronized void committed() {
    if (restarted) {
      index.clear();
    }
    since = txSince;
    apply(appended);
    if (keepFrom > 0 && !restarted) {
      index.forgetRemovalsBefore(keepFrom);
    }
    cursor = generation;
    cursorHash = journalHash;
  }

  private void restart(long trustedSince) {
    generation = trustedSince - 1;
    txSince = trustedSince;
    rows = 0;
    digest = new long[2];
    journalHash = txSeal.journalStart(trustedSince);
    restarted = true;
  }

  /** The seal a stored state verifies under, among the keys of the record; null if none. */
  private LedgerSeal verifying(LedgerState stored) {
    LedgerSeal found = seals.verifying(stored, lastVerified);
    if (found != null) {
      lastVerified = found;
    }
    return found;
  }

  private static boolean parsed(LedgerState stored) {
    return stored != null && LedgerSeal.parse(stored.digest()) != null;
  }

  /** A ledger state, its digest formatted and the whole signed under {@code seal}. */
  static LedgerState state(LedgerSeal seal, long lastGeneration, long trustedSince, long liveRows, long[] rowDigest,
      String hash) {
    String formatted = LedgerSeal.format(rowDigest);
    return new LedgerState(lastGeneration, trustedSince, liveRows, formatted, hash,
        seal.sign(lastGeneration, trustedSince, liveRows, formatted, hash));
  }

  /** A row written before generations existed is of generation 0. */
  private static long generationOf(Long rowGeneration) {
    return rowGeneration == null ? 0 : rowGeneration;
  }
}
