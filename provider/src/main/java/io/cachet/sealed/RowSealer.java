package io.cachet.sealed;

import io.cachet.seal.EntryFields;
import io.cachet.seal.HmacEntrySigner;
import io.cachet.store.StoredRow;
import java.util.List;

/** Signs rows and checks a row's seal: its signature, and that its key bytes hash to its cache key. */
final class RowSealer {
  private final HmacEntrySigner signer;

  RowSealer(HmacEntrySigner signer) {
    this.signer = signer;
  }

  /** The fields the current version signs, in order. */
  List<String> signedFields() {
    return signer.signedFields();
  }

  /** The row with its current-version signature. */
  StoredRow seal(StoredRow row) {
    return row.withSignature(signer.sign(fields(row)));
  }

  /**
   * Checks the row was signed by this store's key for its namespace, as it is now, and addresses the key its
   * key bytes encode.
   */
  void check(StoredRow row) throws RefusedEntry {
    switch (signer.verify(fields(row), row.entrySignature())) {
      case VALID -> { }
      case UNSIGNED -> throw new RefusedEntry(IntegrityFailure.UNSIGNED);
      case OLD_VERSION -> throw new RefusedEntry(IntegrityFailure.OLD_VERSION);
      case MALFORMED, MISMATCH -> throw new RefusedEntry(IntegrityFailure.BAD_SIGNATURE);
    }
    if (row.keyBytes() == null || !Digests.keyHash(row.keyBytes()).equals(row.cacheKey())) {
      throw new RefusedEntry(IntegrityFailure.KEY_MISMATCH);
    }
  }

  private static EntryFields fields(StoredRow row) {
    // The blob path is not stored, so v1's actual_path is signed as absent.
    return new EntryFields(row.namespace(), row.cacheKey(), row.dataType(), row.prefix(), row.fileSize(),
        row.fileHash(), row.objectType(), row.storageFormat(), row.serializer(), row.compressionCodec(),
        row.createdAt(), row.expiresAt(), null);
  }
}
