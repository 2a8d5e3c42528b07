package io.cachet.sealed;

import io.cachet.sealed.Faults.Target;
import io.cachet.store.BlobStore;
import java.time.Instant;
import java.util.function.Predicate;

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
    faults.before(Target.BLOB_WRITE, "putNew");
    return delegate.putNew(namespaceId, bytes);
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
    faults.before(Target.BLOB_DELETE, "delete");
    delegate.delete(namespaceId, blobId);
  }

  @Override
  public void deleteNamespace(String namespaceId) {
    faults.before(Target.BLOB_DELETE, "deleteNamespace");
    delegate.deleteNamespace(namespaceId);
  }

  @Override
  public int sweep(String namespaceId, Instant olderThan, Predicate<String> referenced) {
    faults.before(Target.BLOB_DELETE, "sweep");
    return delegate.sweep(namespaceId, olderThan, referenced);
  }
}
