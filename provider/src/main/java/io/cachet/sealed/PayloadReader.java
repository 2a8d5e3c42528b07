package io.cachet.sealed;

import io.cachet.IntegrityEvent.Reason;
import io.cachet.seal.PayloadCipher;
import io.cachet.store.BlobStore;
import io.cachet.store.StoredRow;
import java.util.function.Function;

/**
 * Reads a row's payload once, inline or from its blob, after checking that the row names a format this namespace
 * can read: the bytes returned are the ones the caller then checks against the row's signed size and hash.
 */
final class PayloadReader {
  static final String DATA_TYPE = "object";
  static final String NO_COMPRESSION = "none";

  private final String namespaceId;
  private final BlobStore blobs;
  private final String serializer;
  private final Function<StoredRow, PayloadCipher> ciphers;

  /**
   * @param serializer the serializer id of the namespace's codec
   * @param ciphers the payload cipher of the key that signed a row, or null when signing is disabled (and so is
   *     encryption)
   */
  PayloadReader(String namespaceId, BlobStore blobs, String serializer, Function<StoredRow, PayloadCipher> ciphers) {
    this.namespaceId = namespaceId;
    this.blobs = blobs;
    this.serializer = serializer;
    this.ciphers = ciphers;
  }

  /**
   * The payload bytes of a row loaded with its inline value.
   *
   * @throws RefusedEntry if the row names an unknown format or a blob id that is not well formed, its size
   *     cannot be a payload's, or its blob is missing
   */
  byte[] read(StoredRow row) throws RefusedEntry {
    if (!DATA_TYPE.equals(row.dataType()) || !serializer.equals(row.serializer())
        || !NO_COMPRESSION.equals(row.compressionCodec()) || !knownEncryption(row.encryption())) {
      throw new RefusedEntry(Reason.UNSUPPORTED_FORMAT);
    }
    if (StoredRow.INLINE.equals(row.storageFormat())) {
      if (row.inlineValue() == null) {
        throw new RefusedEntry(Reason.SIZE_MISMATCH);
      }
      return row.inlineValue();
    }
    if (!StoredRow.BLOB.equals(row.storageFormat())) {
      throw new RefusedEntry(Reason.UNSUPPORTED_FORMAT);
    }
    if (!blobs.isValidBlobId(row.blobId())) {
      throw new RefusedEntry(Reason.BAD_BLOB_ID);
    }
    if (row.fileSize() < 0 || row.fileSize() >= Integer.MAX_VALUE) {
      throw new RefusedEntry(Reason.SIZE_MISMATCH);
    }
    // One byte more than signed, so a grown file shows as a size mismatch without being read whole.
    byte[] bytes = blobs.read(namespaceId, row.blobId(), (int) row.fileSize() + 1);
    if (bytes == null) {
      throw new RefusedEntry(Reason.MISSING_BLOB);
    }
    return bytes;
  }

  /** The bytes to deserialize: {@link #read}, checked by {@link PayloadIntegrity#verified}. */
  byte[] verified(StoredRow row) throws RefusedEntry {
    // Only an encrypted payload needs the cipher of the key that signed its row.
    boolean encrypted = ciphers != null && PayloadCipher.NAME.equals(row.encryption());
    return PayloadIntegrity.verified(encrypted ? ciphers.apply(row) : null, row, read(row));
  }

  /** Plaintext (or a row older than the column), or encrypted where this namespace has the key. */
  private boolean knownEncryption(String encryption) {
    return encryption == null || StoredRow.NO_ENCRYPTION.equals(encryption)
        || (ciphers != null && PayloadCipher.NAME.equals(encryption));
  }
}
