package io.cachet.store.s3;

import io.cachet.store.BlobIds;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The object keys of the blobs: {@code <prefix>/<namespace-id>/<blob-id>}, made of checked hex ids only, so no
 * id read from a row can name an object outside the store's prefix.
 */
final class BlobKeys {
  /** Hex digits in a namespace id or a blob id: the file store's format, so ids mean the same in both. */
  static final int ID_LENGTH = BlobIds.LENGTH;

  private static final HexFormat HEX = HexFormat.of();

  private final String root;
  private final SecureRandom random = new SecureRandom();

  /** @param prefix a normalized prefix (see {@link S3BlobSettings}), or empty */
  BlobKeys(String prefix) {
    this.root = prefix.isEmpty() ? "" : prefix + "/";
  }

  /** The prefix of every object of the store: the settings' prefix and a slash, or empty. */
  String root() {
    return root;
  }

  /** A fresh random blob id: 128 random bits, so two writers never pick the same one in practice. */
  String newId() {
    byte[] bytes = new byte[ID_LENGTH / 2];
    random.nextBytes(bytes);
    return HEX.formatHex(bytes);
  }

  /** The key prefix of every object of the namespace, ending with a slash. */
  String namespacePrefix(String namespaceId) {
    if (!BlobIds.isHexId(namespaceId)) {
      throw new IllegalArgumentException("Not a namespace id: " + namespaceId);
    }
    return root + namespaceId + "/";
  }

  String blobKey(String namespaceId, String blobId) {
    if (!BlobIds.isHexId(blobId)) {
      throw new IllegalArgumentException("Not a blob id: " + blobId);
    }
    return namespacePrefix(namespaceId) + blobId;
  }
}
