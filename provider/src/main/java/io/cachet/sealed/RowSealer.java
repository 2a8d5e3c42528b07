package io.cachet.sealed;

import io.cachet.seal.EntryFields;
import io.cachet.seal.HmacEntrySigner;
import io.cachet.seal.Verification;
import io.cachet.store.StoredRow;
import java.util.List;

/**
 * Signs one namespace's rows and checks a row's seal: its signature (unless signing is disabled), that it
 * belongs to this namespace, that its key bytes hash to its cache key, and that it is current (its ledger).
 */
final class RowSealer {
  private final String namespace;
  private final HmacEntrySigner signer;
  private final boolean allowUnsigned;
  private final NamespaceLedger ledger;

  /**
   * @param signer null when signing is disabled: rows are then written unsigned and only their key and
   *     payload are checked (no tamper protection)
   * @param ledger the namespace's ledger, or null when signing is disabled (no replay detection)
   */
  RowSealer(String namespace, HmacEntrySigner signer, boolean allowUnsigned, NamespaceLedger ledger) {
    this.namespace = namespace;
    this.signer = signer;
    this.allowUnsigned = allowUnsigned;
    this.ledger = ledger;
  }

  /** The fields the current version signs, in order; empty when signing is disabled. */
  List<String> signedFields() {
    return signer == null ? List.of() : signer.signedFields();
  }

  /**
   * The row, written in place of {@code current} (or null), with the namespace's next generation and its
   * current-version signature; with neither when signing is disabled. Only inside a transaction of the entry
   * store that keeps this namespace's ledger.
   */
  StoredRow seal(StoredRow row, StoredRow current) {
    if (signer == null) {
      return row.withGeneration(null);
    }
    StoredRow stamped = row.withGeneration(ledger.nextGeneration(current));
    return stamped.withSignature(signer.sign(fields(stamped, stamped.namespace())));
  }


  /**
   * Checks the row was signed by this namespace's key for this namespace, as it is now, and addresses the
   * key its key bytes encode.
   */
  void check(StoredRow row) throws RefusedEntry {
    check(row, -1);
  }

  /**
   * {@link #check(StoredRow)} for a row read with the generation of its namespace's ledger in the same snapshot
   * (-1 if unknown), which tells whether this process must catch up with the ledger first.
   */
  void check(StoredRow row, long ledgerGeneration) throws RefusedEntry {
    if (signer != null) {
      switch (signer.verify(fields(row, row.namespace()), row.entrySignature())) {
        case VALID -> { }
        case UNSIGNED -> {
          if (!allowUnsigned) {
            throw new RefusedEntry(IntegrityFailure.UNSIGNED);
          }
        }
        case OLD_VERSION -> throw new RefusedEntry(IntegrityFailure.OLD_VERSION);
        case MALFORMED -> throw new RefusedEntry(IntegrityFailure.BAD_SIGNATURE);
        case MISMATCH -> throw new RefusedEntry(mismatch(row));
      }
    }
    // Signatures of versions 1 and 2 do not bind the namespace, only the signed prefix does.
    if (!namespace.equals(row.prefix())) {
      throw new RefusedEntry(IntegrityFailure.FOREIGN_NAMESPACE);
    }
    if (row.keyBytes() == null || !Digests.keyHash(row.keyBytes()).equals(row.cacheKey())) {
      throw new RefusedEntry(IntegrityFailure.KEY_MISMATCH);
    }
    if (ledger != null && row.entrySignature() != null) {
      ledger.checkFresh(row, ledgerGeneration);
    }
  }

  /**
   * Why a signature did not match: a genuine row copied in from the namespace its prefix names, or from the
   * key its key bytes encode, or else a forged or edited row. Only refused rows pay for these checks.
   */
  private IntegrityFailure mismatch(StoredRow row) {
    if (row.prefix() != null && !namespace.equals(row.prefix())
        && signer.verify(fields(row, row.prefix(), row.cacheKey()), row.entrySignature()) == Verification.VALID) {
      return IntegrityFailure.FOREIGN_NAMESPACE;
    }
    if (row.keyBytes() != null) {
      String encodedKey = Digests.keyHash(row.keyBytes());
      if (!encodedKey.equals(row.cacheKey()) && signer.verify(fields(row, row.namespace(), encodedKey),
          row.entrySignature()) == Verification.VALID) {
        return IntegrityFailure.KEY_MISMATCH;
      }
    }
    return IntegrityFailure.BAD_SIGNATURE;
  }

  private static EntryFields fields(StoredRow row, String signingNamespace) {
    return fields(row, signingNamespace, row.cacheKey());
  }

  private static EntryFields fields(StoredRow row, String signingNamespace, String cacheKey) {
    // The blob path is not stored, so v1's actual_path is signed as absent.
    return new EntryFields(signingNamespace, cacheKey, row.dataType(), row.prefix(), row.fileSize(),
        row.fileHash(), row.objectType(), row.storageFormat(), row.serializer(), row.compressionCodec(),
        row.encryption(), row.createdAt(), row.expiresAt(), row.generation(), null);
  }
}
