package io.cachet.store.s3;

import io.cachet.store.BlobIds;
import io.cachet.store.BlobStore;
import io.cachet.store.StorageException;
import io.cachet.store.StorageException.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link BlobStore} on an S3 bucket: one immutable object per blob under {@code <prefix>/<namespace-id>/<blob-id>},
 * each recorded in a {@link BlobJournal} before it is written.
 *
 * <p>A blob is recorded in the journal, then written in one PUT, which S3 makes visible only once complete, under
 * a fresh random id and create-only ({@code If-None-Match: *}): a write never replaces an object, whoever put it
 * there. A delete deletes the object, then forgets it in the journal, so a failed delete leaves it to the
 * collector. Namespace deletes and orphan collection walk the journal, never a bucket listing: applications need no
 * list permission and never delete an object Cachet did not write. Only the operator's audit lists the bucket
 * ({@link #list}, {@link #namespaceIds}), which needs {@code s3:ListBucket} on the store's prefix. Reads are ranged to the caller's limit, so a
 * planted object of any size never costs more than the bytes asked for.
 *
 * <p>Thread-safe. {@link #close()} closes the S3 client.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {
  private static final System.Logger LOG = System.getLogger("io.cachet.store.s3");
  // A taken fresh id means a planted object (128 random bits never collide by chance): a few tries are plenty.
  private static final int PUT_ATTEMPTS = 3;
  private static final int PRECONDITION_FAILED = 412;
  // AWS's answer when another conditional write of the same key is in flight.
  private static final int CONFLICT = 409;
  private static final int RANGE_NOT_SATISFIABLE = 416;
  private static final String OCTET_STREAM = "application/octet-stream";
  // S3's most keys in one multi-object delete.
  private static final int DELETE_BATCH = 1_000;

  private final S3Client client;
  private final String bucket;
  private final BlobKeys keys;
  private final BlobJournal journal;
  private final Supplier<String> newIds;
  private final S3Failures failures;

  /**
   * Opens the store and checks that its bucket exists and can be reached.
   *
   * @param settings where the blobs are and how to reach them
   * @param journal where the store records its objects, which it does not close
   * @return the open store, which closes its S3 client on {@link #close()}
   * @throws StorageException if the bucket does not exist, access to it is denied or S3 is unreachable
   */
  public static S3BlobStore open(S3BlobSettings settings, BlobJournal journal) {
    return open(S3Clients.create(settings), settings, journal);
  }

  /**
   * Opens the store for reading only: its client sends the requests that read and list, and refuses any other
   * before sending it, so that every write ({@link #putNew}, {@link #delete}, {@link #deleteNamespace},
   * {@link #sweep}, {@link #collectOrphans}) fails with a {@link StorageException} and changes no object.
   *
   * @param settings where the blobs are and how to reach them
   * @param journal where the store's objects are recorded, which it does not close
   * @return the open store, which closes its S3 client on {@link #close()}
   * @throws StorageException if the bucket does not exist, access to it is denied or S3 is unreachable
   */
  public static S3BlobStore openReadOnly(S3BlobSettings settings, BlobJournal journal) {
    return open(S3Clients.createReadOnly(settings), settings, journal);
  }

  private static S3BlobStore open(S3Client client, S3BlobSettings settings, BlobJournal journal) {
    try {
      return new S3BlobStore(client, settings, journal, null);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /**
   * A store on this client, which it closes; {@code newIds} supplies the ids of new blobs, null for fresh
   * random ones (tests pass ids that collide).
   */
  S3BlobStore(S3Client client, S3BlobSettings settings, BlobJournal journal, Supplier<String> newIds) {
    this.client = client;
    this.bucket = settings.bucket();
    this.keys = new BlobKeys(settings.prefix());
    this.journal = journal;
    this.newIds = newIds == null ? keys::newId : newIds;
    this.failures = new S3Failures(bucket);
    checkBucket();
    LOG.log(Level.DEBUG, () -> "Opened the S3 blob store " + settings);
  }

  private void checkBucket() {
    try {
      client.headBucket(request -> request.bucket(bucket));
    } catch (NoSuchBucketException e) {
      throw failures.failure(Kind.IO, "open the blob bucket", null, failures.missingBucket(), e);
    } catch (SdkException e) {
      throw failures.failure("open the blob bucket", null, e);
    }
  }

  @Override
  public boolean isValidBlobId(String blobId) {
    return BlobIds.isHexId(blobId);
  }

  /**
   * Records a fresh id in the journal, writes the object create-only, then confirms it in the journal. An id taken
   * by an object someone else put there is forgotten and another drawn; a failed write stays recorded (the object
   * may exist), for the collector.
   */
  @Override
  public String putNew(String namespaceId, byte[] bytes) {
    keys.namespacePrefix(namespaceId);
    for (int attempt = 1;; attempt++) {
      String blobId = newIds.get();
      String key = keys.blobKey(namespaceId, blobId);
      if (journal.record(namespaceId, blobId)) {
        if (create(namespaceId, key, bytes)) {
          confirm(namespaceId, blobId, key);
          return blobId;
        }
        journal.forget(namespaceId, List.of(blobId));
      }
      if (attempt == PUT_ATTEMPTS) {
        throw failures.failure(Kind.IO, "write blob", namespaceId,
            "an object already existed under each of " + PUT_ATTEMPTS + " fresh blob ids", null);
      }
      LOG.log(Level.WARNING, "A fresh blob id of namespace \"" + namespaceId + "\" in bucket \"" + bucket
          + "\" was taken already (by an object or the journal); writing under another id");
    }
  }

  /** Writes the object create-only. @return false if an object exists under the key */
  private boolean create(String namespaceId, String key, byte[] bytes) {
    try {
      client.putObject(request -> request.bucket(bucket).key(key).ifNoneMatch("*")
          .contentLength((long) bytes.length), body(bytes));
      return true;
    } catch (SdkException e) {
      int status = S3Failures.status(e);
      if (status != PRECONDITION_FAILED && status != CONFLICT) {
        throw failures.failure("write blob", namespaceId, e);
      }
      return false;
    }
  }

  /** Confirms a written blob, or deletes its object if the collector took it during a too slow upload. */
  private void confirm(String namespaceId, String blobId, String key) {
    if (!journal.confirm(namespaceId, blobId)) {
      deleteObject(namespaceId, key);
      throw failures.failure(Kind.IO, "write blob", namespaceId, "the upload took longer than the orphan grace"
          + " (s3.orphanGraceSeconds), so the collector took the blob; the write is abandoned", null);
    }
  }

  /** The bytes as a request body without the copy {@code RequestBody.fromBytes} makes: blobs may be large. */
  private static RequestBody body(byte[] bytes) {
    return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes), bytes.length, OCTET_STREAM);
  }

  @Override
  public byte[] read(String namespaceId, String blobId, int limit) {
    String key = keys.blobKey(namespaceId, blobId);
    if (limit < 0) {
      throw new IllegalArgumentException("Negative limit: " + limit);
    }
    if (limit == 0) {
      return exists(namespaceId, key) ? new byte[0] : null;
    }
    // The range is inclusive: bytes 0 to limit - 1 are limit bytes.
    try (ResponseInputStream<GetObjectResponse> in = client.getObject(request -> request.bucket(bucket).key(key)
        .range("bytes=0-" + (limit - 1)))) {
      byte[] bytes = in.readNBytes(limit);
      Long length = in.response().contentLength();
      if (length == null || length > bytes.length) {
        // A server that ignored the range is sending more: the connection is dropped rather than drained.
        in.abort();
      }
      return bytes;
    } catch (NoSuchKeyException e) {
      return null;
    } catch (SdkException e) {
      if (S3Failures.status(e) == RANGE_NOT_SATISFIABLE) {
        // S3's answer to a range on an empty object.
        return new byte[0];
      }
      throw failures.failure("read blob", namespaceId, e);
    } catch (IOException e) {
      throw failures.failure(Kind.IO, "read blob", namespaceId, "the download broke off: " + e.getMessage(), e);
    }
  }

  private boolean exists(String namespaceId, String key) {
    try {
      client.headObject(request -> request.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (SdkException e) {
      throw failures.failure("read blob", namespaceId, e);
    }
  }

  /**
   * Deletes the object, then forgets it in the journal. S3 answers a delete of a missing key as a success, so
   * this is idempotent.
   */
  @Override
  public void delete(String namespaceId, String blobId) {
    deleteObject(namespaceId, keys.blobKey(namespaceId, blobId));
    journal.forget(namespaceId, List.of(blobId));
  }

  private void deleteObject(String namespaceId, String key) {
    try {
      client.deleteObject(request -> request.bucket(bucket).key(key));
    } catch (SdkException e) {
      throw failures.failure("delete blob", namespaceId, e);
    }
  }

  /** Deletes every object of the namespace the journal names, up to 1,000 per request, forgetting each batch. */
  @Override
  public void deleteNamespace(String namespaceId) {
    keys.namespacePrefix(namespaceId);
    String operation = "delete the blobs of a namespace";
    List<String> batch;
    do {
      batch = journal.recorded(namespaceId, DELETE_BATCH);
      deleteAll(batch.stream().map(blobId -> new BlobJournal.Blob(namespaceId, blobId)).toList(), operation);
      journal.forget(namespaceId, batch);
    } while (batch.size() == DELETE_BATCH);
  }

  /**
   * Deletes the namespace's journaled blobs that no row names, that {@code referenced} does not claim either and
   * that were recorded before {@code olderThan} and before the journal's grace. S3 has no temporary files: a PUT
   * is complete or absent.
   */
  @Override
  public int sweep(String namespaceId, Instant olderThan, Predicate<String> referenced) {
    keys.namespacePrefix(namespaceId);
    Objects.requireNonNull(olderThan, "olderThan");
    return collect(namespaceId, olderThan, "sweep the blobs of a namespace", blob -> !referenced.test(blob.blobId()));
  }

  /**
   * The objects under the namespace's prefix last modified before {@code olderThan}, by S3's clock, listed page by
   * page (ListObjectsV2); a PUT is visible only once complete, so every one is. An object under a key that is not
   * a blob id (planted) is left out: no other method can address it. Needs {@code s3:ListBucket}.
   */
  @Override
  public List<String> list(String namespaceId, Instant olderThan) {
    String prefix = keys.namespacePrefix(namespaceId);
    Objects.requireNonNull(olderThan, "olderThan");
    List<String> ids = new ArrayList<>();
    try {
      for (S3Object object : client.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix))
          .contents()) {
        String blobId = object.key().substring(prefix.length());
        if (BlobIds.isHexId(blobId) && object.lastModified() != null && object.lastModified().isBefore(olderThan)) {
          ids.add(blobId);
        }
      }
    } catch (SdkException e) {
      throw failures.failure("list the blobs of a namespace", namespaceId, e);
    }
    return ids;
  }

  /**
   * The namespace ids among the key prefixes right under the store's root prefix (ListObjectsV2 with a delimiter),
   * each the prefix of at least one object. Needs {@code s3:ListBucket}.
   */
  @Override
  public Set<String> namespaceIds() {
    String root = keys.root();
    Set<String> ids = new HashSet<>();
    try {
      for (CommonPrefix common : client.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(root)
          .delimiter("/")).commonPrefixes()) {
        String prefix = common.prefix();
        String namespaceId = prefix.substring(root.length(), prefix.length() - 1);
        if (BlobIds.isHexId(namespaceId)) {
          ids.add(namespaceId);
        }
      }
    } catch (SdkException e) {
      throw failures.failure("list the namespaces of blobs", null, e);
    }
    return ids;
  }

  /**
   * Deletes the journaled blobs of every namespace that no row names and that are older than the journal's grace:
   * blobs of writes that died before their commit, and superseded blobs whose delete failed or never ran.
   *
   * @return how many objects were deleted
   */
  public int collectOrphans() {
    return collect(null, null, "collect orphan blobs", blob -> true);
  }

  private int collect(String namespaceId, Instant olderThan, String operation, Predicate<BlobJournal.Blob> orphan) {
    int deleted = 0;
    while (true) {
      List<BlobJournal.Blob> batchDeleted = new ArrayList<>();
      int claimed = journal.collect(namespaceId, olderThan, DELETE_BATCH, blobs -> {
        List<BlobJournal.Blob> orphans = blobs.stream().filter(orphan).toList();
        deleteAll(orphans, operation);
        batchDeleted.addAll(orphans);
        return orphans;
      });
      deleted += batchDeleted.size();
      // A batch of which nothing could go would come back whole: stop rather than claim it again.
      if (claimed < DELETE_BATCH || batchDeleted.isEmpty()) {
        return deleted;
      }
    }
  }

  /** Deletes up to 1,000 objects in one request. */
  private void deleteAll(List<BlobJournal.Blob> blobs, String operation) {
    if (blobs.isEmpty()) {
      return;
    }
    String namespaceId = blobs.get(0).namespaceId();
    List<ObjectIdentifier> objects = blobs.stream()
        .map(blob -> ObjectIdentifier.builder().key(keys.blobKey(blob.namespaceId(), blob.blobId())).build())
        .toList();
    try {
      DeleteObjectsResponse response = client.deleteObjects(request -> request.bucket(bucket)
          .delete(Delete.builder().objects(objects).quiet(true).build()));
      List<S3Error> errors = response.errors();
      if (!errors.isEmpty()) {
        S3Error first = errors.get(0);
        throw failures.failure(Kind.IO, operation, namespaceId, errors.size() + " of " + blobs.size()
            + " objects in bucket \"" + bucket + "\" could not be deleted (" + first.code() + ")", null);
      }
    } catch (SdkException e) {
      throw failures.failure(operation, namespaceId, e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
