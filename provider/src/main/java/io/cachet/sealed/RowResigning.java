package io.cachet.sealed;

import io.cachet.IntegrityEvent.Reason;
import io.cachet.seal.HmacEntrySigner;
import io.cachet.seal.PayloadCipher;
import io.cachet.serial.KryoValueCodec;
import io.cachet.store.BlobStore;
import io.cachet.store.ChangeCounters;
import io.cachet.store.Displaced;
import io.cachet.store.EntryStore;
import io.cachet.store.RowVersion;
import io.cachet.store.StoredRow;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The re-signing step of a {@link KeyRotation}: every row of one namespace not signed with the current key is checked
 * as a reader checks it (seal and payload) under the keys the record lists, then re-signed with the current key (an
 * encrypted payload re-encrypted under it), in batches, each one transaction that writes a row only if it is still the
 * version checked. With a shared ledger a re-signed row is a new write of its key (the ledger tells every process of
 * it); without, it keeps its generation. A row that fails its checks is deleted, or kept as it is when the policy
 * deletes nothing.
 */
final class RowResigning {
  private static final int MAXIMUM_PASSES = 100;
  private static final System.Logger LOG = System.getLogger("io.cachet.sealed");

  /** What the re-signing did: rows re-signed, rows that failed their checks deleted, and kept. */
  record Counts(long resigned, long refused, long kept) {}

  /**
   * A row checked and made ready to re-sign (re-encrypted under the new key), to sign and write in one transaction if
   * the row is still the version checked.
   */
  private record Resigned(RowVersion checked, StoredRow unsigned, String newBlob, String oldBlob) {}

  private final String name;
  private final EntryStore entries;
  private final BlobStore blobs;
  private final ChangeCounters counters;
  private final HmacEntrySigner next;
  private final RowSealer sealer;
  private final PayloadReader payloads;
  private final boolean ledgered;
  private final boolean deleteRefused;
  // Rows that failed their checks and were kept, by key, as the version found: not checked again unless replaced.
  private final Map<String, RowVersion> kept = new HashMap<>();
  private long resigned;
  private long refused;

  /**
   * @param held the keys the record lists: rows are checked under them and re-signed with the current one
   * @param ledger the namespace's shared ledger, kept by the entry store, or null if it keeps none
   * @param deleteRefused whether a row that fails its checks is deleted, or kept as it is
   */
  RowResigning(String name, EntryStore entries, BlobStore blobs, ChangeCounters counters, NamespaceKeys.Held held,
      NamespaceLedger ledger, boolean deleteRefused) {
    this.name = name;
    this.entries = entries;
    this.blobs = blobs;
    this.counters = counters;
    this.next = held.current();
    this.sealer = new RowSealer(name, NamespaceKeys.fixed(name, held), false, ledger);
    this.payloads = new PayloadReader(Digests.namespaceId(name), blobs, KryoValueCodec.ID, sealer::cipherOf);
    this.ledgered = ledger != null;
    this.deleteRefused = deleteRefused;
  }

  /** Re-signs rows, pass after pass, until no row but those kept names another key. */
  Counts resignAll(int batch, RotationProgress progress) {
    for (int pass = 1; ; pass++) {
      List<String> pending = new ArrayList<>();
      for (StoredRow row : entries.scan(name)) {
        if (!next.keyId().equals(HmacEntrySigner.keyIdOf(row.entrySignature()))
            && !row.version().equals(kept.get(row.cacheKey()))) {
          pending.add(row.cacheKey());
        }
      }
      if (pending.isEmpty()) {
        return new Counts(resigned, refused, kept.size());
      }
      if (pass > MAXIMUM_PASSES) {
        throw new SealedStoreException(pending.size() + " rows of cache \"" + name + "\" are still written with "
            + "another key after " + MAXIMUM_PASSES + " passes: a process keeps writing with a key it does not take"
            + " from the record. Run the rotation again once it is stopped or reconfigured");
      }
      for (int from = 0; from < pending.size(); from += batch) {
        List<String> keysOfBatch = pending.subList(from, Math.min(pending.size(), from + batch));
        resign(keysOfBatch);
        long done = resigned + refused + kept.size();
        progress.resigned(name, done, done + pending.size() - from - keysOfBatch.size());
      }
    }
  }

  private void resign(List<String> cacheKeys) {
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
        batch.put(cacheKey, prepared(row, payloads.verified(row)));
      } catch (RefusedEntry refusal) {
        // A row a concurrent write replaced meanwhile (its blob reclaimed, say) is left to the next pass.
        if (deleteRefused) {
          refuse(row, refusal.failure(), changes);
        } else {
          keep(row, refusal.failure());
        }
      }
    }
    Map<String, UnaryOperator<StoredRow>> replacements = new LinkedHashMap<>();
    Map<String, Boolean> written = new LinkedHashMap<>();
    RowSealer.Signing signing = new RowSealer.Signing(next, null);
    batch.forEach((cacheKey, prepared) -> replacements.put(cacheKey, current -> {
      boolean unchanged = current != null && current.version().equals(prepared.checked());
      written.put(cacheKey, unchanged);
      if (!unchanged) {
        return null;
      }
      StoredRow unsigned = prepared.unsigned();
      return ledgered ? sealer.seal(unsigned, current, signing)
          : unsigned.withSignature(next.sign(RowSealer.fields(unsigned, unsigned.namespace())));
    }));
    Map<String, Long> tokens = new LinkedHashMap<>();
    try {
      replacements.keySet().forEach(cacheKey -> tokens.put(cacheKey, changes.begin(cacheKey)));
      entries.upsertAll(name, replacements, false);
    } catch (RuntimeException e) {
      batch.values().forEach(prepared -> deleteUnreferenced(prepared.newBlob()));
      throw e;
    } finally {
      tokens.forEach((cacheKey, token) -> changes.end(cacheKey, token));
    }
    batch.forEach((cacheKey, prepared) -> {
      if (Boolean.TRUE.equals(written.get(cacheKey))) {
        resigned++;
        deleteUnreferenced(prepared.oldBlob());
      } else {
        deleteUnreferenced(prepared.newBlob());
      }
    });
  }

  /**
   * The row to sign with the new key: an encrypted payload is encrypted again under the new key, into a new blob if it
   * was in one.
   */
  private Resigned prepared(StoredRow row, byte[] plaintext) {
    StoredRow unsigned = row;
    String newBlob = null;
    if (PayloadCipher.NAME.equals(row.encryption())) {
      byte[] payload = next.cipher(row.namespace()).encrypt(row.cacheKey(), row.createdAt(), plaintext);
      boolean blob = StoredRow.BLOB.equals(row.storageFormat());
      newBlob = blob ? blobs.putNew(Digests.namespaceId(row.namespace()), payload) : null;
      unsigned = row.withPayload(payload.length, PayloadIntegrity.fileHash(payload, true), blob ? null : payload,
          newBlob);
    }
    return new Resigned(row.version(), unsigned, newBlob, newBlob == null ? null : row.blobId());
  }

  /** Deletes a row that failed its checks if it is still the version checked. */
  private void refuse(StoredRow row, Reason failure, KeyChanges changes) {
    Displaced displaced = changes.change(row.cacheKey(),
        () -> entries.deleteIfVersion(name, row.cacheKey(), row.version()));
    if (!displaced.existed()) {
      return;
    }
    refused++;
    deleteUnreferenced(displaced.blobId());
    LOG.log(Level.WARNING, "Cache \"{0}\": entry {1} failed its checks ({2}) and was deleted rather than re-signed",
        name, row.cacheKey(), failure);
  }

  /** Leaves a row that failed its checks as it is, if it still is the version checked. */
  private void keep(StoredRow row, Reason failure) {
    StoredRow now = entries.get(name, row.cacheKey());
    if (now == null || !now.version().equals(row.version())) {
      return;
    }
    kept.put(row.cacheKey(), row.version());
    LOG.log(Level.WARNING, "Cache \"{0}\": entry {1} failed its checks ({2}) and was kept as it is, signed with the "
        + "old key, rather than re-signed", name, row.cacheKey(), failure);
  }

  private void deleteUnreferenced(String blobId) {
    if (blobId != null && blobs.isValidBlobId(blobId) && !entries.blobReferenced(name, blobId)) {
      blobs.delete(Digests.namespaceId(name), blobId);
    }
  }
}
