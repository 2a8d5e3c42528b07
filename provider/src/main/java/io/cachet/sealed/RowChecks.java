package io.cachet.sealed;

import io.cachet.CachetOptions;
import io.cachet.IntegrityEvent.Reason;
import io.cachet.sealed.AuditFinding.Problem;
import io.cachet.sealed.CacheAudit.KeyStatus;
import io.cachet.seal.HmacEntrySigner;
import io.cachet.serial.KryoValueCodec;
import io.cachet.store.BlobStore;
import io.cachet.store.EntryStore;
import io.cachet.store.Ledger;
import io.cachet.store.NamespaceRecord;
import io.cachet.store.StoredRow;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks an application makes of one namespace's rows, set up from its record alone for an operator's tool:
 * the record under the key file it names (never following a record that does not verify to a key), each row's seal
 * and payload, and its freshness against the shared ledger where the namespace keeps one. Deserializes nothing.
 */
final class RowChecks implements AutoCloseable {
  private static final int LOAD_ATTEMPTS = 3;
  // The tool does not know each application's minimumSignatureVersion: it accepts what the default accepts.
  private static final int MINIMUM_VERSION = CachetOptions.MINIMUM_SIGNATURE_VERSION.defaultValue();

  private final NamespaceRecord record;
  private final EntryStore entries;
  private final boolean keepsLedger;
  private final List<AuditFinding> findings = new ArrayList<>();
  private final KeyStatus status;
  private RowSealer sealer;
  private PayloadReader payloads;
  private NamespaceLedger ledger;
  // The ledger does not match the rows: an application trusts none of them, whatever else it checks.
  private boolean distrusted;

  /** A row as checked: the row found, why it is refused (null if it verified), and its verified payload. */
  record Checked(StoredRow row, Reason refusal, byte[] serialized) {}

  /**
   * @param keepLedger whether to store a restarted ledger where the rows do not match it and keep the ledger told
   *     of this store's deletes until {@link #close}, as an application's attach does; false changes nothing
   */
  RowChecks(NamespaceRecord record, EntryStore entries, BlobStore blobs, KeyRing keys, boolean keepLedger) {
    this.record = record;
    this.entries = entries;
    this.keepsLedger = keepLedger;
    String namespaceId = Digests.namespaceId(record.name());
    NamespaceKeys namespaceKeys = null;
    if (record.keyId() != null && record.keyFile() == null) {
      status = KeyStatus.IN_MEMORY_KEY;
      return;
    }
    if (record.keyId() != null) {
      namespaceKeys = keys(keys);
      if (namespaceKeys == null) {
        status = KeyStatus.UNVERIFIABLE;
        return;
      }
    } else if (!ComposedSealedStore.verifies(record, null) || !namespaceId.equals(record.id())) {
      finding(Problem.RECORD_DOES_NOT_VERIFY, "the record names no key but is not an unsigned cache's");
      status = KeyStatus.UNVERIFIABLE;
      return;
    }
    status = namespaceKeys == null ? KeyStatus.UNSIGNED : KeyStatus.VERIFIED;
    ledger = record.ledger() && namespaceKeys != null ? ledger(namespaceKeys) : null;
    // Read-only, a ledger the rows do not match stays so, and checking a row against it would scan them all.
    RowSealer rowSealer = new RowSealer(record.name(), namespaceKeys, false, distrusted ? null : ledger);
    sealer = rowSealer;
    payloads = new PayloadReader(namespaceId, blobs, KryoValueCodec.ID,
        namespaceKeys == null ? null : rowSealer::cipherOf);
  }

  /** Whether, and with what, the rows can be checked. */
  KeyStatus status() {
    return status;
  }

  /** Whether the rows can be checked: {@link #check} may be called. */
  boolean verifiable() {
    return sealer != null;
  }

  /** What is wrong with the namespace as a whole: its record, its key file, its ledger. */
  List<AuditFinding> findings() {
    return findings;
  }

  /**
   * Checks the row under the key as it is now, with its payload: a row that fails a check a concurrent write can
   * explain (its blob reclaimed, a newer generation) is loaded again, and refused only if it is still the same.
   *
   * @return the check, or null if there is no row
   */
  Checked check(String cacheKey) {
    StoredRow refusedRow = null;
    Reason refusal = null;
    for (int attempt = 1; attempt <= LOAD_ATTEMPTS; attempt++) {
      EntryStore.Lookup lookup = entries.lookup(record.name(), cacheKey);
      StoredRow row = lookup.row();
      if (row == null) {
        return null;
      }
      if (refusedRow != null && row.version().equals(refusedRow.version())) {
        break;
      }
      try {
        checkSeal(row, lookup.ledgerGeneration());
        byte[] serialized = payloads.verified(row);
        if (distrusted && row.entrySignature() != null) {
          throw new RefusedEntry(Reason.REPLAYED);
        }
        return new Checked(row, null, serialized);
      } catch (RefusedEntry refused) {
        refusedRow = row;
        refusal = refused.failure();
        if (refusal != Reason.MISSING_BLOB && refusal != Reason.REPLAYED) {
          break;
        }
      }
    }
    return new Checked(refusedRow, refusal, null);
  }

  /** Checks the row's seal, reading the keys again once if it names one not held (a rotation began meanwhile). */
  private void checkSeal(StoredRow row, long ledgerGeneration) throws RefusedEntry {
    try {
      sealer.check(row, ledgerGeneration);
    } catch (RefusedEntry refused) {
      if (refused.failure() != Reason.UNKNOWN_KEY || !sealer.refreshKeys(row)) {
        throw refused;
      }
      sealer.check(row, ledgerGeneration);
    }
  }

  /**
   * The keys the record names, if their files are there and safe and the record verifies under its own: during a
   * rotation, the key it names and those it is retiring. A rotation that begins while the rows are checked is
   * followed as an application follows it.
   */
  private NamespaceKeys keys(KeyRing ring) {
    NamespaceKeys.Held held;
    try {
      held = NamespaceKeys.trusted(record, null, ring, MINIMUM_VERSION);
      if (held == null && ring.existing(record.keyFile()) == null) {
        finding(Problem.KEY_FILE_MISSING, "the key file " + record.keyFile() + " is missing or damaged: no row can"
            + " be verified, and applications cannot open the cache");
        return null;
      }
    } catch (SealedStoreException e) {
      finding(Problem.KEY_FILE_UNSAFE, e.getMessage());
      return null;
    }
    if (held == null) {
      finding(Problem.RECORD_DOES_NOT_VERIFY, "the record does not verify under " + record.keyFile()
          + ": neither the key it names nor anything else it says can be trusted");
      return null;
    }
    return new NamespaceKeys(record.name(), held, keys -> {
      NamespaceRecord now = entries.namespace(record.name());
      return now == null ? null : NamespaceKeys.trusted(now, null, ring, MINIMUM_VERSION);
    }, InstantSource.system());
  }

  /**
   * The namespace's ledger, built as an attaching application builds it from the stored ledger and rows; a ledger
   * the rows do not match is reported and, kept, restarted, so that its rows are refused as replayed.
   */
  private NamespaceLedger ledger(NamespaceKeys namespaceKeys) {
    NamespaceLedger built = new NamespaceLedger(record.name(), new LedgerSeals(record.name(), namespaceKeys), entries,
        true);
    boolean[] mismatch = new boolean[1];
    Ledger.Audit audit = (stored, reads) -> {
      Ledger.Update restart = built.audit(stored, reads);
      mismatch[0] = restart != null;
      return restart;
    };
    if (keepsLedger) {
      entries.audit(record.name(), audit);
      entries.keepLedger(record.name(), built);
    } else {
      entries.readLedger(record.name(), audit::audit);
    }
    distrusted = mismatch[0] && !keepsLedger;
    if (mismatch[0]) {
      finding(Problem.LEDGER_MISMATCH, "the rows do not match the signed ledger: rows were put back, added or "
          + "deleted outside Cachet; every row written before is refused as replayed");
    }
    return built;
  }

  private void finding(Problem problem, String detail) {
    findings.add(new AuditFinding(record.name(), null, AuditFinding.code(problem), detail, false));
  }

  /** Stops keeping the ledger told of this store's deletes. */
  @Override
  public void close() {
    if (ledger != null && keepsLedger) {
      entries.keepLedger(record.name(), null);
    }
  }
}
