package io.cachet.sealed;

import io.cachet.serial.UndecodableException;
import io.cachet.serial.ValueCodec;
import io.cachet.store.StoredRow;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A namespace's heap tier in use: serves a held entry only while its {@link HeldValidity} says it is still its
 * key's current entry (no writer in any process or host has changed it since it was verified or written), and
 * then a copy of its value per read, as JCache's store-by-value requires (the value itself where its class is
 * immutable). What it holds was verified when read, or written by this process with no other change of the key
 * in between.
 */
final class CoherentTier {
  private final HeapTier tier;
  private final HeldValidity validity;
  private final ValueCodec codec;
  private final Eviction eviction;
  private final InstantSource clock;

  CoherentTier(HeapTier tier, HeldValidity validity, NamespaceStorage storage, ValueCodec codec, Eviction eviction) {
    this.tier = tier;
    this.validity = validity;
    this.codec = codec;
    this.eviction = eviction;
    this.clock = storage.clock();
  }

  /** The entry under the key: from memory if held and current, else read and verified by the verifier. */
  SealedEntry read(StoredKey key, EntryVerifier verifier) {
    long stamp;
    try {
      SealedEntry held = hit(key);
      if (held != null) {
        return held;
      }
      stamp = validity.stamp(key.hash());
    } catch (InternalError e) {
      return counterFault(e, () -> verifier.read(key));
    }
    return verifier.read(key, !validity.keeps(stamp) ? EntryVerifier.Opened.NONE
        : (row, serialized, entry) -> hold(entry.value(), serialized, row, stamp));
  }

  /** {@link #read} for several keys: those not held are read together. */
  Map<StoredKey, SealedEntry> readAll(Collection<StoredKey> keys, EntryVerifier verifier) {
    Map<StoredKey, SealedEntry> found = new HashMap<>();
    List<StoredKey> missed = new ArrayList<>();
    Map<String, Long> stamps = new HashMap<>();
    try {
      for (StoredKey key : keys) {
        SealedEntry held = hit(key);
        if (held != null) {
          found.put(key, held);
        } else {
          missed.add(key);
          stamps.put(key.hash(), validity.stamp(key.hash()));
        }
      }
    } catch (InternalError e) {
      return counterFault(e, () -> verifier.readAll(keys));
    }
    if (!missed.isEmpty()) {
      found.putAll(verifier.readAll(missed, (row, serialized, entry) -> {
        Long stamp = stamps.get(row.cacheKey());
        if (stamp != null && validity.keeps(stamp)) {
          hold(entry.value(), serialized, row, stamp);
        }
      }));
    }
    return found;
  }

  /** Holds an entry this process wrote, under the stamp its write bracket ended with. */
  void written(StoredKey key, Object value, byte[] serialized, StoredRow row, long stamp) {
    if (validity.keeps(stamp)) {
      hold(value, serialized, row, stamp);
    }
  }

  /**
   * After the change counters faulted (their file was shortened under the mapping, which the JVM reports as an
   * {@link InternalError}, possibly a little after the access): nothing held can be trusted any more, so the
   * tier empties and the read goes to the store; the counters give no current stamp from then on.
   */
  private <T> T counterFault(InternalError fault, java.util.function.Supplier<T> read) {
    if (!validity.faulted(fault)) {
      throw fault;
    }
    tier.clear();
    return read.get();
  }

  /** Drops everything held. */
  void clear() {
    tier.clear();
  }

  private SealedEntry hit(StoredKey key) {
    HeapTier.Held held = tier.get(key.hash());
    if (held == null) {
      return null;
    }
    HeapTier.Entry entry = held.entry;
    if (!validity.current(entry)) {
      tier.remove(held);
      return null;
    }
    Object value = entry.immutableValue();
    if (value == null) {
      try {
        value = codec.decode(entry.serialized());
      } catch (UndecodableException e) {
        tier.remove(held);
        return null;
      }
    }
    held.accessRecordedAt = eviction.recordAccess(key.hash(), held.accessRecordedAt);
    return new SealedEntry(key, value, entry.createdAt(), entry.expiresAt(), entry.version());
  }

  private void hold(Object value, byte[] serialized, StoredRow row, long stamp) {
    if (!tier.fits(serialized.length)) {
      return;
    }
    boolean immutable = ImmutableValues.isImmutable(value);
    long expiresAt = row.expiresAt() == null ? SealedEntry.ETERNAL : row.expiresAt();
    tier.put(new HeapTier.Entry(row.cacheKey(), immutable ? value : null, immutable ? null : serialized,
        row.createdAt(), expiresAt, row.version(), stamp, serialized.length), clock.millis());
  }
}
