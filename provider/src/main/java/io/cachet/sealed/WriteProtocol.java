package io.cachet.sealed;

import io.cachet.IntegrityEvent.Reason;
import io.cachet.seal.PayloadCipher;
import io.cachet.sealed.SealedNamespace.ExpiryRule;
import io.cachet.serial.SerializationException;
import io.cachet.serial.ValueCodec;
import io.cachet.store.BlobStore;
import io.cachet.store.ChangeCounters;
import io.cachet.store.CrashPoint;
import io.cachet.store.Displaced;
import io.cachet.store.EntryStore;
import io.cachet.store.RowVersion;
import io.cachet.store.StoredRow;
import java.time.InstantSource;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The crash-consistent write protocol of one namespace: a payload above the inline threshold is written first,
 * as a blob under a fresh name; then the signed row naming it is committed; then the blob of the row it
 * replaced is reclaimed. A crash at any {@link CrashPoint} leaves the old row with its blob, or the new row with
 * its blob, and at worst a blob no row names, for the orphan sweep. Deletes follow the same order: the row,
 * then its blob.
 */
final class WriteProtocol {
  private final String name;
  private final String namespaceId;
  private final EntryStore entries;
  private final BlobStore blobs;
  private final int inlineThreshold;
  private final InstantSource clock;
  private final ValueCodec codec;
  private final RowSealer sealer;
  private final NamespaceOptions options;
  private final EntryVerifier verifier;
  private final BlobReclaimer reclaimer;
  private final Eviction eviction;
  private final FailurePolicy failures;
  private final NamespaceChanges changes;
  private final KeyChanges keyChanges;
  private final Written written;

  /** Told of each entry written, with the stamp its change bracket ended with: see {@link KeyChanges#end}. */
  @FunctionalInterface
  interface Written {
    Written NONE = (key, value, serialized, row, stamp) -> { };

    /**
     * @param value the value written, as the caller gave it
     * @param serialized its serialized form
     * @param row the row written
     * @param stamp the stamp to keep it under
     */
    void written(StoredKey key, Object value, byte[] serialized, StoredRow row, long stamp);
  }

  /**
   * @param changes told of every entry written, for other hosts
   * @param written told of every entry written
   */
  WriteProtocol(String name, String namespaceId, NamespaceStorage storage, ValueCodec codec, RowSealer sealer,
      NamespaceOptions options, EntryVerifier verifier, BlobReclaimer reclaimer,
      Eviction eviction, FailurePolicy failures, NamespaceChanges changes, Written written) {
    this.name = name;
    this.namespaceId = namespaceId;
    this.entries = storage.entries();
    this.blobs = storage.blobs();
    this.inlineThreshold = storage.inlineThreshold();
    this.clock = storage.clock();
    this.codec = codec;
    this.sealer = sealer;
    this.options = options;
    this.verifier = verifier;
    this.reclaimer = reclaimer;
    this.eviction = eviction;
    this.failures = failures;
    this.changes = changes;
    this.keyChanges = new KeyChanges(name, storage.counters());
    this.written = written;
  }

  /** See {@link SealedNamespace#writeAll}. */
  SealedNamespace.Written writeAll(Map<StoredKey, ?> values, long createdAt, ExpiryRule expiry) {
    Map<String, Replacement> byCacheKey = new LinkedHashMap<>();
    Map<String, StoredRow> replaced;
    try {
      RowSealer.Signing signing = sealer.signing();
      for (Map.Entry<StoredKey, ?> entry : values.entrySet()) {
        Replacement replacement = prepare(entry.getKey(), entry.getValue(), createdAt, expiry, signing);
        Replacement superseded = byCacheKey.put(replacement.key.hash(), replacement);
        if (superseded != null) {
          reclaimer.delete(superseded.unsealed.blobId());
        }
      }
      replaced = upsertAll(byCacheKey);
    } catch (RuntimeException e) {
      // A failure to serialize or store, or of the expiry rule, which runs inside the transaction. A store
      // failure may come after the commit (an I/O error on the way back), so a new blob is deleted only if
      // no row names it; if that cannot be told, the orphan sweep asks again later.
      for (Replacement replacement : byCacheKey.values()) {
        reclaimer.deleteUnreferenced(replacement.unsealed.blobId());
      }
      throw failures.decisiveFailure("write to", e);
    }
    CrashPoint.ROW_COMMITTED.reached();
    return failures.decisive("write to", () -> {
      int stored = 0;
      StoredKey lastStored = null;
      for (Replacement replacement : byCacheKey.values()) {
        if (replacement.finish(replaced.get(replacement.key.hash()))) {
          stored++;
          lastStored = replacement.key;
        }
      }
      CrashPoint.SUPERSEDED_BLOB_DELETED.reached();
      deleteLegacyRows(byCacheKey.values());
      return new SealedNamespace.Written(stored, lastStored != null && eviction.limited() ? eviction.evictBeyondLimits(lastStored)
          : 0);
    });
  }

  /** Upserts the rows inside a change bracket of each key, and gives each replacement its stamp. */
  private Map<String, StoredRow> upsertAll(Map<String, Replacement> byCacheKey) {
    Map<String, Long> tokens = new LinkedHashMap<>();
    try {
      for (String cacheKey : byCacheKey.keySet()) {
        tokens.put(cacheKey, keyChanges.begin(cacheKey));
      }
      return entries.upsertAll(name, byCacheKey, eviction.limited());
    } finally {
      for (Map.Entry<String, Long> token : tokens.entrySet()) {
        byCacheKey.get(token.getKey()).stamp = keyChanges.end(token.getKey(), token.getValue());
      }
    }
  }

  /**
   * Deletes the rows that written keys were stored under before keys were canonical, so that a later read
   * finds the new entry only. The caller holds the keys' locks, as for the write. It runs after the write
   * committed, so its failure must not fail the write: reads find the new row first, and a later write or
   * remove of the key deletes the old one.
   */
  private void deleteLegacyRows(Collection<Replacement> written) {
    for (Replacement replacement : written) {
      String legacyHash = replacement.key.legacyHash();
      if (replacement.stored && legacyHash != null) {
        failures.housekeeping("delete a key's pre-canonical row after a write in", "a later write or remove will",
            () -> keyChanges.change(legacyHash, () -> deleteRow(legacyHash, () -> entries.delete(name, legacyHash))));
      }
    }
  }

  /** Serializes, encrypts if configured (or else hashes) and (above the inline threshold) stores the payload. */
  private Replacement prepare(StoredKey key, Object value, long createdAt, ExpiryRule expiry,
      RowSealer.Signing signing) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (key.bytes().length > StoredRow.MAX_KEY_BYTES) {
      // Refused here rather than stored, since reads refuse longer key bytes without loading them.
      throw new SealedStoreException("Cannot store key of class " + key.key().getClass().getName() + ": its "
          + "serialized form of " + key.bytes().length + " bytes exceeds the maximum key size of "
          + StoredRow.MAX_KEY_BYTES + " bytes (1 MiB); nothing was stored");
    }
    byte[] serialized;
    try {
      serialized = codec.encode(value);
    } catch (SerializationException e) {
      throw new SealedStoreException("Cannot store value of class " + e.detail(), e);
    }
    if (options.maxValueBytes() > 0 && serialized.length > options.maxValueBytes()) {
      throw new SealedStoreException("Cannot store value of class " + value.getClass().getName() + ": value of "
          + serialized.length + " bytes exceeds maxValueBytes " + options.maxValueBytes() + " of namespace \""
          + name + "\"; nothing was stored");
    }
    boolean encrypt = options.encryptAtRest();
    byte[] payload = encrypt ? signing.cipher().encrypt(key.hash(), createdAt, serialized) : serialized;
    boolean inline = payload.length <= inlineThreshold;
    String blobId = inline ? null : blobs.putNew(namespaceId, payload);
    return new Replacement(key, value, serialized, StoredRow.builder(name, key.hash()).keyBytes(key.bytes())
        .dataType(PayloadReader.DATA_TYPE).prefix(name).fileSize(payload.length)
        .fileHash(PayloadIntegrity.fileHash(payload, encrypt)).objectType(value.getClass().getName())
        .storageFormat(inline ? StoredRow.INLINE : StoredRow.BLOB).serializer(codec.id())
        .compressionCodec(PayloadReader.NO_COMPRESSION)
        .encryption(encrypt ? PayloadCipher.NAME : StoredRow.NO_ENCRYPTION).createdAt(createdAt)
        .inlineValue(inline ? payload : null).blobId(blobId).accessedAt(clock.millis()).build(), expiry, signing);
  }

  /**
   * The row a write puts in place of the current one, chosen inside the write's transaction: it checks the
   * current row's seal, asks the expiry rule, and seals the new row with the chosen expiry time.
   */
  private final class Replacement implements UnaryOperator<StoredRow> {
    private final StoredKey key;
    private final Object value;
    private final byte[] serialized;
    private final StoredRow unsealed;
    private final ExpiryRule expiry;
    private final RowSealer.Signing signing;
    private Reason refusal;
    private boolean stored;
    private boolean replacedLive;
    private StoredRow sealed;
    private long stamp = ChangeCounters.UNSTABLE;

    Replacement(StoredKey key, Object value, byte[] serialized, StoredRow unsealed, ExpiryRule expiry,
        RowSealer.Signing signing) {
      this.key = key;
      this.value = value;
      this.serialized = serialized;
      this.unsealed = unsealed;
      this.expiry = expiry;
      this.signing = signing;
    }

    @Override
    public StoredRow apply(StoredRow current) {
      SealedEntry live = null;
      if (current != null) {
        try {
          sealer.check(current);
          SealedEntry entry = EntryVerifier.entry(key, null, current);
          live = entry.isExpiredAt(unsealed.createdAt()) ? null : entry;
        } catch (RefusedEntry refused) {
          refusal = refused.failure();
        }
      }
      long expiresAt = expiry.expiresAt(live);
      replacedLive = live != null;
      stored = expiresAt != SealedNamespace.DO_NOT_WRITE;
      sealed = stored ? sealer.seal(unsealed.withExpiresAt(toColumn(expiresAt)), current, signing) : null;
      return sealed;
    }

    /**
     * After the transaction: deletes whichever blob no row names now, and reports a refused replaced row.
     * Returns whether the new entry was stored.
     */
    boolean finish(StoredRow replaced) {
      if (!stored) {
        reclaimer.delete(unsealed.blobId());
        if (refusal != null) {
          verifier.refuse(replaced, refusal);
        }
        return false;
      }
      sealer.wrote(sealed);
      written.written(key, value, serialized, sealed, stamp);
      changes.published(replacedLive ? RemoteChange.Kind.UPDATED : RemoteChange.Kind.CREATED, key,
          sealed.entrySignature());
      if (replaced != null) {
        reclaimer.deleteUnreferenced(replaced.blobId());
      }
      if (refusal != null) {
        verifier.refusedAndReplaced(key.hash(), refusal);
      }
      return true;
    }
  }

  /** See {@link SealedNamespace#updateExpiry}. */
  boolean updateExpiry(SealedEntry entry, long expiresAt) {
    Objects.requireNonNull(entry, "entry");
    RowVersion version = entry.version();
    Long column = toColumn(expiresAt);
    return failures.decisive("update an expiry time in", () -> {
      StoredRow row = entries.get(name, entry.key().hash());
      if (row == null || !row.version().equals(version)) {
        return false;
      }
      // Signed afresh from the row as stored, so that nothing but the expiry time changes.
      try {
        sealer.check(row);
      } catch (RefusedEntry refused) {
        verifier.refuse(row, refused.failure());
        return false;
      }
      return keyChanges.change(row.cacheKey(), () -> entries.updateExpiryIfVersion(name, row.cacheKey(), version,
          column, sealer::reseal));
    });
  }

  /** See {@link SealedNamespace#delete}. */
  boolean delete(StoredKey key) {
    Objects.requireNonNull(key, "key");
    return failures.decisive("delete from", () -> {
      boolean existed = keyChanges.change(key.hash(), () -> deleteRow(key.hash(), () -> entries.delete(name,
          key.hash())));
      if (key.legacyHash() != null) {
        existed |= keyChanges.change(key.legacyHash(), () -> deleteRow(key.legacyHash(),
            () -> entries.delete(name, key.legacyHash())));
      }
      return existed;
    });
  }

  /** See {@link SealedNamespace#deleteIfUnchanged}. */
  boolean deleteIfUnchanged(SealedEntry entry) {
    Objects.requireNonNull(entry, "entry");
    String cacheKey = entry.key().hash();
    return failures.decisive("delete from", () -> keyChanges.change(cacheKey, () -> deleteRow(cacheKey,
        () -> entries.deleteIfVersion(name, cacheKey, entry.version()))));
  }

  /** Runs a row delete, then deletes the blob the row named if no row names it still. */
  private boolean deleteRow(String cacheKey, Supplier<Displaced> delete) {
    Displaced displaced = delete.get();
    if (displaced.existed()) {
      sealer.removed(cacheKey, displaced.generation());
    }
    if (displaced.blobId() != null) {
      reclaimer.deleteUnreferenced(displaced.blobId());
    }
    return displaced.existed();
  }

  /** See {@link SealedNamespace#clear}. */
  void clear() {
    failures.decisive("clear", () -> keyChanges.changeAll(() -> {
      long now = sealer.now();
      List<String> deleted = entries.deleteAll(name);
      sealer.cleared(now);
      for (String blobId : deleted) {
        reclaimer.delete(blobId);
      }
    }));
  }

  private static Long toColumn(long expiresAt) {
    return expiresAt == SealedEntry.ETERNAL ? null : expiresAt;
  }
}
