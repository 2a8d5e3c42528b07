package io.cachet.store.file;

import io.cachet.store.BlobIds;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a {@link FileBlobStore} keeps what: {@code <blob directory>/<namespace id>/<2 hex>/<blob id>}, the two hex
 * digits being the blob id's first two, and a blob being written under its id with {@link #TEMP_SUFFIX} in the same
 * directory. Paths are built from checked hex ids only and never leave the blob directory.
 */
final class BlobPaths {
  /** What a blob's name ends with while it is written. */
  static final String TEMP_SUFFIX = ".tmp";

  private final Path blobs;

  /** @param blobs the blob directory, a real path */
  BlobPaths(Path blobs) {
    this.blobs = blobs;
  }

  /** The blob directory. */
  Path root() {
    return blobs;
  }

  /** The directory of the namespace's blobs. @throws IllegalArgumentException if the id is not a hex id */
  Path namespace(String namespaceId) {
    if (!BlobIds.isHexId(namespaceId)) {
      throw new IllegalArgumentException("Not a namespace id: " + namespaceId);
    }
    return underRoot(blobs.resolve(namespaceId));
  }

  /** The blob's place. @throws IllegalArgumentException if an id is not a hex id */
  Path blob(String namespaceId, String blobId) {
    if (!BlobIds.isHexId(blobId)) {
      throw new IllegalArgumentException("Not a blob id: " + blobId);
    }
    return underRoot(namespace(namespaceId).resolve(blobId.substring(0, 2)).resolve(blobId));
  }

  /** Whether the file name is that of a blob being written: a blob id with {@link #TEMP_SUFFIX}. */
  static boolean isTempName(String name) {
    return name.endsWith(TEMP_SUFFIX) && BlobIds.isHexId(name.substring(0, name.length() - TEMP_SUFFIX.length()));
  }

  private Path underRoot(Path path) {
    Path normalized = path.normalize();
    if (!normalized.startsWith(blobs)) {
      throw new IllegalArgumentException("Path escapes the blob directory: " + normalized);
    }
    return normalized;
  }

  /** Whether every directory from the blob root down to this one is a real directory, not a link. */
  boolean safeDirectories(Path directory) {
    for (Path dir = directory; dir != null && dir.startsWith(blobs); dir = dir.getParent()) {
      if (Files.isSymbolicLink(dir)) {
        return false;
      }
      if (dir.equals(blobs)) {
        break;
      }
    }
    return true;
  }

  /** The directory a path under the root is in; every such path has one. */
  static Path parentOf(Path path) {
    Path parent = path.getParent();
    if (parent == null) {
      throw new IllegalStateException(path + " has no parent directory");
    }
    return parent;
  }
}
