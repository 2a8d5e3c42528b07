package io.cachet.sealed;

import io.cachet.IntegrityEvent.Reason;
import io.cachet.seal.EntryFields;
import io.cachet.seal.HmacEntrySigner;
import io.cachet.seal.PayloadCipher;
import io.cachet.seal.Verification;
import io.cachet.store.StoredRow;
import java.util.List;

/**
 * Signs one namespace's rows and checks a row's seal: its signature (unless signing is disabled), that it
 * belongs to this namespace, that its key bytes hash to its cache key, and that it is current.
 */
final class RowSealer {
  private final String namespace;
  private final NamespaceKeys keys;
  private final boolean allowUnsigned;
  private final Freshness freshness;

  /**
   * @param keys the namespace's keys, or null when signing is disabled: rows are then written unsigned and only
   *     their key and payload are checked (no tamper protection)
   * @param freshness how current rows are told from older ones, or null when signing is disabled (no replay
   *     detection)
   */
  RowSealer(String namespace, NamespaceKeys keys, boolean allowUnsigned, Freshness freshness) {
    this.namespace = namespace;
    this.keys = keys;
    this.allowUnsigned = allowUnsigned;
    this.freshness = freshness;
  }

  /** The fields the current version signs, in order; empty when signing is disabled. */
  List<String> signedFields() {
    return keys == null ? List.of() : keys.current().signedFields();
  }

  /**
   * The row, written in place of {@code current} (or null), with the namespace's next generation and its
   * current-version signature; with neither when signing is disabled. Only inside a transaction of the entry
   * store, which for a shared ledger must keep this namespace's.
   */
  StoredRow seal(StoredRow row, StoredRow current, Signing signing) {
    if (keys == null) {
      return row.withGeneration(null);
    }
    StoredRow stamped = row.withGeneration(freshness.nextGeneration(current));
    return stamped.withSignature(signing.signer().sign(fields(stamped, stamped.namespace())));
  }

  /**
   * {@link #seal} of a stored row changed in place (its expiry time), with the key that signed it, so that a payload
   * encrypted under that key stays readable; a rotation re-signs it later.
   */
  StoredRow reseal(StoredRow row) {
    return keys == null ? seal(row, row, null) : seal(row, row, new Signing(keys.signerOf(row.entrySignature()),
        keys.cipherOf(row.entrySignature())));
  }

  /** The key one write signs with and the cipher of the same key, which encrypts its payloads; null if unsigned. */
  record Signing(HmacEntrySigner signer, PayloadCipher cipher) {}

  /**
   * The key and cipher a write about to begin signs and encrypts with, read again first if another process may have
   * rotated the key since; null when signing is disabled. One write uses one, so that its payloads and signatures
   * agree whatever a concurrent reader does to the keys.
   */
  Signing signing() {
    if (keys == null) {
      return null;
    }
    keys.refreshIfDue();
    NamespaceKeys.Held held = keys.held();
    return new Signing(held.current(), keys.cipherOf(held.current()));
  }

  /**
   * A row named a key this namespace does not hold: reads the keys again, in case a rotation made it current.
   *
   * @return whether the key it names is held now, so that checking the row again may succeed
   */
  boolean refreshKeys(StoredRow row) {
    return keys != null && keys.refreshForKeyOf(row.entrySignature());
  }

  /** The cipher that decrypts the payload of a row whose seal was checked; null when signing is disabled. */
  PayloadCipher cipherOf(StoredRow row) {
    if (keys == null) {
      return null;
    }
    return keys.cipherOf(() -> fields(row, row.namespace()), row.entrySignature());
  }

  /** A row that passed {@link #check} and whose payload verified was read. */
  void read(StoredRow row) {
    if (freshness != null) {
      freshness.sawRead(row);
    }
  }

  /** This process's write of a row sealed by {@link #seal} committed. */
  void wrote(StoredRow row) {
    if (freshness != null && row.generation() != null) {
      freshness.sawWrite(row.cacheKey(), row.generation());
    }
  }

  /** This process removed the key's row, of this generation (null if none or unknown). */
  void removed(String cacheKey, Long generation) {
    if (freshness != null) {
      freshness.sawRemoval(cacheKey, generation);
    }
  }

  /** A generation older than any row written from now on, for {@link #cleared}. */
  long now() {
    return freshness == null ? 0 : freshness.now();
  }

  /** This process removed every row of the namespace written before {@code now}. */
  void cleared(long now) {
    if (freshness != null) {
      freshness.sawClear(now);
    }
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
    if (keys != null) {
      switch (keys.verify(fields(row, row.namespace()), row.entrySignature())) {
        case VALID -> { }
        case UNSIGNED -> {
          if (!allowUnsigned) {
            throw new RefusedEntry(Reason.UNSIGNED);
          }
        }
        case OLD_VERSION -> throw new RefusedEntry(Reason.OLD_VERSION);
        case MALFORMED -> throw new RefusedEntry(Reason.BAD_SIGNATURE);
        case MISMATCH -> throw new RefusedEntry(mismatch(row));
        case OTHER_KEY -> throw new RefusedEntry(Reason.UNKNOWN_KEY);
      }
    }
    // Signatures of versions 1 and 2 do not bind the namespace, only the signed prefix does.
    if (!namespace.equals(row.prefix())) {
      throw new RefusedEntry(Reason.FOREIGN_NAMESPACE);
    }
    if (row.keyBytes() == null || !Digests.keyHash(row.keyBytes()).equals(row.cacheKey())) {
      throw new RefusedEntry(Reason.KEY_MISMATCH);
    }
    if (freshness != null && row.entrySignature() != null) {
      freshness.check(row, ledgerGeneration);
    }
  }

  /**
   * Why a signature did not match: a genuine row copied in from the namespace its prefix names, or from the
   * key its key bytes encode, or else a forged or edited row. Only refused rows pay for these checks.
   */
  private Reason mismatch(StoredRow row) {
    if (row.prefix() != null && !namespace.equals(row.prefix())
        && keys.verify(fields(row, row.prefix(), row.cacheKey()), row.entrySignature()) == Verification.VALID) {
      return Reason.FOREIGN_NAMESPACE;
    }
    if (row.keyBytes() != null) {
      String encodedKey = Digests.keyHash(row.keyBytes());
      if (!encodedKey.equals(row.cacheKey()) && keys.verify(fields(row, row.namespace(), encodedKey),
          row.entrySignature()) == Verification.VALID) {
        return Reason.KEY_MISMATCH;
      }
    }
    return Reason.BAD_SIGNATURE;
  }

  static EntryFields fields(StoredRow row, String signingNamespace) {
    return fields(row, signingNamespace, row.cacheKey());
  }

  private static EntryFields fields(StoredRow row, String signingNamespace, String cacheKey) {
    // The blob path is not stored, so v1's actual_path is signed as absent.
    return new EntryFields(signingNamespace, cacheKey, row.dataType(), row.prefix(), row.fileSize(),
        row.fileHash(), row.objectType(), row.storageFormat(), row.serializer(), row.compressionCodec(),
        row.encryption(), row.createdAt(), row.expiresAt(), row.generation(), null);
  }
}
