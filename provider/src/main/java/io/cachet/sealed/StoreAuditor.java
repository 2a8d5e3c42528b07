package io.cachet.sealed;

import io.cachet.sealed.AuditFinding.Problem;
import io.cachet.seal.HmacEntrySigner;
import io.cachet.store.BlobStore;
import io.cachet.store.ChangeCounters;
import io.cachet.store.EntryStore;
import io.cachet.store.NamespaceRecord;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Audits, and repairs, a whole store for an operator: every recorded cache ({@link NamespaceAudit}), the database's
 * own consistency check, and rows and blobs left of caches that have no record.
 */
final class StoreAuditor {
  private final EntryStore entries;
  private final BlobStore blobs;
  private final KeyRing keys;
  private final ChangeCounters counters;
  private final InstantSource clock;

  StoreAuditor(EntryStore entries, BlobStore blobs, KeyRing keys, ChangeCounters counters, InstantSource clock) {
    this.entries = entries;
    this.blobs = blobs;
    this.keys = keys;
    this.counters = counters;
    this.clock = clock;
  }

  /**
   * @param cache the one cache to audit, or null for all and the store as a whole
   * @param repair whether to delete what is found, then compact the database
   * @throws IllegalArgumentException if the named cache has no record
   */
  StoreAudit run(String cache, AuditProgress progress, boolean repair) {
    List<AuditFinding> store = new ArrayList<>();
    for (String problem : entries.checkIntegrity()) {
      store.add(new AuditFinding(null, null, AuditFinding.code(Problem.DATABASE_DAMAGED), problem, false));
    }
    // Listed before the records: a cache's record is written before its first row and blob, so that every cache
    // seen with rows or blobs here also has its record read below, unless it is truly gone.
    Set<String> blobNamespaces = cache == null ? blobs.namespaceIds() : Set.of();
    Set<String> rowNamespaces = cache == null ? entries.rowNamespaces() : Set.of();
    List<NamespaceRecord> records = entries.namespaces().stream()
        .filter(record -> cache == null || record.name().equals(cache))
        .sorted(Comparator.comparing(NamespaceRecord::name)).toList();
    if (cache != null && records.isEmpty()) {
      throw new IllegalArgumentException("No cache named \"" + cache + "\" is recorded in the store");
    }
    Instant orphansBefore = clock.instant().minus(BlobReclaimer.ORPHAN_BLOB_GRACE);
    List<CacheAudit> caches = new ArrayList<>();
    Set<String> recordedIds = new HashSet<>();
    Set<String> recordedNames = new HashSet<>();
    for (NamespaceRecord record : records) {
      recordedIds.add(Digests.namespaceId(record.name()));
      recordedNames.add(record.name());
      caches.add(new NamespaceAudit(record, entries, blobs, keys, new KeyChanges(record.name(), counters),
          orphansBefore, repair).run(progress));
    }
    for (String name : rowNamespaces.stream().sorted().toList()) {
      if (!recordedNames.contains(name)) {
        store.add(rowsWithoutRecord(name, repair));
        recordedIds.add(Digests.namespaceId(name));
      }
    }
    for (String namespaceId : blobNamespaces.stream().sorted().toList()) {
      if (!recordedIds.contains(namespaceId)) {
        store.add(blobsWithoutRecord(namespaceId, repair));
      }
    }
    if (repair) {
      entries.compact();
    }
    return new StoreAudit(caches, store, cache == null ? keyFiles() : List.of());
  }

  /** The key files in the root, each with the caches whose record names it now or as a key being retired. */
  private List<KeyFileUse> keyFiles() {
    List<NamespaceRecord> records = entries.namespaces();
    List<KeyFileUse> uses = new ArrayList<>();
    for (String keyFile : keys.candidateKeyFiles()) {
      HmacEntrySigner signer;
      try {
        signer = keys.existing(keyFile);
      } catch (SealedStoreException e) {
        continue;
      }
      if (signer == null) {
        continue;
      }
      String keyId = signer.keyId();
      List<String> signs = new ArrayList<>();
      List<String> retiring = new ArrayList<>();
      for (NamespaceRecord record : records) {
        if (keyId.equals(record.keyId()) && keyFile.equals(record.keyFile())) {
          signs.add(record.name());
        }
        if (record.previousKeys().stream().anyMatch(key -> key.keyId().equals(keyId))) {
          retiring.add(record.name());
        }
      }
      signs.sort(null);
      retiring.sort(null);
      uses.add(new KeyFileUse(keyFile, keyId, signs, retiring));
    }
    return uses;
  }

  /** Rows no record vouches for: no key can be trusted to check them. Repairing, they and their blobs go. */
  private AuditFinding rowsWithoutRecord(String name, boolean repair) {
    long rows = entries.summarize(name, 0).entries();
    boolean deleted = repair && entries.namespace(name) == null;
    if (deleted) {
      new KeyChanges(name, counters).changeAll(() -> {
        entries.deleteNamespace(name);
        blobs.deleteNamespace(Digests.namespaceId(name));
      });
    }
    return new AuditFinding(name, null, AuditFinding.code(Problem.ROWS_WITHOUT_RECORD), rows + " rows of a cache"
        + " that has no record: they cannot be verified", deleted);
  }

  private AuditFinding blobsWithoutRecord(String namespaceId, boolean repair) {
    boolean deleted = repair && entries.namespaces().stream()
        .noneMatch(record -> Digests.namespaceId(record.name()).equals(namespaceId));
    if (deleted) {
      blobs.deleteNamespace(namespaceId);
    }
    return new AuditFinding(null, null, AuditFinding.code(Problem.BLOBS_WITHOUT_RECORD), "blobs of a cache that"
        + " has no record, under namespace id " + namespaceId, deleted);
  }
}
