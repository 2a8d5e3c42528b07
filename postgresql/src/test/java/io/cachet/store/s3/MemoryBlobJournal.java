package io.cachet.store.s3;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A {@link BlobJournal} in memory, with no grace and no rows: every recorded blob is collectable. For the tests of
 * {@link S3BlobStore} alone; the store's real journal is PostgreSQL's, tested with it.
 */
final class MemoryBlobJournal implements BlobJournal {
  private final Map<Blob, Instant> recorded = new LinkedHashMap<>();

  @Override
  public synchronized boolean record(String namespaceId, String blobId) {
    return recorded.putIfAbsent(new Blob(namespaceId, blobId), Instant.now()) == null;
  }

  @Override
  public synchronized boolean confirm(String namespaceId, String blobId) {
    return recorded.replace(new Blob(namespaceId, blobId), Instant.now()) != null;
  }

  @Override
  public synchronized void forget(String namespaceId, List<String> blobIds) {
    blobIds.forEach(blobId -> recorded.remove(new Blob(namespaceId, blobId)));
  }

  @Override
  public synchronized List<String> recorded(String namespaceId, int limit) {
    return recorded.keySet().stream().filter(blob -> blob.namespaceId().equals(namespaceId)).limit(limit)
        .map(Blob::blobId).toList();
  }

  @Override
  public synchronized int collect(String namespaceId, Instant olderThan, int limit,
      Function<List<Blob>, List<Blob>> deleteObjects) {
    List<Blob> claimed = new ArrayList<>();
    recorded.forEach((blob, at) -> {
      if (claimed.size() < limit && (namespaceId == null || blob.namespaceId().equals(namespaceId))
          && (olderThan == null || at.isBefore(olderThan))) {
        claimed.add(blob);
      }
    });
    deleteObjects.apply(claimed).forEach(recorded::remove);
    return claimed.size();
  }

  /** {@return whether the blob is recorded} */
  synchronized boolean contains(String namespaceId, String blobId) {
    return recorded.containsKey(new Blob(namespaceId, blobId));
  }

  /** Forgets a blob as the collector does once it deleted its object. */
  synchronized void collected(String namespaceId, String blobId) {
    recorded.remove(new Blob(namespaceId, blobId));
  }
}
