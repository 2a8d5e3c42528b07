package io.cachet.sealed;

import io.cachet.sealed.Faults.Target;
import io.cachet.store.Displaced;
import io.cachet.store.EntryStore;
import io.cachet.store.Evicted;
import io.cachet.store.Ledger;
import io.cachet.store.NamespaceRecord;
import io.cachet.store.NamespaceSummary;
import io.cachet.store.RowVersion;
import io.cachet.store.StoredRow;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** An {@link EntryStore} that fails where its {@link Faults} say, and otherwise is the real one. */
final class FaultyEntryStore implements EntryStore {
  private final EntryStore delegate;
  private final Faults faults;

  FaultyEntryStore(EntryStore delegate, Faults faults) {
    this.delegate = delegate;
    this.faults = faults;
  }

  @Override
  public Lookup lookup(String namespace, String cacheKey) {
    faults.before(Target.ENTRY_READ, "get");
    return delegate.lookup(namespace, cacheKey);
  }

  @Override
  public LookupAll lookupAll(String namespace, Collection<String> cacheKeys) {
    faults.before(Target.ENTRY_READ, "getAll");
    return delegate.lookupAll(namespace, cacheKeys);
  }

  @Override
  public Map<String, StoredRow> upsertAll(String namespace,
      Map<String, ? extends UnaryOperator<StoredRow>> replacements, boolean recordAccess) {
    return write("upsertAll", () -> delegate.upsertAll(namespace, replacements, recordAccess));
  }

  @Override
  public Displaced delete(String namespace, String cacheKey) {
    return write("delete", () -> delegate.delete(namespace, cacheKey));
  }

  @Override
  public Displaced deleteIfVersion(String namespace, String cacheKey, RowVersion expected) {
    return write("deleteIfVersion", () -> delegate.deleteIfVersion(namespace, cacheKey, expected));
  }

  @Override
  public boolean updateExpiryIfVersion(String namespace, String cacheKey, RowVersion expected, Long expiresAt,
      UnaryOperator<StoredRow> reseal) {
    return write("updateExpiryIfVersion",
        () -> delegate.updateExpiryIfVersion(namespace, cacheKey, expected, expiresAt, reseal));
  }

  @Override
  public void keepLedger(String namespace, Ledger ledger) {
    delegate.keepLedger(namespace, ledger);
  }

  @Override
  public void audit(String namespace, Ledger.Audit audit) {
    write("audit", () -> {
      delegate.audit(namespace, audit);
      return null;
    });
  }

  @Override
  public <T> T readLedger(String namespace, Ledger.Reader<T> reader) {
    faults.before(Target.ENTRY_READ, "readLedger");
    return delegate.readLedger(namespace, reader);
  }

  @Override
  public List<String> deleteAll(String namespace) {
    return write("deleteAll", () -> delegate.deleteAll(namespace));
  }

  @Override
  public List<StoredRow> scan(String namespace) {
    faults.before(Target.ENTRY_READ, "scan");
    return delegate.scan(namespace);
  }

  @Override
  public NamespaceSummary summarize(String namespace, long now) {
    faults.before(Target.ENTRY_READ, "summarize");
    return delegate.summarize(namespace, now);
  }

  @Override
  public List<StoredRow> expired(String namespace, long now, int limit) {
    faults.before(Target.ENTRY_READ, "expired");
    return delegate.expired(namespace, now, limit);
  }

  @Override
  public boolean blobReferenced(String namespace, String blobId) {
    faults.before(Target.ENTRY_READ, "blobReferenced");
    return delegate.blobReferenced(namespace, blobId);
  }

  @Override
  public NamespaceRecord namespace(String name) {
    faults.before(Target.ENTRY_READ, "namespace");
    return delegate.namespace(name);
  }

  @Override
  public boolean insertNamespace(NamespaceRecord record) {
    return write("insertNamespace", () -> delegate.insertNamespace(record));
  }

  @Override
  public void replaceNamespace(NamespaceRecord record) {
    write("replaceNamespace", () -> {
      delegate.replaceNamespace(record);
      return null;
    });
  }

  @Override
  public void replaceNamespace(NamespaceRecord record, Ledger.Audit ledger) {
    write("replaceNamespace", () -> {
      delegate.replaceNamespace(record, ledger);
      return null;
    });
  }

  @Override
  public List<NamespaceRecord> namespaces() {
    faults.before(Target.ENTRY_READ, "namespaces");
    return delegate.namespaces();
  }

  @Override
  public List<String> deleteNamespace(String name) {
    return write("deleteNamespace", () -> delegate.deleteNamespace(name));
  }

  @Override
  public boolean keyFileSigns(String keyFile) {
    faults.before(Target.ENTRY_READ, "keyFileSigns");
    return delegate.keyFileSigns(keyFile);
  }

  @Override
  public void touch(String namespace, String cacheKey, long accessedAt) {
    write("touch", () -> {
      delegate.touch(namespace, cacheKey, accessedAt);
      return null;
    });
  }

  @Override
  public List<Evicted> evict(String namespace, long maxEntries, long maxBytes, String keep) {
    return write("evict", () -> delegate.evict(namespace, maxEntries, maxBytes, keep));
  }

  @Override
  public List<String> checkIntegrity() {
    return delegate.checkIntegrity();
  }

  @Override
  public Set<String> rowNamespaces() {
    return delegate.rowNamespaces();
  }

  @Override
  public void compact() {
    delegate.compact();
  }

  @Override
  public void close() {
    delegate.close();
  }

  /** A write: the armed fault strikes before the real call, or after it committed. */
  private <T> T write(String operation, Supplier<T> call) {
    faults.before(Target.ENTRY_WRITE, operation);
    T result = call.get();
    faults.after(Target.ENTRY_WRITE, operation);
    return result;
  }
}
