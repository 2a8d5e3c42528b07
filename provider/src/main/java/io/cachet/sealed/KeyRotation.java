package io.cachet.sealed;

import io.cachet.CachetOptions;
import io.cachet.seal.HmacEntrySigner;
import io.cachet.store.BlobStore;
import io.cachet.store.ChangeCounters;
import io.cachet.store.EntryStore;
import io.cachet.store.NamespaceRecord;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Rotates one namespace's signing key without losing its entries, while processes keep using it:
 *
 * <ol>
 *   <li><b>Begin</b>: the record names the new key as current and the old one as previous, signed by the new key
 *       and handed over by the old one ({@link RecordSeal}). Every process follows it within
 *       {@link NamespaceKeys#REFRESH}: from then on it writes with the new key and still reads rows of the old.
 *   <li><b>Re-sign</b>, after waiting for that: every row not signed with the new key is checked and re-signed
 *       ({@link RowResigning}); a row that fails its checks is not re-signed but deleted, or kept as it is, as the
 *       integrity policy says.
 *   <li><b>Retire</b>, once no row names the old key: the record lists no previous key; the old key's handover is
 *       kept, so that a process still configured with the old key file follows the record to the new one. A shared
 *       ledger, sealed by the old key until then, moves to the new key in the same transaction
 *       ({@link LedgerHandover}).
 * </ol>
 *
 * Each step leaves a store every process reads right, so a rotation stopped anywhere (a kill) is resumed by running it
 * again: a record listing previous keys is a rotation under way.
 */
final class KeyRotation {
  private static final int MINIMUM_VERSION = CachetOptions.MINIMUM_SIGNATURE_VERSION.defaultValue();

  private final EntryStore entries;
  private final BlobStore blobs;
  private final KeyRing keys;
  private final ChangeCounters counters;
  private final InstantSource clock;
  private final LedgerKeeper ledgers;

  /** Keeps a namespace's shared ledger told of the rotation's writes while it runs. */
  interface LedgerKeeper {
    /**
     * The namespace's ledger, kept by the entry store from now on: the one of the namespace attached in this process,
     * or one audited and kept for the caller; null if the record's keys cannot be had.
     */
    NamespaceLedger keep(NamespaceRecord record);

    /** The caller is done with a ledger {@link #keep} returned. */
    void release(String name, NamespaceLedger ledger);
  }

  KeyRotation(EntryStore entries, BlobStore blobs, KeyRing keys, ChangeCounters counters, InstantSource clock,
      LedgerKeeper ledgers) {
    this.entries = entries;
    this.blobs = blobs;
    this.keys = keys;
    this.counters = counters;
    this.clock = clock;
    this.ledgers = ledgers;
  }

  /**
   * Rotates the namespace to the key in {@code newKeyFile} (created, mode 0600, if missing), or resumes the rotation
   * to it that is under way.
   *
   * @throws IllegalArgumentException if the namespace is not recorded, is not signed with a key file, or is being
   *     rotated to another key
   * @throws SealedStoreException if a key file cannot be loaded or the record does not verify
   */
  KeyRotationResult rotate(String name, String newKeyFile, int batch, boolean deleteRefused,
      RotationProgress progress) {
    long started = System.nanoTime();
    NamespaceRecord record = entries.namespace(name);
    if (record == null) {
      throw new IllegalArgumentException("No cache named \"" + name + "\" is recorded in the store");
    }
    if (record.keyFile() == null || record.keyId() == null) {
      throw new IllegalArgumentException("Cache \"" + name + "\" is " + (record.keyId() == null ? "not signed"
          : "signed with an in-memory key") + ": there is no key file to rotate");
    }
    if (record.rotating() && !record.keyFile().equals(newKeyFile)) {
      throw new IllegalArgumentException("Cache \"" + name + "\" is being rotated to " + record.keyFile()
          + ": finish that rotation first (rotate to " + record.keyFile() + " again)");
    }
    HmacEntrySigner next = keys.rotatingTo(newKeyFile);
    String from;
    if (!record.keyId().equals(next.keyId())) {
      if (record.rotating()) {
        throw new SealedStoreException("The key in " + newKeyFile + " is not the key cache \"" + name + "\" is being"
            + " rotated to (id " + record.keyId() + "): the file was replaced during the rotation. Restore it");
      }
      from = record.keyFile();
      record = begin(record, newKeyFile, next);
    } else if (!record.rotating()) {
      return new KeyRotationResult(name, record.keyFile(), newKeyFile, next.keyId(), 0, 0, 0, elapsed(started), 0,
          false);
    } else {
      from = record.previousKeys().get(0).keyFile();
    }
    NamespaceKeys.Held held = NamespaceKeys.trusted(record, null, keys, MINIMUM_VERSION);
    if (held == null || !held.current().keyId().equals(next.keyId())) {
      throw new SealedStoreException("The record of cache \"" + name + "\" does not verify under " + newKeyFile
          + ": the rotation cannot go on");
    }
    awaitEveryProcess(record.createdAt());
    long resigning = System.nanoTime();
    RowResigning.Counts counts;
    NamespaceLedger ledger = record.ledger() ? ledgers.keep(record) : null;
    if (record.ledger() && ledger == null) {
      throw new SealedStoreException("The keys of cache \"" + name + "\" cannot be loaded to keep its ledger: the "
          + "rotation cannot go on");
    }
    try {
      counts = new RowResigning(name, entries, blobs, counters, held, ledger, deleteRefused).resignAll(batch,
          progress);
      retire(name, next, held);
    } finally {
      if (ledger != null) {
        ledgers.release(name, ledger);
      }
    }
    long resigningMillis = elapsed(resigning);
    // Blobs of batches a kill interrupted, written but never committed, or superseded but not yet deleted.
    FailurePolicy.forNamespace(name).housekeeping("sweep the orphan blobs of", "the next attach sweeps again",
        () -> blobs.sweep(Digests.namespaceId(name), clock.instant().minus(BlobReclaimer.ORPHAN_BLOB_GRACE),
            blobId -> entries.blobReferenced(name, blobId)), 0);
    return new KeyRotationResult(name, from, newKeyFile, next.keyId(), counts.resigned(), counts.refused(),
        counts.kept(), elapsed(started), resigningMillis, true);
  }

  private NamespaceRecord begin(NamespaceRecord record, String newKeyFile, HmacEntrySigner next) {
    HmacEntrySigner previous = keys.existing(record.keyFile());
    if (previous == null || !RecordSeal.verifies(record, previous)) {
      throw new SealedStoreException("The record of cache \"" + record.name() + "\" does not verify under its key "
          + "file " + record.keyFile() + " (missing, damaged or not the key that signed it): its entries cannot be "
          + "carried over to a new key. Restore the key file, or start the cache afresh with the new key");
    }
    // The record's time is the rotation's start, which every process has followed within a refresh.
    NamespaceRecord rotating = RecordSeal.signed(new NamespaceRecord(record.name(), record.id(), clock.millis(),
        newKeyFile, next.keyId(), null, record.ledger(),
        List.of(new NamespaceRecord.KeyRef(record.keyFile(), record.keyId())), List.of()), next,
        handing(record, record.keyFile(), previous, next));
    entries.replaceNamespace(rotating);
    return rotating;
  }

  /**
   * Waits until every process has read the record again since the rotation began, so that none writes with the old
   * key any more, nor meets a row signed with the new one before it holds it: a resumed rotation begun long ago
   * waits no more.
   */
  private void awaitEveryProcess(long begunAt) {
    long wait = begunAt + 2 * NamespaceKeys.REFRESH.toMillis() - clock.millis();
    try {
      if (wait > 0) {
        Thread.sleep(Math.min(wait, 2 * NamespaceKeys.REFRESH.toMillis()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SealedStoreException("Interrupted while waiting for the processes using the store to follow the "
          + "rotation; run it again to resume", e);
    }
  }

  /**
   * Drops the previous keys from the record, keeping the handovers, once no row names them; a shared ledger moves to
   * the new key in the same transaction.
   */
  private void retire(String name, HmacEntrySigner next, NamespaceKeys.Held held) {
    NamespaceRecord record = entries.namespace(name);
    if (record == null || !next.keyId().equals(record.keyId()) || !record.rotating()) {
      return;
    }
    HmacEntrySigner previous = held.previous().isEmpty() ? null : held.previous().get(0);
    NamespaceRecord retired = RecordSeal.signed(new NamespaceRecord(record.name(), record.id(), record.createdAt(),
        record.keyFile(), record.keyId(), null, record.ledger(), List.of(), List.of()), next,
        handing(record, record.previousKeys().get(0).keyFile(), previous, next));
    if (record.ledger() && previous != null) {
      entries.replaceNamespace(retired, new LedgerHandover(name, held.oldest().ledgerSeal(name),
          next.ledgerSeal(name)));
    } else {
      entries.replaceNamespace(retired);
    }
  }

  /**
   * The keys the next record is handed over from: the key being retired (null if it cannot be loaded) and every older
   * one whose handover of {@code record} verifies and whose file is still there.
   */
  private List<RecordSeal.Handing> handing(NamespaceRecord record, String previousFile, HmacEntrySigner previous,
      HmacEntrySigner next) {
    List<RecordSeal.Handing> handing = new ArrayList<>();
    if (previous != null) {
      handing.add(new RecordSeal.Handing(previousFile, previous));
    }
    handing.addAll(RecordSeal.carried(record, keys, previous == null ? List.of(next.keyId())
        : List.of(next.keyId(), previous.keyId())));
    return handing;
  }

  private static long elapsed(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
