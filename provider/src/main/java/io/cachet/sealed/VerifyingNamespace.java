package io.cachet.sealed;

import io.cachet.IntegrityEvent.Reason;
import io.cachet.SealInfo;
import io.cachet.seal.PayloadCipher;
import io.cachet.serial.ClassNotAllowedException;
import io.cachet.serial.EncodedKey;
import io.cachet.serial.SerializationException;
import io.cachet.serial.UndecodableException;
import io.cachet.serial.ValueCodec;
import io.cachet.store.BlobStore;
import io.cachet.store.CrashPoint;
import io.cachet.store.Displaced;
import io.cachet.store.EntryLocks;
import io.cachet.store.EntryStore;
import io.cachet.store.RowVersion;
import io.cachet.store.StorageException;
import io.cachet.store.StoredRow;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A {@link SealedNamespace} over an entry store and a blob store: signs what it writes, and returns nothing
 * it has not verified, in the order of DESIGN §6.
 */
final class VerifyingNamespace implements SealedNamespace {
  private static final System.Logger LOG = System.getLogger("io.cachet.sealed");
  private static final String DATA_TYPE = "object";
  private static final String NO_COMPRESSION = "none";
  private static final int READ_ATTEMPTS = 3;
  // With a size limit, reads record accesses for eviction, but at most this often per entry.
  private static final long ACCESS_RESOLUTION_MILLIS = 1_000;

  private final String name;
  private final String namespaceId;
  private final EntryStore entries;
  private final BlobStore blobs;
  private final EntryLocks locks;
  private final int inlineThreshold;
  private final InstantSource clock;
  private final ValueCodec codec;
  private final RowSealer sealer;
  private final PayloadCipher cipher;
  private final IntegrityPolicy policy;
  private final NamespaceOptions options;
  private final boolean limited;
  private final BooleanSupplier keyFilePresent;

  /**
   * @param cipher this namespace's payload cipher, or null when signing is disabled (and so is encryption)
   * @param keyFilePresent whether the namespace's key file exists now, for diagnostics
   */
  VerifyingNamespace(String name, String namespaceId, NamespaceStorage storage, ValueCodec codec,
      RowSealer sealer, PayloadCipher cipher, IntegrityPolicy policy, NamespaceOptions options,
      BooleanSupplier keyFilePresent) {
    this.name = name;
    this.namespaceId = namespaceId;
    this.entries = storage.entries();
    this.blobs = storage.blobs();
    this.locks = storage.locks();
    this.inlineThreshold = storage.inlineThreshold();
    this.clock = storage.clock();
    this.codec = codec;
    this.sealer = sealer;
    this.cipher = cipher;
    this.policy = policy;
    this.options = options;
    this.limited = options.maxEntries() > 0 || options.maxBytes() > 0;
    this.keyFilePresent = keyFilePresent;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public StoredKey key(Object key) {
    Objects.requireNonNull(key, "key");
    EncodedKey encoded;
    try {
      encoded = codec.encodeKey(key);
    } catch (SerializationException e) {
      throw new SealedStoreException("Cannot store key of class " + e.offendingClass() + ": " + e.reason(), e);
    }
    byte[] legacy = encoded.legacyBytes();
    return new StoredKey(key, Digests.keyHash(encoded.bytes()), encoded.bytes(),
        legacy == null ? null : Digests.keyHash(legacy));
  }

  @Override
  public SealedEntry read(StoredKey key) {
    Objects.requireNonNull(key, "key");
    try {
      EntryStore.Lookup lookup = entries.lookup(name, key.hash());
      if (lookup.row() == null && key.legacyHash() != null) {
        lookup = entries.lookup(name, key.legacyHash());
        return lookup.row() == null ? null
            : verified(key.atLegacyRow(lookup.row().keyBytes()), lookup.row(), lookup.ledgerGeneration());
      }
      return verified(key, lookup.row(), lookup.ledgerGeneration());
    } catch (StorageException e) {
      throw failure("read from", e);
    }
  }

  @Override
  public Map<StoredKey, SealedEntry> readAll(Collection<StoredKey> keys) {
    List<String> hashes = new ArrayList<>(keys.size());
    for (StoredKey key : keys) {
      hashes.add(Objects.requireNonNull(key, "key").hash());
    }
    try {
      EntryStore.LookupAll lookup = entries.lookupAll(name, hashes);
      Map<String, StoredRow> rows = lookup.rows();
      Map<StoredKey, SealedEntry> found = new HashMap<>();
      List<StoredKey> legacy = new ArrayList<>();
      for (StoredKey key : keys) {
        StoredRow row = rows.get(key.hash());
        if (row == null && key.legacyHash() != null) {
          legacy.add(key);
        }
        SealedEntry entry = verified(key, row, lookup.ledgerGeneration());
        if (entry != null) {
          found.put(key, entry);
        }
      }
      for (StoredKey key : legacy) {
        SealedEntry entry = read(key);
        if (entry != null) {
          found.put(key, entry);
        }
      }
      return found;
    } catch (StorageException e) {
      throw failure("read from", e);
    }
  }

  /**
   * The entry a loaded row holds, verified and deserialized, or null if there is no row or it is refused. When
   * a concurrent write supersedes the row between loading it and checking it, its blob can vanish, or the
   * write's newer generation be seen first: the row is then loaded again.
   */
  private SealedEntry verified(StoredKey key, StoredRow loaded, long ledgerGeneration) {
    StoredRow row = loaded;
    long generation = ledgerGeneration;
    for (int attempt = 1; row != null; attempt++) {
      try {
        Object value = open(row, generation);
        sealer.read(row);
        if (limited) {
          recordAccess(row);
        }
        return new SealedEntry(key, value, row.createdAt(), fromColumn(row.expiresAt()), row.version());
      } catch (RefusedEntry refused) {
        if (supersedable(refused.failure()) && attempt < READ_ATTEMPTS) {
          EntryStore.Lookup current = entries.lookup(name, row.cacheKey());
          if (current.row() == null || !Objects.equals(current.row().entrySignature(), row.entrySignature())) {
            row = current.row();
            generation = current.ledgerGeneration();
            continue;
          }
        }
        refuse(row, refused.failure());
        return null;
      }
    }
    return null;
  }

  /** Whether a refusal can come from a concurrent write rather than from the row itself. */
  private static boolean supersedable(Reason failure) {
    return failure == Reason.MISSING_BLOB || failure == Reason.REPLAYED;
  }

  @Override
  public Written writeAll(Map<StoredKey, ?> values, long createdAt, ExpiryRule expiry) {
    Map<String, Replacement> byCacheKey = new LinkedHashMap<>();
    Map<String, StoredRow> replaced;
    try {
      for (Map.Entry<StoredKey, ?> entry : values.entrySet()) {
        Replacement replacement = prepare(entry.getKey(), entry.getValue(), createdAt, expiry);
        Replacement superseded = byCacheKey.put(replacement.key.hash(), replacement);
        if (superseded != null) {
          deleteBlob(superseded.unsealed.blobId());
        }
      }
      replaced = entries.upsertAll(name, byCacheKey, limited);
    } catch (RuntimeException e) {
      // A failure to serialize or store, or of the expiry rule, which runs inside the transaction. A store
      // failure may come after the commit (an I/O error on the way back), so a new blob is deleted only if
      // no row names it; if that cannot be told, the orphan sweep asks again later.
      for (Replacement replacement : byCacheKey.values()) {
        deleteUnreferencedBlob(replacement.unsealed.blobId());
      }
      throw e instanceof StorageException storage ? failure("write to", storage) : e;
    }
    CrashPoint.ROW_COMMITTED.reached();
    try {
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
      return new Written(stored, limited && lastStored != null ? evictBeyondLimits(lastStored) : 0);
    } catch (StorageException e) {
      throw failure("write to", e);
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
        try {
          deleteRow(legacyHash, () -> entries.delete(name, legacyHash));
        } catch (SealedStoreException e) {
          LOG.log(Level.WARNING, "Cannot delete a key's pre-canonical row in namespace \"" + name
              + "\" after a write; a later write or remove will: " + e.getMessage());
        }
      }
    }
  }

  /** Serializes, encrypts if configured, hashes and (above the inline threshold) stores the payload. */
  private Replacement prepare(StoredKey key, Object value, long createdAt, ExpiryRule expiry) {
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
      throw new SealedStoreException("Cannot store value of class " + e.offendingClass() + ": " + e.reason(), e);
    }
    if (options.maxValueBytes() > 0 && serialized.length > options.maxValueBytes()) {
      throw new SealedStoreException("Cannot store value of class " + value.getClass().getName() + ": value of "
          + serialized.length + " bytes exceeds maxValueBytes " + options.maxValueBytes() + " of namespace \""
          + name + "\"; nothing was stored");
    }
    boolean encrypt = options.encryptAtRest();
    byte[] payload = encrypt ? cipher.encrypt(key.hash(), createdAt, serialized) : serialized;
    boolean inline = payload.length <= inlineThreshold;
    String blobId = inline ? null : blobs.putNew(namespaceId, payload);
    return new Replacement(key, new StoredRow(name, key.hash(), key.bytes(), DATA_TYPE, name, payload.length,
        Digests.sha256Hex(payload), value.getClass().getName(), inline ? StoredRow.INLINE : StoredRow.BLOB,
        codec.id(), NO_COMPRESSION, encrypt ? PayloadCipher.NAME : StoredRow.NO_ENCRYPTION, createdAt, null,
        null, null, inline ? payload : null, blobId, clock.millis()), expiry);
  }

  /**
   * The row a write puts in place of the current one, chosen inside the write's transaction: it checks the
   * current row's seal, asks the expiry rule, and seals the new row with the chosen expiry time.
   */
  private final class Replacement implements UnaryOperator<StoredRow> {
    private final StoredKey key;
    private final StoredRow unsealed;
    private final ExpiryRule expiry;
    private Reason refusal;
    private boolean stored;
    private StoredRow sealed;

    Replacement(StoredKey key, StoredRow unsealed, ExpiryRule expiry) {
      this.key = key;
      this.unsealed = unsealed;
      this.expiry = expiry;
    }

    @Override
    public StoredRow apply(StoredRow current) {
      SealedEntry live = null;
      if (current != null) {
        try {
          sealer.check(current);
          SealedEntry entry = new SealedEntry(key, null, current.createdAt(), fromColumn(current.expiresAt()),
              current.version());
          live = entry.isExpiredAt(unsealed.createdAt()) ? null : entry;
        } catch (RefusedEntry refused) {
          refusal = refused.failure();
        }
      }
      long expiresAt = expiry.expiresAt(live);
      stored = expiresAt != DO_NOT_WRITE;
      sealed = stored ? sealer.seal(unsealed.withExpiresAt(toColumn(expiresAt)), current) : null;
      return sealed;
    }

    /**
     * After the transaction: deletes whichever blob no row names now, and reports a refused replaced row.
     * Returns whether the new entry was stored.
     */
    boolean finish(StoredRow replaced) {
      if (!stored) {
        deleteBlob(unsealed.blobId());
        if (refusal != null) {
          refuse(replaced, refusal);
        }
        return false;
      }
      sealer.wrote(sealed);
      if (replaced != null) {
        deleteUnreferencedBlob(replaced.blobId());
      }
      if (refusal != null) {
        policy.report(key.hash(), refusal, true);
      }
      return true;
    }
  }

  /**
   * Deletes this namespace's blob files that no row names and that are older than {@code grace}: blobs of
   * writes that crashed before their commit, and superseded blobs whose delete failed. The grace keeps the
   * blob of a write in flight (written, its row not yet committed, maybe in another process).
   *
   * @return how many files were deleted
   */
  int sweepOrphanBlobs(Duration grace) {
    try {
      return blobs.sweep(namespaceId, clock.instant().minus(grace), blobId -> entries.blobReferenced(name, blobId));
    } catch (StorageException e) {
      throw failure("sweep the blobs of", e);
    }
  }

  /**
   * Evicts least recently used entries, never the one just written, until the namespace is within limits. It
   * runs after the write committed, so its failure must not report the write as failed: the namespace stays
   * over its limits until a later write evicts.
   */
  private int evictBeyondLimits(StoredKey written) {
    List<Displaced> evicted;
    try {
      evicted = entries.evict(name, options.maxEntries(), options.maxBytes(), written.hash());
    } catch (StorageException e) {
      LOG.log(Level.WARNING, "Cannot evict from namespace \"" + name + "\" after a write; a later write will: "
          + e.getMessage());
      return 0;
    }
    for (Displaced displaced : evicted) {
      if (displaced.blobId() != null) {
        deleteUnreferencedBlob(displaced.blobId());
      }
    }
    return evicted.size();
  }

  /**
   * Records a read for eviction order; {@code accessed_at} is unsigned, so tampering only reorders evictions.
   * A failure costs only eviction order, so it does not fail the read.
   */
  private void recordAccess(StoredRow row) {
    long now = clock.millis();
    if (now - row.accessedAt() >= ACCESS_RESOLUTION_MILLIS) {
      try {
        entries.touch(name, row.cacheKey(), now);
      } catch (StorageException e) {
        LOG.log(Level.DEBUG, "Cannot record an access in namespace \"" + name + "\": " + e.getMessage());
      }
    }
  }

  @Override
  public KeyLock lock(Collection<StoredKey> keys) {
    List<String> hashes = new ArrayList<>(keys.size());
    for (StoredKey key : keys) {
      hashes.add(Objects.requireNonNull(key, "key").hash());
    }
    try {
      EntryLocks.Held held = locks.lock(name, hashes);
      return held::close;
    } catch (StorageException e) {
      throw failure("lock entries of", e);
    }
  }

  @Override
  public boolean updateExpiry(SealedEntry entry, long expiresAt) {
    Objects.requireNonNull(entry, "entry");
    RowVersion version = entry.version();
    Long column = toColumn(expiresAt);
    try {
      StoredRow row = entries.get(name, entry.key().hash());
      if (row == null || !row.version().equals(version)) {
        return false;
      }
      // Signed afresh from the row as stored, so that nothing but the expiry time changes.
      try {
        sealer.check(row);
      } catch (RefusedEntry refused) {
        refuse(row, refused.failure());
        return false;
      }
      return entries.updateExpiryIfVersion(name, row.cacheKey(), version, column,
          stored -> sealer.seal(stored, stored));
    } catch (StorageException e) {
      throw failure("update an expiry time in", e);
    }
  }

  @Override
  public boolean deleteKeptRefusal(StoredKey key) {
    return !policy.deletesRefused() && delete(key);
  }

  @Override
  public boolean delete(StoredKey key) {
    Objects.requireNonNull(key, "key");
    boolean existed = deleteRow(key.hash(), () -> entries.delete(name, key.hash()));
    if (key.legacyHash() != null) {
      existed |= deleteRow(key.legacyHash(), () -> entries.delete(name, key.legacyHash()));
    }
    return existed;
  }

  @Override
  public boolean deleteIfUnchanged(SealedEntry entry) {
    Objects.requireNonNull(entry, "entry");
    return deleteRow(entry.key().hash(), () -> entries.deleteIfVersion(name, entry.key().hash(), entry.version()));
  }

  /** Runs a row delete, then deletes the blob the row named if no row names it still. */
  private boolean deleteRow(String cacheKey, Supplier<Displaced> delete) {
    try {
      Displaced displaced = delete.get();
      if (displaced.existed()) {
        sealer.removed(cacheKey, displaced.generation());
      }
      if (displaced.blobId() != null) {
        deleteUnreferencedBlob(displaced.blobId());
      }
      return displaced.existed();
    } catch (StorageException e) {
      throw failure("delete from", e);
    }
  }

  @Override
  public List<SealedEntry> removeExpired(long now, int limit, boolean withValues) {
    try {
      List<SealedEntry> removed = new ArrayList<>();
      for (StoredRow row : entries.expired(name, now, limit)) {
        SealedEntry found = checked(row);
        SealedEntry entry = found != null && withValues ? read(found.key()) : found;
        if (entry != null && entry.isExpiredAt(now) && deleteIfUnchanged(entry)) {
          removed.add(entry);
        }
      }
      return removed;
    } catch (StorageException e) {
      throw failure("remove expired entries from", e);
    }
  }

  /** A row's entry without its value, if the row and its key verify; otherwise refused and null. */
  private SealedEntry checked(StoredRow row) {
    try {
      sealer.check(row);
      StoredKey key = new StoredKey(decode(row.keyBytes()), row.cacheKey(), row.keyBytes());
      return new SealedEntry(key, null, row.createdAt(), fromColumn(row.expiresAt()), row.version());
    } catch (RefusedEntry refused) {
      refuseUnlessSuperseded(row, refused.failure());
      return null;
    }
  }

  /**
   * {@link #refuse} for a row read from a scan, which a concurrent write may have superseded since: a row
   * refused as older than what this process has seen is refused only if it is still the stored one.
   */
  private void refuseUnlessSuperseded(StoredRow row, Reason failure) {
    if (failure == Reason.REPLAYED) {
      StoredRow current = entries.get(name, row.cacheKey());
      if (current == null || !current.version().equals(row.version())) {
        return;
      }
    }
    refuse(row, failure);
  }

  @Override
  public void clear() {
    try {
      long now = sealer.now();
      List<String> deleted = entries.deleteAll(name);
      sealer.cleared(now);
      for (String blobId : deleted) {
        deleteBlob(blobId);
      }
    } catch (StorageException e) {
      throw failure("clear", e);
    }
  }

  @Override
  public List<StoredKey> keys() {
    try {
      List<StoredKey> keys = new ArrayList<>();
      for (StoredRow row : entries.scan(name)) {
        try {
          sealer.check(row);
          keys.add(new StoredKey(decode(row.keyBytes()), row.cacheKey(), row.keyBytes()));
        } catch (RefusedEntry refused) {
          refuseUnlessSuperseded(row, refused.failure());
        }
      }
      return keys;
    } catch (StorageException e) {
      throw failure("list the keys of", e);
    }
  }

  @Override
  public SealInfo diagnostics() {
    boolean signing = options.entrySigning();
    return new SealInfo(signing, NamespaceOptions.CURRENT_SIGNATURE_VERSION,
        options.minimumSignatureVersion(), sealer.signedFields(), signing && options.inMemoryKey(),
        signing && !options.inMemoryKey() ? options.signingKeyFile() : null, keyFilePresent.getAsBoolean(),
        options.encryptAtRest());
  }

  /**
   * Verifies the row and its payload, in that order, and only then decrypts (if encrypted) and deserializes
   * exactly the bytes verified.
   */
  private Object open(StoredRow row, long ledgerGeneration) throws RefusedEntry {
    sealer.check(row, ledgerGeneration);
    byte[] payload = payload(row);
    if (payload.length != row.fileSize()) {
      throw new RefusedEntry(Reason.SIZE_MISMATCH);
    }
    if (!Digests.sha256Hex(payload).equals(row.fileHash())) {
      throw new RefusedEntry(Reason.HASH_MISMATCH);
    }
    return decode(PayloadCipher.NAME.equals(row.encryption()) ? decrypt(row, payload) : payload);
  }

  private byte[] decrypt(StoredRow row, byte[] payload) throws RefusedEntry {
    byte[] plaintext = cipher.decrypt(row.cacheKey(), row.createdAt(), payload);
    if (plaintext == null) {
      throw new RefusedEntry(Reason.DECRYPTION_FAILED);
    }
    return plaintext;
  }

  /** The payload bytes, read once; the caller checks exactly these. */
  private byte[] payload(StoredRow row) throws RefusedEntry {
    if (!DATA_TYPE.equals(row.dataType()) || !codec.id().equals(row.serializer())
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

  /** Plaintext (or a row older than the column), or encrypted where this namespace has the key. */
  private boolean knownEncryption(String encryption) {
    return encryption == null || StoredRow.NO_ENCRYPTION.equals(encryption)
        || (cipher != null && PayloadCipher.NAME.equals(encryption));
  }

  private Object decode(byte[] bytes) throws RefusedEntry {
    try {
      return codec.decode(bytes);
    } catch (UndecodableException e) {
      LOG.log(Level.DEBUG, "Undecodable entry in namespace \"" + name + "\"", e);
      throw new RefusedEntry(e instanceof ClassNotAllowedException
          ? Reason.CLASS_NOT_ALLOWED : Reason.UNDECODABLE);
    }
  }

  /** Applies the policy to a refused row, then reports it exactly once with what was done. */
  private void refuse(StoredRow row, Reason failure) {
    boolean deleted = false;
    try {
      if (policy.deletesRefused()) {
        Displaced displaced = entries.deleteIfVersion(name, row.cacheKey(), row.version());
        deleted = displaced.existed();
        if (deleted) {
          deleteUnreferencedBlob(displaced.blobId());
        }
      }
    } finally {
      policy.report(row.cacheKey(), failure, deleted);
    }
  }

  /**
   * Deletes the blob a replaced or deleted row named, or a failed write's new blob, unless a row names it
   * still (a tampered blob_id may; so may a write whose commit reported a failure). A failure here must not
   * fail the operation: the blob is left for the orphan sweep, which asks the same question later.
   */
  private void deleteUnreferencedBlob(String blobId) {
    if (!blobs.isValidBlobId(blobId)) {
      return;
    }
    boolean referenced;
    try {
      referenced = entries.blobReferenced(name, blobId);
    } catch (StorageException e) {
      LOG.log(Level.WARNING, "Cannot tell whether a superseded blob of namespace \"" + name + "\" is still "
          + "referenced; leaving it to the orphan sweep: " + e.getMessage());
      return;
    }
    if (!referenced) {
      deleteBlob(blobId);
    }
  }

  private void deleteBlob(String blobId) {
    try {
      if (blobs.isValidBlobId(blobId)) {
        blobs.delete(namespaceId, blobId);
      }
    } catch (StorageException e) {
      // The row no longer names it: an orphan for the sweep, not a failed operation.
      LOG.log(Level.WARNING, "Cannot delete a superseded blob in namespace \"" + name + "\"", e);
    }
  }

  private SealedStoreException failure(String action, StorageException e) {
    return new SealedStoreException("Cannot " + action + " namespace \"" + name + "\": " + SealedStores.explain(e),
        e);
  }

  private static Long toColumn(long expiresAt) {
    return expiresAt == SealedEntry.ETERNAL ? null : expiresAt;
  }

  private static long fromColumn(Long expiresAt) {
    return expiresAt == null ? SealedEntry.ETERNAL : expiresAt;
  }
}
