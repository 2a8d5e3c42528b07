package io.cachet.sealed;

import io.cachet.IntegrityEvent.Reason;
import io.cachet.sealed.AuditFinding.Problem;
import io.cachet.sealed.CacheAudit.KeyStatus;
import io.cachet.store.BlobStore;
import io.cachet.store.Displaced;
import io.cachet.store.EntryStore;
import io.cachet.store.NamespaceRecord;
import io.cachet.store.StoredRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Audits one namespace: every row through {@link RowChecks}, then the blobs no row names. Repairing, it deletes
 * what it finds, as the integrity policy would (each row only if it is still the version found), keeping the ledger
 * and the change counters told; a namespace whose rows cannot be verified at all goes whole.
 */
final class NamespaceAudit {
  private final NamespaceRecord record;
  private final String namespaceId;
  private final EntryStore entries;
  private final BlobStore blobs;
  private final KeyRing keys;
  private final KeyChanges changes;
  private final Instant orphansBefore;
  private final boolean repair;
  private final List<AuditFinding> findings = new ArrayList<>();
  private final Set<String> namedBlobs = new HashSet<>();
  private long rows;
  private long verified;
  private long payloadBytes;

  /**
   * @param orphansBefore a blob no row names is an orphan only if stored before this time: a write in flight
   *     stores its blob before its row
   * @param repair whether to delete what is found
   */
  NamespaceAudit(NamespaceRecord record, EntryStore entries, BlobStore blobs, KeyRing keys, KeyChanges changes,
      Instant orphansBefore, boolean repair) {
    this.record = record;
    this.namespaceId = Digests.namespaceId(record.name());
    this.entries = entries;
    this.blobs = blobs;
    this.keys = keys;
    this.changes = changes;
    this.orphansBefore = orphansBefore;
    this.repair = repair;
  }

  CacheAudit run(AuditProgress progress) {
    String name = record.name();
    try (RowChecks checks = new RowChecks(record, entries, blobs, keys, repair)) {
      findings.addAll(checks.findings());
      if (!checks.verifiable()) {
        return checks.status() == KeyStatus.IN_MEMORY_KEY
            ? result(KeyStatus.IN_MEMORY_KEY, entries.summarize(name, 0).entries()) : unverifiable();
      }
      List<StoredRow> scanned = entries.scan(name);
      for (StoredRow row : scanned) {
        RowChecks.Checked checked = checks.check(row.cacheKey());
        if (checked != null && checked.refusal() != null) {
          refuse(checked.row(), checked.refusal());
        } else if (checked != null) {
          namedBlob(checked.row());
          verified++;
          payloadBytes += checked.row().fileSize();
        }
        progress.checked(name, ++rows, scanned.size());
      }
      orphanBlobs();
      return result(checks.status(), rows);
    }
  }

  private void refuse(StoredRow row, Reason failure) {
    boolean deleted = false;
    if (repair) {
      Displaced displaced = changes.change(row.cacheKey(),
          () -> entries.deleteIfVersion(record.name(), row.cacheKey(), row.version()));
      deleted = displaced.existed();
      if (deleted && blobs.isValidBlobId(displaced.blobId())
          && !entries.blobReferenced(record.name(), displaced.blobId())) {
        blobs.delete(namespaceId, displaced.blobId());
      }
    } else {
      namedBlob(row);
    }
    findings.add(new AuditFinding(record.name(), row.cacheKey(), AuditFinding.code(failure), describe(failure),
        deleted));
  }

  private void namedBlob(StoredRow row) {
    if (row.blobId() != null) {
      namedBlobs.add(row.blobId());
    }
  }

  /**
   * The namespace's blobs no row names, older than a write in flight. Repairing, the blob store's sweep deletes
   * those it wrote; what the listing still shows then (on S3, an object Cachet did not write, or wrote within its
   * orphan grace) is reported as not repaired, never deleted.
   */
  private void orphanBlobs() {
    String name = record.name();
    Set<String> swept = new HashSet<>();
    if (repair) {
      blobs.sweep(namespaceId, orphansBefore, blobId -> {
        boolean referenced = entries.blobReferenced(name, blobId);
        if (!referenced) {
          swept.add(blobId);
          findings.add(orphan(blobId, true));
        }
        return referenced;
      });
    }
    for (String blobId : blobs.list(namespaceId, orphansBefore)) {
      if (!swept.contains(blobId) && !namedBlobs.contains(blobId) && !entries.blobReferenced(name, blobId)) {
        findings.add(orphan(blobId, false));
      }
    }
  }

  private AuditFinding orphan(String blobId, boolean deleted) {
    String left = repair && !deleted
        ? "; left in place: the store deletes only blobs it wrote, once past its orphan grace" : "";
    return new AuditFinding(record.name(), null, AuditFinding.code(Problem.ORPHAN_BLOB),
        "blob " + blobId + " is named by no row" + left, deleted);
  }

  /** A cache whose rows cannot be checked; repairing, it is deleted whole, record and blobs included. */
  private CacheAudit unverifiable() {
    long stored = entries.summarize(record.name(), 0).entries();
    if (repair) {
      changes.changeAll(() -> {
        entries.deleteNamespace(record.name());
        blobs.deleteNamespace(namespaceId);
      });
      findings.replaceAll(finding -> new AuditFinding(finding.cache(), finding.keyHash(), finding.problem(),
          finding.detail() + "; the cache was deleted (" + stored + " rows)", true));
    }
    return result(KeyStatus.UNVERIFIABLE, stored);
  }

  private CacheAudit result(KeyStatus key, long rowCount) {
    return new CacheAudit(record.name(), record.keyFile(), record.keyId(), key, rowCount, verified, payloadBytes,
        record.ledger(), findings);
  }

  /** What a refusal reason means, for an operator reading a finding. */
  static String describe(Reason reason) {
    return switch (reason) {
      case BAD_SIGNATURE -> "the signature does not match the row";
      case FOREIGN_NAMESPACE -> "the row was signed for another cache and copied here";
      case UNSIGNED -> "the row carries no signature";
      case OLD_VERSION -> "the signature's version is older than accepted";
      case UNKNOWN_KEY -> "the row is signed with a key the cache does not list";
      case KEY_MISMATCH -> "the row's key bytes do not hash to its key hash: it was moved onto another key";
      case UNSUPPORTED_FORMAT -> "the row names a format Cachet does not write";
      case BAD_BLOB_ID -> "the row names a blob id that is not well formed";
      case MISSING_BLOB -> "the row's blob is missing or not a regular file";
      case SIZE_MISMATCH -> "the payload's length differs from the signed size";
      case HASH_MISMATCH -> "the payload differs from the signed hash";
      case DECRYPTION_FAILED -> "the payload cannot be decrypted";
      case UNDECODABLE -> "the payload cannot be deserialized";
      case CLASS_NOT_ALLOWED -> "the payload names a class outside the allow-list";
      case REPLAYED -> "an older write of the key, or of a removed key, was put back";
      case FORGED_CHANGE -> "a change message failed its seal";
    };
  }
}
