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
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link BlobStore} on an S3 bucket: one immutable object per blob under {@code <prefix>/<namespace-id>/<blob-id>}.
 *
 * <p>A blob is written in one PUT, which S3 makes visible only once complete, under a fresh random id and
 * create-only ({@code If-None-Match: *}): a write never replaces an object, whoever put it there. Reads are
 * ranged to the caller's limit, so a planted object of any size never costs more than the bytes asked for.
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

  private final S3Client client;
  private final String bucket;
  private final BlobKeys keys;
  private final Supplier<String> newIds;
  private final S3Failures failures;

  /**
   * Opens the store and checks that its bucket exists and can be reached.
   *
   * @param settings where the blobs are and how to reach them
   * @return the open store, which closes its S3 client on {@link #close()}
   * @throws StorageException if the bucket does not exist, access to it is denied or S3 is unreachable
   */
  public static S3BlobStore open(S3BlobSettings settings) {
    S3Client client = S3Clients.create(settings);
    try {
      return new S3BlobStore(client, settings, null);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /**
   * A store on this client, which it closes; {@code newIds} supplies the ids of new blobs, null for fresh
   * random ones (tests pass ids that collide).
   */
  S3BlobStore(S3Client client, S3BlobSettings settings, Supplier<String> newIds) {
    this.client = client;
    this.bucket = settings.bucket();
    this.keys = new BlobKeys(settings.prefix());
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

  @Override
  public String putNew(String namespaceId, byte[] bytes) {
    keys.namespacePrefix(namespaceId);
    for (int attempt = 1;; attempt++) {
      String blobId = newIds.get();
      try {
        client.putObject(request -> request.bucket(bucket).key(keys.blobKey(namespaceId, blobId)).ifNoneMatch("*")
            .contentLength((long) bytes.length), body(bytes));
        return blobId;
      } catch (SdkException e) {
        int status = S3Failures.status(e);
        if (status != PRECONDITION_FAILED && status != CONFLICT) {
          throw failures.failure("write blob", namespaceId, e);
        }
        if (attempt == PUT_ATTEMPTS) {
          throw failures.failure(Kind.IO, "write blob", namespaceId,
              "an object already existed under each of " + PUT_ATTEMPTS + " fresh blob ids", e);
        }
        LOG.log(Level.WARNING, "An object already existed under a fresh blob id in namespace \"" + namespaceId
            + "\" of bucket \"" + bucket + "\"; writing under another id");
      }
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

  /** Deletes the object; S3 answers a delete of a missing key as a success, so this is idempotent. */
  @Override
  public void delete(String namespaceId, String blobId) {
    String key = keys.blobKey(namespaceId, blobId);
    try {
      client.deleteObject(request -> request.bucket(bucket).key(key));
    } catch (SdkException e) {
      throw failures.failure("delete blob", namespaceId, e);
    }
  }

  /** Deletes every object under the namespace's prefix, of any name, a listed page (up to 1,000) per request. */
  @Override
  public void deleteNamespace(String namespaceId) {
    String prefix = keys.namespacePrefix(namespaceId);
    String operation = "delete the blobs of a namespace";
    try {
      for (ListObjectsV2Response page : client.listObjectsV2Paginator(request -> request.bucket(bucket)
          .prefix(prefix))) {
        deleteAll(page.contents().stream().map(S3Object::key).toList(), operation, namespaceId);
      }
    } catch (SdkException e) {
      throw failures.failure(operation, namespaceId, e);
    }
  }

  /**
   * Deletes the namespace's blob objects, listed from the bucket, that {@code referenced} does not claim and
   * that were last modified before {@code olderThan}. Objects of other names under the prefix are left alone.
   * S3 has no temporary files: a PUT is complete or absent.
   */
  @Override
  public int sweep(String namespaceId, Instant olderThan, Predicate<String> referenced) {
    String prefix = keys.namespacePrefix(namespaceId);
    String operation = "sweep the blobs of a namespace";
    int deleted = 0;
    try {
      for (ListObjectsV2Response page : client.listObjectsV2Paginator(request -> request.bucket(bucket)
          .prefix(prefix))) {
        List<String> garbage = new ArrayList<>();
        for (S3Object object : page.contents()) {
          String blobId = BlobKeys.blobIdOf(object.key(), prefix);
          if (blobId != null && object.lastModified().isBefore(olderThan) && !referenced.test(blobId)) {
            garbage.add(object.key());
          }
        }
        deleted += deleteAll(garbage, operation, namespaceId);
      }
    } catch (SdkException e) {
      throw failures.failure(operation, namespaceId, e);
    }
    return deleted;
  }

  /** Deletes up to 1,000 keys in one request. @return how many were deleted */
  private int deleteAll(List<String> objectKeys, String operation, String namespaceId) {
    if (objectKeys.isEmpty()) {
      return 0;
    }
    List<ObjectIdentifier> objects = objectKeys.stream().map(key -> ObjectIdentifier.builder().key(key).build())
        .toList();
    DeleteObjectsResponse response = client.deleteObjects(request -> request.bucket(bucket)
        .delete(Delete.builder().objects(objects).quiet(true).build()));
    List<S3Error> errors = response.errors();
    if (!errors.isEmpty()) {
      S3Error first = errors.get(0);
      throw failures.failure(Kind.IO, operation, namespaceId, errors.size() + " of " + objectKeys.size()
          + " objects in bucket \"" + bucket + "\" could not be deleted (" + first.code() + ")", null);
    }
    return objectKeys.size();
  }

  @Override
  public void close() {
    client.close();
  }
}
