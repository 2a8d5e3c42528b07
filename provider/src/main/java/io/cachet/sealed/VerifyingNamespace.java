package io.cachet.sealed;

import io.cachet.SealInfo;
import io.cachet.serial.EncodedKey;
import io.cachet.serial.SerializationException;
import io.cachet.serial.ValueCodec;
import io.cachet.store.EntryLocks;
import io.cachet.store.EntryStore;
import io.cachet.store.StoredRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.time.InstantSource;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A {@link SealedNamespace} over an entry store and a blob store: signs what it writes, and returns nothing
 * it has not verified. It composes the verified read ({@link EntryVerifier}), the write protocol
 * ({@link WriteProtocol}), blob reclamation ({@link BlobReclaimer}) and eviction ({@link Eviction}), with the
 * storage failures of each classified by one {@link FailurePolicy}.
 */
final class VerifyingNamespace implements SealedNamespace {
  private final String name;
  private final EntryStore entries;
  private final EntryLocks locks;
  private final ValueCodec codec;
  private final RowSealer sealer;
  private final NamespaceOptions options;
  private final BooleanSupplier keyFilePresent;
  private final FailurePolicy failures;
  private final BlobReclaimer reclaimer;
  private final EntryVerifier verifier;
  private final WriteProtocol writer;
  private final NamespaceChanges changes;
  private final IntegrityPolicy policy;
  private final InstantSource clock;
  private final CoherentTier tier;

  /**
   * @param keyFilePresent whether the namespace's key file exists now, for diagnostics
   * @param changes what the namespace tells other hosts and hears from them
   * @param heapTier where verified entries are kept in memory, or null to keep none
   * @param probeHeld whether a held entry is checked against its stored row at every hit (where the change
   *     counters cannot vouch for it), rather than by the counters
   */
  VerifyingNamespace(String name, String namespaceId, NamespaceStorage storage, ValueCodec codec,
      RowSealer sealer, IntegrityPolicy policy, NamespaceOptions options,
      BooleanSupplier keyFilePresent, NamespaceChanges changes, HeapTier heapTier, boolean probeHeld) {
    this.name = name;
    this.entries = storage.entries();
    this.locks = storage.locks();
    this.codec = codec;
    this.sealer = sealer;
    this.options = options;
    this.keyFilePresent = keyFilePresent;
    this.failures = FailurePolicy.forNamespace(name);
    this.changes = changes;
    this.policy = policy;
    this.clock = storage.clock();
    this.reclaimer = new BlobReclaimer(name, namespaceId, storage, failures);
    Eviction eviction = new Eviction(name, storage, options, reclaimer, failures);
    this.verifier = new EntryVerifier(name, namespaceId, storage, codec, sealer, options.entrySigning(), policy,
        reclaimer, eviction, failures);
    this.tier = heapTier == null ? null : new CoherentTier(heapTier, probeHeld ? HeldValidity.probed(verifier)
        : HeldValidity.counted(new KeyChanges(name, storage.counters())), storage, codec, eviction);
    this.writer = new WriteProtocol(name, namespaceId, storage, codec, sealer, options, verifier, reclaimer,
        eviction, failures, changes, tier == null ? WriteProtocol.Written.NONE : tier::written);
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
      throw new SealedStoreException("Cannot store key of class " + e.detail(), e);
    }
    byte[] legacy = encoded.legacyBytes();
    return new StoredKey(key, Digests.keyHash(encoded.bytes()), encoded.bytes(),
        legacy == null ? null : Digests.keyHash(legacy));
  }

  @Override
  public SealedEntry read(StoredKey key) {
    return tier == null ? verifier.read(key) : tier.read(key, verifier);
  }

  @Override
  public Map<StoredKey, SealedEntry> readAll(Collection<StoredKey> keys) {
    return tier == null ? verifier.readAll(keys) : tier.readAll(keys, verifier);
  }

  @Override
  public Written writeAll(Map<StoredKey, ?> values, long createdAt, ExpiryRule expiry) {
    return writer.writeAll(values, createdAt, expiry);
  }

  /** Deletes this namespace's orphan blob files; see {@link BlobReclaimer#sweep}. */
  int sweepOrphanBlobs() {
    return reclaimer.sweep();
  }

  @Override
  public KeyLock lock(Collection<StoredKey> keys) {
    List<String> hashes = new ArrayList<>(keys.size());
    for (StoredKey key : keys) {
      hashes.add(Objects.requireNonNull(key, "key").hash());
    }
    EntryLocks.Held held = failures.decisive("lock entries of", () -> locks.lock(name, hashes));
    return held::close;
  }

  @Override
  public boolean updateExpiry(SealedEntry entry, long expiresAt) {
    return writer.updateExpiry(entry, expiresAt);
  }

  @Override
  public boolean deleteKeptRefusal(StoredKey key) {
    return verifier.keepsRefused() && writer.delete(key);
  }

  @Override
  public boolean delete(StoredKey key) {
    boolean existed = writer.delete(key);
    if (existed) {
      changes.published(RemoteChange.Kind.REMOVED, key, null);
    }
    return existed;
  }

  /**
   * {@inheritDoc} Only the host whose delete removed the row tells other hosts of it: as expired if it is expired
   * now, else as removed.
   */
  @Override
  public boolean deleteIfUnchanged(SealedEntry entry) {
    boolean deleted = writer.deleteIfUnchanged(entry);
    if (deleted) {
      changes.published(entry.isExpiredAt(clock.millis()) ? RemoteChange.Kind.EXPIRED : RemoteChange.Kind.REMOVED,
          entry.key(), null);
    }
    return deleted;
  }

  @Override
  public Subscription onRemoteChange(Consumer<RemoteChange> listener) {
    return changes.receive(new RemoteChangeReader(name, verifier, policy, clock, listener));
  }

  @Override
  public List<SealedEntry> removeExpired(long now, int limit, boolean withValues) {
    return failures.decisive("remove expired entries from", () -> {
      List<SealedEntry> removed = new ArrayList<>();
      for (StoredRow row : entries.expired(name, now, limit)) {
        SealedEntry found = verifier.checked(row);
        SealedEntry entry = found != null && withValues ? verifier.read(found.key()) : found;
        if (entry != null && entry.isExpiredAt(now) && deleteIfUnchanged(entry)) {
          removed.add(entry);
        }
      }
      return removed;
    });
  }

  @Override
  public void clear() {
    writer.clear();
    if (tier != null) {
      tier.clear();
    }
  }

  @Override
  public List<StoredKey> keys() {
    return failures.decisive("list the keys of", () -> {
      List<StoredKey> keys = new ArrayList<>();
      for (StoredRow row : entries.scan(name)) {
        SealedEntry checked = verifier.checked(row);
        if (checked != null) {
          keys.add(checked.key());
        }
      }
      return keys;
    });
  }

  @Override
  public SealInfo diagnostics() {
    boolean signing = options.entrySigning();
    return new SealInfo(signing, NamespaceOptions.CURRENT_SIGNATURE_VERSION,
        options.minimumSignatureVersion(), sealer.signedFields(), signing && options.inMemoryKey(),
        signing && !options.inMemoryKey() ? options.signingKeyFile() : null, keyFilePresent.getAsBoolean(),
        options.encryptAtRest());
  }
}
