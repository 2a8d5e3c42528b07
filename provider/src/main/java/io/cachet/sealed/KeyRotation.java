package io.cachet.sealed;

import io.cachet.CachetOptions;
import io.cachet.IntegrityEvent.Reason;
import io.cachet.seal.HmacEntrySigner;
import io.cachet.seal.PayloadCipher;
import io.cachet.serial.KryoValueCodec;
import io.cachet.store.BlobStore;
import io.cachet.store.ChangeCounters;
import io.cachet.store.Displaced;
import io.cachet.store.EntryStore;
import io.cachet.store.NamespaceRecord;
import io.cachet.store.RowVersion;
import io.cachet.store.StoredRow;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Rotates one namespace's signing key without losing its entries, while processes keep using it:
 *
 * <ol>
 *   <li><b>Begin</b>: the record names the new key as current and the old one as previous, signed by the new key
 *       and handed over by the old one ({@link RecordSeal}). Every process follows it within
 *       {@link NamespaceKeys#REFRESH}: from then on it writes with the new key and still reads rows of the old.
 *   <li><b>Re-sign</b>, after waiting for that: every row not signed with the new key is checked as a reader checks
 *       it (seal and payload) under the keys the record lists, then re-signed with the new key (an encrypted payload
 *       re-encrypted under it), in batches, each one transaction that writes a row only if it is still the version
 *       checked. A row that fails its checks is not re-signed but deleted, as the integrity policy would.
 *   <li><b>Retire</b>, once no row names the old key: the record lists no previous key; the old key's handover is
 *       kept, so that a process still configured with the old key file follows the record to the new one.
 * </ol>
 *
 * Each step leaves a store every process reads right, so a rotation stopped anywhere (a kill) is resumed by running it
 * again: a record listing previous keys is a rotation under way.
 */
final class KeyRotation {
  private static final int MAXIMUM_PASSES = 100;
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
  KeyRotationResult rotate(String name, String newKeyFile, int batch, RotationProgress progress) {
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
      return new KeyRotationResult(name, record.keyFile(), newKeyFile, next.keyId(), 0, 0, elapsed(started), 0,
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
    long[] counts;
    NamespaceLedger ledger = record.ledger() ? ledgers.keep(record) : null;
    if (record.ledger() && ledger == null) {
      throw new SealedStoreException("The keys of cache \"" + name + "\" cannot be loaded to keep its ledger: the "
          + "rotation cannot go on");
    }
    try {
      counts = resignAll(name, held, ledger, batch, progress);
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
    return new KeyRotationResult(name, from, newKeyFile, next.keyId(), counts[0], counts[1], elapsed(started),
        resigningMillis, true);
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
        List.of(new NamespaceRecord.KeyRef(record.keyFile(), record.keyId())), null), next, previous);
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
   * Re-signs every row not signed with the current key; with a shared ledger, each as a new write of its key (the
   * ledger tells processes of it), else keeping its generation. @return rows re-signed, rows refused
   */
  private long[] resignAll(String name, NamespaceKeys.Held held, NamespaceLedger ledger, int batch,
      RotationProgress progress) {
    NamespaceKeys namespaceKeys = NamespaceKeys.fixed(name, held);
    RowSealer sealer = new RowSealer(name, namespaceKeys, false, ledger);
    PayloadReader payloads = new PayloadReader(Digests.namespaceId(name), blobs, KryoValueCodec.ID, sealer::cipherOf);
    String currentId = held.current().keyId();
    long[] counts = new long[2];
    for (int pass = 1; ; pass++) {
      List<String> pending = new ArrayList<>();
      for (StoredRow row : entries.scan(name)) {
        if (!currentId.equals(HmacEntrySigner.keyIdOf(row.entrySignature()))) {
          pending.add(row.cacheKey());
        }
      }
      if (pending.isEmpty()) {
        return counts;
      }
      if (pass > MAXIMUM_PASSES) {
        throw new SealedStoreException(pending.size() + " rows of cache \"" + name + "\" are still written with "
            + "another key after " + MAXIMUM_PASSES + " passes: a process keeps writing with a key it does not take"
            + " from the record. Run the rotation again once it is stopped or reconfigured");
      }
      for (int from = 0; from < pending.size(); from += batch) {
        List<String> keysOfBatch = pending.subList(from, Math.min(pending.size(), from + batch));
        resign(name, keysOfBatch, sealer, ledger != null, payloads, held.current(), counts);
        progress.resigned(name, counts[0] + counts[1], counts[0] + counts[1] + pending.size() - from
            - keysOfBatch.size());
      }
    }
  }

  /**
   * A row checked and made ready to re-sign (re-encrypted under the new key), to sign and write in one transaction if
   * the row is still the version checked.
   */
  private record Resigned(RowVersion checked, StoredRow unsigned, String newBlob, String oldBlob) {}

  private void resign(String name, List<String> cacheKeys, RowSealer sealer, boolean ledgered,
      PayloadReader payloads, HmacEntrySigner next, long[] counts) {
    Map<String, Resigned> batch = new LinkedHashMap<>();
    KeyChanges changes = new KeyChanges(name, counters);
    Map<String, StoredRow> rows = entries.getAll(name, cacheKeys);
    for (String cacheKey : cacheKeys) {
      StoredRow row = rows.get(cacheKey);
      if (row == null || next.keyId().equals(HmacEntrySigner.keyIdOf(row.entrySignature()))) {
        continue;
      }
      try {
        sealer.check(row);
        byte[] plaintext = payloads.verified(row);
        batch.put(cacheKey, resigned(row, plaintext, next));
      } catch (RefusedEntry refused) {
        // A row a concurrent write replaced meanwhile (its blob reclaimed, say) is left to the next pass.
        if (refuse(name, row, refused.failure(), changes)) {
          counts[1]++;
        }
      }
    }
    Map<String, UnaryOperator<StoredRow>> replacements = new LinkedHashMap<>();
    Map<String, Boolean> written = new LinkedHashMap<>();
    RowSealer.Signing signing = new RowSealer.Signing(next, null);
    batch.forEach((cacheKey, resigned) -> replacements.put(cacheKey, current -> {
      boolean unchanged = current != null && current.version().equals(resigned.checked());
      written.put(cacheKey, unchanged);
      if (!unchanged) {
        return null;
      }
      StoredRow unsigned = resigned.unsigned();
      return ledgered ? sealer.seal(unsigned, current, signing)
          : unsigned.withSignature(next.sign(RowSealer.fields(unsigned, unsigned.namespace())));
    }));
    Map<String, Long> tokens = new LinkedHashMap<>();
    try {
      replacements.keySet().forEach(cacheKey -> tokens.put(cacheKey, changes.begin(cacheKey)));
      entries.upsertAll(name, replacements, false);
    } catch (RuntimeException e) {
      batch.values().forEach(resigned -> deleteUnreferenced(name, resigned.newBlob()));
      throw e;
    } finally {
      tokens.forEach((cacheKey, token) -> changes.end(cacheKey, token));
    }
    batch.forEach((cacheKey, resigned) -> {
      if (Boolean.TRUE.equals(written.get(cacheKey))) {
        counts[0]++;
        deleteUnreferenced(name, resigned.oldBlob());
      } else {
        deleteUnreferenced(name, resigned.newBlob());
      }
    });
  }

  /**
   * The row to sign with the new key: an encrypted payload is encrypted again under the new key, into a new blob if it
   * was in one.
   */
  private Resigned resigned(StoredRow row, byte[] plaintext, HmacEntrySigner next) {
    StoredRow unsigned = row;
    String newBlob = null;
    if (PayloadCipher.NAME.equals(row.encryption())) {
      PayloadCipher cipher = next.cipher(row.namespace());
      byte[] payload = cipher.encrypt(row.cacheKey(), row.createdAt(), plaintext);
      boolean blob = StoredRow.BLOB.equals(row.storageFormat());
      newBlob = blob ? blobs.putNew(Digests.namespaceId(row.namespace()), payload) : null;
      unsigned = row.withPayload(payload.length, PayloadIntegrity.fileHash(payload, true), blob ? null : payload,
          newBlob);
    }
    return new Resigned(row.version(), unsigned, newBlob, newBlob == null ? null : row.blobId());
  }

  /** Deletes a row that failed its checks if it is still the version checked. @return whether it was */
  private boolean refuse(String name, StoredRow row, Reason failure, KeyChanges changes) {
    Displaced displaced = changes.change(row.cacheKey(),
        () -> entries.deleteIfVersion(name, row.cacheKey(), row.version()));
    if (!displaced.existed()) {
      return false;
    }
    deleteUnreferenced(name, displaced.blobId());
    System.getLogger("io.cachet.sealed").log(System.Logger.Level.WARNING, "Cache \"{0}\": entry {1} failed its "
        + "checks ({2}) and was deleted rather than re-signed", name, row.cacheKey(), failure);
    return true;
  }

  private void deleteUnreferenced(String name, String blobId) {
    if (blobId != null && blobs.isValidBlobId(blobId) && !entries.blobReferenced(name, blobId)) {
      blobs.delete(Digests.namespaceId(name), blobId);
    }
  }

  /**
   * Drops the previous keys from the record, keeping the old key's handover, once no row names them; a shared ledger
   * moves to the new key in the same transaction.
   */
  private void retire(String name, HmacEntrySigner next, NamespaceKeys.Held held) {
    NamespaceRecord record = entries.namespace(name);
    if (record == null || !next.keyId().equals(record.keyId()) || !record.rotating()) {
      return;
    }
    HmacEntrySigner previous = held.previous().isEmpty() ? null : held.previous().get(0);
    NamespaceRecord retired = RecordSeal.signed(new NamespaceRecord(record.name(), record.id(), record.createdAt(),
        record.keyFile(), record.keyId(), null, record.ledger(), List.of(), null), next, previous);
    if (record.ledger() && previous != null) {
      entries.replaceNamespace(retired, new LedgerHandover(name, held.oldest().ledgerSeal(name),
          next.ledgerSeal(name)));
    } else {
      entries.replaceNamespace(retired);
    }
  }

  private static long elapsed(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
