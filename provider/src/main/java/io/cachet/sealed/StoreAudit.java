package io.cachet.sealed;

import java.util.ArrayList;
import java.util.List;

/**
 * What an audit (or a repair) of a store found: per cache, and for the store as a whole.
 *
 * @param caches the caches audited, by name
 * @param store what is wrong beyond any one recorded cache: the database's own check, rows and blobs of caches
 *     that have no record
 * @param keyFiles the key files in the root and the caches using each, by name (empty for an audit of one cache)
 */
public record StoreAudit(List<CacheAudit> caches, List<AuditFinding> store, List<KeyFileUse> keyFiles) {

  public StoreAudit {
    caches = List.copyOf(caches);
    store = List.copyOf(store);
    keyFiles = List.copyOf(keyFiles);
  }

  /** {@return every finding, the caches' first} */
  public List<AuditFinding> findings() {
    List<AuditFinding> all = new ArrayList<>();
    caches.forEach(cache -> all.addAll(cache.findings()));
    all.addAll(store);
    return all;
  }

  /** {@return whether nothing is wrong} */
  public boolean clean() {
    return findings().isEmpty();
  }
}
