package io.cachet.sealed;

import io.cachet.IntegrityEvent.Reason;
import io.cachet.serial.ClassNotAllowedException;
import io.cachet.serial.UndecodableException;
import io.cachet.serial.ValueCodec;
import io.cachet.store.Displaced;
import io.cachet.store.EntryStore;
import io.cachet.store.RowVersion;
import io.cachet.store.StoredRow;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The verified read of one namespace, in the order of DESIGN §6: loads the row, checks its seal (signature,
 * key, freshness), reads the payload once, checks its size and the content hash or cipher tag the row signs
 * (see {@link PayloadIntegrity}), and only then decrypts and decodes exactly the bytes checked. A row failing any
 * check is a miss, handled and reported by the integrity policy.
 */
final class EntryVerifier {
  private static final System.Logger LOG = System.getLogger("io.cachet.sealed");
  private static final int READ_ATTEMPTS = 3;
  // A row refused as older than a write this process saw commit is loaded again for as long as each load finds
  // a newer row: every such load means another write committed meanwhile (a row put back stays the same and is
  // refused at once). Under writes to one key from many threads, three loads were not always enough.
  private static final int RACING_WRITE_ATTEMPTS = 64;

  private final String name;
  private final EntryStore entries;
  private final ValueCodec codec;
  private final RowSealer sealer;
  private final PayloadReader payloads;
  private final IntegrityPolicy policy;
  private final BlobReclaimer reclaimer;
  private final Eviction eviction;
  private final FailurePolicy failures;
  private final KeyChanges changes;

  /** @param signed whether signing is enabled (and so may encryption be): payloads are decrypted as rows name it */
  EntryVerifier(String name, String namespaceId, NamespaceStorage storage, ValueCodec codec, RowSealer sealer,
      boolean signed, IntegrityPolicy policy, BlobReclaimer reclaimer, Eviction eviction,
      FailurePolicy failures) {
    this.name = name;
    this.entries = storage.entries();
    this.codec = codec;
    this.sealer = sealer;
    this.payloads = new PayloadReader(namespaceId, storage.blobs(), codec.id(), signed ? sealer::cipherOf : null);
    this.policy = policy;
    this.reclaimer = reclaimer;
    this.eviction = eviction;
    this.failures = failures;
    this.changes = new KeyChanges(name, storage.counters());
  }

  /** Told of each entry verified under its key's current hash, with the serialized form of its value. */
  @FunctionalInterface
  interface Opened {
    Opened NONE = (row, serialized, entry) -> { };

    void opened(StoredRow row, byte[] serialized, SealedEntry entry);
  }

  /** The verified entry under the key, deserialized afresh, or null if absent or refused. */
  SealedEntry read(StoredKey key) {
    return read(key, Opened.NONE);
  }

  /** {@link #read}, telling {@code opened} of the entry if it verified (not of one under a pre-canonical key). */
  SealedEntry read(StoredKey key, Opened opened) {
    Objects.requireNonNull(key, "key");
    return failures.decisive("read from", () -> {
      EntryStore.Lookup lookup = entries.lookup(name, key.hash());
      if (lookup.row() == null && key.legacyHash() != null) {
        lookup = entries.lookup(name, key.legacyHash());
        return lookup.row() == null ? null
            : verified(key.atLegacyRow(lookup.row().keyBytes()), lookup.row(), lookup.ledgerGeneration(),
                Opened.NONE);
      }
      return verified(key, lookup.row(), lookup.ledgerGeneration(), opened);
    });
  }

  /** {@link #read} for several keys, their rows loaded in one transaction; absent and refused keys left out. */
  Map<StoredKey, SealedEntry> readAll(Collection<StoredKey> keys) {
    return readAll(keys, Opened.NONE);
  }

  /** {@link #readAll}, telling {@code opened} of each entry verified under its key's current hash. */
  Map<StoredKey, SealedEntry> readAll(Collection<StoredKey> keys, Opened opened) {
    List<String> hashes = new ArrayList<>(keys.size());
    for (StoredKey key : keys) {
      hashes.add(Objects.requireNonNull(key, "key").hash());
    }
    return failures.decisive("read from", () -> {
      EntryStore.LookupAll lookup = entries.lookupAll(name, hashes);
      Map<String, StoredRow> rows = lookup.rows();
      Map<StoredKey, SealedEntry> found = new HashMap<>();
      List<StoredKey> legacy = new ArrayList<>();
      for (StoredKey key : keys) {
        StoredRow row = rows.get(key.hash());
        if (row == null && key.legacyHash() != null) {
          legacy.add(key);
        }
        SealedEntry entry = verified(key, row, lookup.ledgerGeneration(), opened);
        if (entry != null) {
          found.put(key, entry);
        }
      }
      for (StoredKey key : legacy) {
        SealedEntry entry = read(key, opened);
        if (entry != null) {
          found.put(key, entry);
        }
      }
      return found;
    });
  }

  /**
   * The entry a loaded row holds, verified and deserialized, or null if there is no row or it is refused. When
   * a concurrent write supersedes the row between loading it and checking it, its blob can vanish, or the
   * write's newer generation be seen first: the row is then loaded again.
   */
  private SealedEntry verified(StoredKey key, StoredRow loaded, long ledgerGeneration, Opened opened) {
    StoredRow row = loaded;
    long generation = ledgerGeneration;
    for (int attempt = 1; row != null; attempt++) {
      try {
        Payload payload = open(row, generation);
        sealer.read(row);
        eviction.recordAccess(row);
        SealedEntry entry = entry(key, payload.value(), row);
        opened.opened(row, payload.serialized(), entry);
        return entry;
      } catch (RefusedEntry refused) {
        if (refused.failure() == Reason.UNKNOWN_KEY && attempt < READ_ATTEMPTS && sealer.refreshKeys(row)) {
          continue;
        }
        int attempts = refused.failure() == Reason.REPLAYED ? RACING_WRITE_ATTEMPTS : READ_ATTEMPTS;
        if (supersedable(refused.failure()) && attempt < attempts) {
          EntryStore.Lookup current = entries.lookup(name, row.cacheKey());
          if (current.row() == null || !Objects.equals(current.row().entrySignature(), row.entrySignature())) {
            row = current.row();
            generation = current.ledgerGeneration();
            continue;
          }
        }
        refuse(row, refused.failure(), refused.className());
        return null;
      }
    }
    return null;
  }

  /** Whether a refusal can come from a concurrent write rather than from the row itself. */
  private static boolean supersedable(Reason failure) {
    return failure == Reason.MISSING_BLOB || failure == Reason.REPLAYED;
  }

  /**
   * Whether the row under the key is still this version, verifies and is current (not put back): what lets an
   * entry held in memory be served without reading its payload again. The caller records the access. A row that
   * fails its checks is not refused here: the read that follows a false answer finds and reports it.
   */
  boolean isCurrent(String cacheKey, RowVersion version) {
    return failures.decisive("read from", () -> {
      EntryStore.Lookup lookup = entries.lookup(name, cacheKey);
      StoredRow row = lookup.row();
      if (row == null || !row.version().equals(version)) {
        return false;
      }
      try {
        sealer.check(row, lookup.ledgerGeneration());
      } catch (RefusedEntry refused) {
        return false;
      }
      sealer.read(row);
      return true;
    });
  }

  /**
   * The verified entry under a key hash, its key read from the row, for a change another host announced by the
   * hash alone; null if there is none or it is refused.
   */
  SealedEntry readByHash(String cacheKey) {
    EntryStore.Lookup lookup = entries.lookup(name, cacheKey);
    SealedEntry checked = lookup.row() == null ? null : checked(lookup.row());
    return checked == null ? null : verified(checked.key(), lookup.row(), lookup.ledgerGeneration(), Opened.NONE);
  }

  /** A key from its serialized form, deserialized as the codec allows. */
  StoredKey key(byte[] keyBytes) throws RefusedEntry {
    return new StoredKey(decode(keyBytes), Digests.keyHash(keyBytes), keyBytes);
  }

  /**
   * A scanned row's entry without its value, if the row and its key verify; otherwise refused (unless a
   * concurrent write superseded it since the scan) and null.
   */
  SealedEntry checked(StoredRow row) {
    try {
      sealer.check(row);
      StoredKey key = new StoredKey(decode(row.keyBytes()), row.cacheKey(), row.keyBytes());
      return entry(key, null, row);
    } catch (RefusedEntry refused) {
      refuseUnlessSuperseded(row, refused);
      return null;
    }
  }

  /**
   * {@link #refuse} for a row read from a scan, which a concurrent write may have superseded since: a row
   * refused as older than what this process has seen is refused only if it is still the stored one.
   */
  private void refuseUnlessSuperseded(StoredRow row, RefusedEntry refused) {
    if (refused.failure() == Reason.REPLAYED) {
      StoredRow current = entries.get(name, row.cacheKey());
      if (current == null || !current.version().equals(row.version())) {
        return;
      }
    }
    refuse(row, refused.failure(), refused.className());
  }

  /** A verified payload: the value's serialized form (decrypted) and the value deserialized from it. */
  private record Payload(byte[] serialized, Object value) {}

  /**
   * Verifies the row and its payload, in that order, and only then decrypts (if encrypted) and deserializes
   * exactly the bytes verified.
   */
  private Payload open(StoredRow row, long ledgerGeneration) throws RefusedEntry {
    sealer.check(row, ledgerGeneration);
    byte[] serialized = payloads.verified(row);
    return new Payload(serialized, decode(serialized));
  }

  private Object decode(byte[] bytes) throws RefusedEntry {
    try {
      return codec.decode(bytes);
    } catch (UndecodableException e) {
      LOG.log(Level.DEBUG, "Undecodable entry in namespace \"" + name + "\"", e);
      throw new RefusedEntry(e instanceof ClassNotAllowedException
          ? Reason.CLASS_NOT_ALLOWED : Reason.UNDECODABLE, e.className());
    }
  }

  /** Whether refused rows stay on disk, for inspection, rather than being deleted. */
  boolean keepsRefused() {
    return !policy.deletesRefused();
  }

  /** Applies the integrity policy to a refused row, then reports it exactly once with what was done. */
  void refuse(StoredRow row, Reason failure) {
    refuse(row, failure, null);
  }

  /** {@link #refuse(StoredRow, Reason)} for a value that could not be deserialized as the named class. */
  void refuse(StoredRow row, Reason failure, String className) {
    boolean deleted = false;
    try {
      if (policy.deletesRefused()) {
        Displaced displaced = changes.change(row.cacheKey(),
            () -> entries.deleteIfVersion(name, row.cacheKey(), row.version()));
        deleted = displaced.existed();
        if (deleted) {
          reclaimer.deleteUnreferenced(displaced.blobId());
        }
      }
    } finally {
      policy.report(row.cacheKey(), failure, className, deleted);
    }
  }

  /** Reports a refused row that a write replaced, and so deleted, in the same transaction. */
  void refusedAndReplaced(String cacheKey, Reason failure) {
    policy.report(cacheKey, failure, null, true);
  }

  /** The entry a verified row holds, with the given value (null where only the row was read). */
  static SealedEntry entry(StoredKey key, Object value, StoredRow row) {
    return new SealedEntry(key, value, row.createdAt(), row.expiresAt() == null ? SealedEntry.ETERNAL
        : row.expiresAt(), row.version());
  }
}
