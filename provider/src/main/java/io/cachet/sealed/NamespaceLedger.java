package io.cachet.sealed;

import io.cachet.seal.LedgerSeal;
import io.cachet.store.Ledger;
import io.cachet.store.LedgerState;
import io.cachet.store.StoredRow;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The freshness of one namespace's rows (DESIGN §6): tells a current row from a genuine older one put back.
 *
 * <p>Every write takes the next <em>generation</em> of the namespace, which its signature covers. The stored
 * ledger holds the last generation issued, the oldest generation still trusted ({@code since}), and a digest of
 * the trusted rows (see {@link LedgerSeal}), changed in the transaction that changes the rows and signed. Two
 * checks use it:
 * <ul>
 *   <li>at attach, {@link #audit} sums the rows as stored and compares them with the ledger: a row put back,
 *       added or deleted behind Cachet's back while no process ran changes the sum. Which row changed cannot
 *       be told from a sum, so the ledger then stops trusting every row written before ({@code since} moves
 *       past them): they are refused as {@code replayed} when met, and the namespace starts afresh;</li>
 *   <li>while running, a row older than the newest generation this process has seen of its key, or not newer
 *       than the generation at which the key was removed, is refused as {@code replayed}.</li>
 * </ul>
 *
 * <p>The {@link Ledger} methods are called by the entry store, one transaction at a time; the checks from any
 * thread.
 */
final class NamespaceLedger implements Ledger {
  private static final System.Logger LOG = System.getLogger("io.cachet.sealed");

  private final String namespace;
  private final LedgerSeal seal;
  private final SeenGenerations seen = new SeenGenerations();
  private volatile long since;
  // The newest ledger generation this process has seen: a stored ledger older than it was put back.
  private volatile long newest;

  // The transaction under way, owned by the entry store's writer.
  private long generation;
  private long txSince;
  private long rows;
  private long[] digest;
  private final Map<String, Long> rowsSeen = new LinkedHashMap<>();
  private final Map<String, Long> removalsSeen = new LinkedHashMap<>();

  NamespaceLedger(String namespace, LedgerSeal seal) {
    this.namespace = namespace;
    this.seal = seal;
  }

  /**
   * Refuses a row whose signature verified if it is not current: older than the ledger trusts, or older than
   * what this process has seen of its key.
   */
  void checkFresh(StoredRow row) throws RefusedEntry {
    long rowGeneration = generationOf(row.generation());
    if (rowGeneration < since || seen.isOlder(row.cacheKey(), rowGeneration)) {
      throw new RefusedEntry(IntegrityFailure.REPLAYED);
    }
  }

  /** A row that verified was read: what is older than it is no longer current. */
  void sawCurrent(StoredRow row) {
    seen.sawRow(row.cacheKey(), generationOf(row.generation()));
  }

  /** How many keys this process remembers the newest generation of. */
  int remembered() {
    return seen.size();
  }

  @Override
  public void begin(LedgerState stored) {
    rowsSeen.clear();
    removalsSeen.clear();
    long[] storedDigest = stored == null ? null : LedgerSeal.parse(stored.digest());
    if (storedDigest != null && seal.verifies(stored.generation(), stored.since(), stored.rows(), stored.digest(),
        stored.signature()) && stored.generation() >= newest) {
      generation = stored.generation();
      txSince = stored.since();
      rows = stored.rows();
      digest = storedDigest;
      return;
    }
    // Deleted, altered or put back since this process last wrote: nothing it says can be trusted, and the rows
    // it described are not checked here, so every row written before is refused from now on.
    long last = Math.max(newest, storedDigest == null ? 0 : stored.generation());
    LOG.log(Level.WARNING, "The ledger of namespace \"{0}\" was {1}; every entry written before now will be "
        + "refused as replayed", namespace, stored == null ? "deleted" : "altered or put back");
    restart(last + 1);
  }

  @Override
  public long nextGeneration(StoredRow current) {
    generation = Math.max(generation, current == null ? 0 : generationOf(current.generation())) + 1;
    return generation;
  }

  @Override
  public void removed(String cacheKey, Long rowGeneration, String signature) {
    if (generationOf(rowGeneration) >= txSince && seal.accumulate(digest, signature, -1)) {
      rows--;
    }
    rowsSeen.remove(cacheKey);
    removalsSeen.put(cacheKey, generationOf(rowGeneration));
  }

  @Override
  public void written(String cacheKey, Long rowGeneration, String signature) {
    if (generationOf(rowGeneration) >= txSince && seal.accumulate(digest, signature, 1)) {
      rows++;
    }
    removalsSeen.remove(cacheKey);
    rowsSeen.put(cacheKey, generationOf(rowGeneration));
  }

  @Override
  public void cleared() {
    restart(generation + 1);
  }

  @Override
  public LedgerState end() {
    String formatted = LedgerSeal.format(digest);
    return new LedgerState(generation, txSince, rows, formatted, seal.sign(generation, txSince, rows, formatted));
  }

  @Override
  public void committed() {
    since = txSince;
    newest = Math.max(newest, generation);
    removalsSeen.forEach(seen::sawRemoval);
    rowsSeen.forEach(seen::sawRow);
  }

  /**
   * Compares the rows as stored with the ledger, at attach, and decides the ledger to store: unchanged if they
   * agree; a first ledger over the rows of a namespace written before ledgers existed; otherwise a restarted
   * one that trusts no row written before.
   */
  LedgerState audit(LedgerState stored, Iterable<RowStamp> stamps) {
    long[] storedDigest = stored == null ? null : LedgerSeal.parse(stored.digest());
    boolean signed = storedDigest != null && seal.verifies(stored.generation(), stored.since(), stored.rows(),
        stored.digest(), stored.signature());
    long trustedFrom = signed ? stored.since() : 0;
    long[] sum = new long[2];
    long counted = 0;
    long rowsFound = 0;
    long highest = 0;
    boolean anyGeneration = false;
    for (RowStamp stamp : stamps) {
      rowsFound++;
      long rowGeneration = generationOf(stamp.generation());
      anyGeneration |= stamp.generation() != null;
      highest = Math.max(highest, rowGeneration);
      if (rowGeneration >= trustedFrom && seal.accumulate(sum, stamp.signature(), 1)) {
        counted++;
      }
    }
    LedgerState audited;
    if (stored == null && !anyGeneration) {
      // Rows written before ledgers existed (or none): they become the first ledger's rows.
      audited = state(Math.max(highest, newest), 0, counted, sum);
    } else if (signed && stored.rows() == counted && storedDigest[0] == sum[0] && storedDigest[1] == sum[1]
        && highest <= stored.generation() && stored.generation() >= newest) {
      audited = stored;
    } else {
      long last = Math.max(Math.max(highest, newest), signed ? stored.generation() : 0);
      if (rowsFound > 0) {
        LOG.log(Level.WARNING, "The rows of namespace \"{0}\" do not match its signed ledger ({1}): rows were put "
            + "back, added or deleted behind Cachet''s back. Its {2} entries written before now will be refused as "
            + "replayed", namespace, describe(stored, signed, counted), rowsFound);
      }
      audited = state(last, last + 1, 0, new long[2]);
    }
    since = audited.since();
    newest = Math.max(newest, audited.generation());
    return audited;
  }

  private static String describe(LedgerState stored, boolean signed, long counted) {
    if (stored == null) {
      return "the ledger is gone";
    }
    if (!signed) {
      return "the ledger's signature does not verify";
    }
    return "the ledger covers " + stored.rows() + " rows up to generation " + stored.generation() + ", found "
        + counted;
  }

  private LedgerState state(long lastGeneration, long trustedSince, long liveRows, long[] rowDigest) {
    String formatted = LedgerSeal.format(rowDigest);
    return new LedgerState(lastGeneration, trustedSince, liveRows, formatted,
        seal.sign(lastGeneration, trustedSince, liveRows, formatted));
  }

  private void restart(long trustedSince) {
    generation = trustedSince - 1;
    txSince = trustedSince;
    rows = 0;
    digest = new long[2];
  }

  /** A row written before generations existed is of generation 0. */
  private static long generationOf(Long rowGeneration) {
    return rowGeneration == null ? 0 : rowGeneration;
  }
}
