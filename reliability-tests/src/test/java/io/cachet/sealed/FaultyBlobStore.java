package io.cachet.sealed;

import io.cachet.sealed.Faults.Target;
import io.cachet.store.BlobStore;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** A {@link BlobStore} that fails where its {@link Faults} say, and otherwise is the real one. */
final class FaultyBlobStore implements BlobStore {
  private final BlobStore delegate;
  private final Faults faults;

  FaultyBlobStore(BlobStore delegate, Faults faults) {
    this.delegate = delegate;
    this.faults = faults;
  }

  @Override
  public boolean isValidBlobId(String blobId) {
    return delegate.isValidBlobId(blobId);
  }

  @Override
  public String putNew(String namespaceId, byte[] bytes) {
    return change(Target.BLOB_WRITE, "putNew", () -> delegate.putNew(namespaceId, bytes));
  }

  @Override
  public byte[] read(String namespaceId, String blobId, int limit) {
    faults.blobReadStarting();
    if (faults.before(Target.BLOB_READ, "read")) {
      delegate.delete(namespaceId, blobId);
      faults.vanished(blobId);
    }
    return delegate.read(namespaceId, blobId, limit);
  }

  @Override
  public void delete(String namespaceId, String blobId) {
    change(Target.BLOB_DELETE, "delete", () -> {
      delegate.delete(namespaceId, blobId);
      return null;
    });
  }

  @Override
  public void deleteNamespace(String namespaceId) {
    change(Target.BLOB_DELETE, "deleteNamespace", () -> {
      delegate.deleteNamespace(namespaceId);
      return null;
    });
  }

  @Override
  public int sweep(String namespaceId, Instant olderThan, Predicate<String> referenced) {
    return change(Target.BLOB_DELETE, "sweep", () -> delegate.sweep(namespaceId, olderThan, referenced));
  }

  @Override
  public List<String> list(String namespaceId, Instant olderThan) {
    return delegate.list(namespaceId, olderThan);
  }

  @Override
  public Set<String> namespaceIds() {
    return delegate.namespaceIds();
  }

  /** A change to the files: the armed fault strikes before the real call, or after it took effect. */
  private <T> T change(Target target, String operation, Supplier<T> call) {
    faults.before(target, operation);
    T result = call.get();
    faults.after(target, operation);
    return result;
  }
}
