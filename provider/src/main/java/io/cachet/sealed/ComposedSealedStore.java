package io.cachet.sealed;

import io.cachet.CachetOptions;
import io.cachet.seal.HmacEntrySigner;
import io.cachet.seal.SigningKeyException;
import io.cachet.seal.SigningKeyFile;
import io.cachet.serial.ValueCodec;
import io.cachet.store.BlobStore;
import io.cachet.store.ChangeCounters;
import io.cachet.store.EntryLocks;
import io.cachet.store.EntryStore;
import io.cachet.store.NamespaceRecord;
import java.lang.System.Logger.Level;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** A {@link SealedStore} composed of an entry store, a blob store, a key ring and a codec per allow-list. */
final class ComposedSealedStore implements SealedStore {
  private static final System.Logger LOG = System.getLogger("io.cachet.sealed");

  private final EntryStore entries;
  private final BlobStore blobs;
  private final EntryLocks locks;
  private final KeyRing keys;
  private final Function<List<String>, ValueCodec> codecFactory;
  private final Map<List<String>, ValueCodec> codecs = new ConcurrentHashMap<>();
  private final Map<String, RefusalSummary> refusals = new ConcurrentHashMap<>();
  private final int inlineThreshold;
  private final InstantSource clock;
  private final Runnable closeStores;
  private final RootLock.Share rootLock;
  private final RemoteChanges remoteChanges;
  private final ChangeCounters counters;
  private final NamespaceRecorder recorder;
  // The ledgers of the namespaces attached in this process, which operations on them must keep rather than replace.
  private final Map<String, NamespaceLedger> attachedLedgers = new ConcurrentHashMap<>();

  /**
   * @param codecFactory the codec allowing the default classes plus the given patterns
   * @param closeStores closes the entry store, blob store and locks
   * @param rootLock the store's share of its root's lock, given back on close
   * @param remoteChanges the change messages between the hosts sharing the store, or null if it has none
   * @param counters the store's change counters ({@link ChangeCounters#NONE} keeps no entry in memory)
   */
  ComposedSealedStore(EntryStore entries, BlobStore blobs, EntryLocks locks, KeyRing keys,
      Function<List<String>, ValueCodec> codecFactory, int inlineThreshold, InstantSource clock,
      Runnable closeStores, RootLock.Share rootLock, RemoteChanges remoteChanges, ChangeCounters counters) {
    this.entries = entries;
    this.blobs = blobs;
    this.locks = locks;
    this.keys = keys;
    this.codecFactory = codecFactory;
    this.inlineThreshold = inlineThreshold;
    this.clock = clock;
    this.closeStores = closeStores;
    this.rootLock = rootLock;
    this.remoteChanges = remoteChanges;
    this.counters = counters;
    this.recorder = new NamespaceRecorder(entries, keys, clock);
  }

  @Override
  public SealedNamespace attach(String name, NamespaceOptions options) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(options, "options");
    String id = Digests.namespaceId(name);
    FailurePolicy failures = FailurePolicy.forNamespace(name);
    String keyFile = options.entrySigning() && !options.inMemoryKey() ? options.signingKeyFile() : null;
    HmacEntrySigner signer;
    try {
      // A missing key file asks the entry store whether signed rows exist, which can fail too.
      signer = failures.decisive("attach", () -> {
        if (keyFile != null) {
          SigningKeyFile.requirePlainName(keyFile);
        }
        return options.entrySigning()
            ? keys.signer(options).withMinimumVersion(options.minimumSignatureVersion()) : null;
      });
    } catch (SigningKeyException e) {
      throw new SealedStoreException("Cannot attach namespace \"" + name + "\": " + e.getMessage(), e);
    }
    NamespaceRecorder.Recorded recorded = failures.decisive("record",
        () -> recorder.record(name, id, signer, keyFile, signer != null && options.sharedLedger()));
    boolean ledgerRecorded = recorded.ledgerRecorded();
    NamespaceKeys namespaceKeys = signer == null ? null
        : new NamespaceKeys(name, recorded.keys(), held -> recorder.keysNow(name, signer, held.current()), clock);
    Freshness freshness = null;
    if (signer != null && (options.sharedLedger() || ledgerRecorded)) {
      NamespaceLedger ledger = new NamespaceLedger(name, new LedgerSeals(name, namespaceKeys), entries,
          ledgerRecorded);
      failures.decisive("check the ledger of", () -> {
        entries.audit(name, ledger::audit);
        entries.keepLedger(name, ledger);
      });
      attachedLedgers.put(name, ledger);
      freshness = ledger;
    } else if (signer != null) {
      entries.keepLedger(name, null);
      attachedLedgers.remove(name);
      freshness = new ProcessFreshness(clock, counters);
    }
    ValueCodec codec = codecs.computeIfAbsent(options.allowedClasses(), codecFactory);
    IntegrityPolicy policy = IntegrityPolicy.of(name, options, refusals.computeIfAbsent(name, RefusalSummary::new));
    HeapTier heapTier = options.heapEntries() > 0 ? new HeapTier(options.heapEntries(), options.heapBytes()) : null;
    // Only the ledger can tell a current row from one put back, and without counters nothing tells of other
    // processes' or hosts' changes: then every hit checks the stored row.
    boolean probeHeld = counters == ChangeCounters.NONE || freshness instanceof NamespaceLedger;
    VerifyingNamespace namespace = new VerifyingNamespace(name, id,
        new NamespaceStorage(entries, blobs, locks, inlineThreshold, clock, counters), codec,
        new RowSealer(name, namespaceKeys, options.allowUnsignedEntries(), freshness), policy, options,
        keyFile == null ? () -> false : () -> keys.present(keyFile),
        // Unsigned, a namespace has no key to seal its messages with, so other hosts could not trust them.
        remoteChanges == null || signer == null ? NamespaceChanges.NONE
            : remoteChanges.namespace(name, new ChangeSeals(name, namespaceKeys)), heapTier, probeHeld);
    namespace.sweepOrphanBlobs();
    return namespace;
  }

  @Override
  public boolean exists(String name) {
    Objects.requireNonNull(name, "name");
    return FailurePolicy.forNamespace(name).decisive("look up", () -> {
      NamespaceRecord record = entries.namespace(name);
      return record != null && verifies(record);
    });
  }

  @Override
  public List<CacheSummary> summarize() {
    return FailurePolicy.forStore().decisive("summarize", () -> {
      long now = clock.millis();
      return entries.namespaces().stream().sorted(Comparator.comparing(NamespaceRecord::name))
          .map(record -> new CacheSummary(record.name(), record.keyFile(), record.keyId(), verifies(record),
              record.ledger(), entries.summarize(record.name(), now)))
          .toList();
    });
  }

  @Override
  public StoreAudit audit(String cache, AuditProgress progress) {
    return FailurePolicy.forStore().decisive("audit", () -> auditor().run(cache, progress, false));
  }

  @Override
  public StoreAudit repair(AuditProgress progress) {
    return FailurePolicy.forStore().decisive("repair", () -> auditor().run(null, progress, true));
  }

  @Override
  public List<InspectedRow> inspect(String cache, String keyHash, int limit, boolean values,
      List<String> allowedClasses) {
    Objects.requireNonNull(cache, "cache");
    return FailurePolicy.forNamespace(cache).decisive("inspect", () -> {
      return NamespaceInspection.inspect(recorded(cache), entries, blobs, keys, keyHash, limit,
          values ? codecs.computeIfAbsent(List.copyOf(allowedClasses), codecFactory) : null);
    });
  }

  private NamespaceRecord recorded(String name) {
    NamespaceRecord record = entries.namespace(name);
    if (record == null) {
      throw new IllegalArgumentException("No cache named \"" + name + "\" is recorded in the store");
    }
    return record;
  }

  @Override
  public KeyRotationResult rotateKey(String name, String newKeyFile, int batch, boolean deleteRefused,
      RotationProgress progress) {
    Objects.requireNonNull(name, "name");
    try {
      SigningKeyFile.requirePlainName(Objects.requireNonNull(newKeyFile, "newKeyFile"));
    } catch (SigningKeyException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (batch < 1) {
      throw new IllegalArgumentException("A rotation batch holds at least one entry, not " + batch);
    }
    try {
      return FailurePolicy.forNamespace(name).decisive("rotate the key of",
          () -> new KeyRotation(entries, blobs, keys, counters, clock, new KeyRotation.LedgerKeeper() {
            @Override
            public NamespaceLedger keep(NamespaceRecord record) {
              return keptLedger(record);
            }

            @Override
            public void release(String namespace, NamespaceLedger ledger) {
              ComposedSealedStore.this.release(namespace, ledger);
            }
          }).rotate(name, newKeyFile, batch, deleteRefused, progress));
    } catch (SigningKeyException e) {
      throw new SealedStoreException("Cannot rotate the key of namespace \"" + name + "\": " + e.getMessage(), e);
    }
  }

  private StoreAuditor auditor() {
    return new StoreAuditor(entries, blobs, keys, counters, clock);
  }

  @Override
  public long purge(String name) {
    Objects.requireNonNull(name, "name");
    return FailurePolicy.forNamespace(name).decisive("purge", () -> {
      NamespaceRecord record = recorded(name);
      long rows = entries.summarize(name, 0).entries();
      NamespaceLedger ledger = keptLedger(record);
      try {
        List<String> blobIds = new ArrayList<>();
        new KeyChanges(name, counters).changeAll(() -> blobIds.addAll(entries.deleteAll(name)));
        String namespaceId = Digests.namespaceId(name);
        for (String blobId : blobIds) {
          if (blobs.isValidBlobId(blobId) && !entries.blobReferenced(name, blobId)) {
            blobs.delete(namespaceId, blobId);
          }
        }
      } finally {
        release(name, ledger);
      }
      return rows;
    });
  }

  /**
   * The namespace's shared ledger, kept by this store so that changing its rows is recorded in it: the attached
   * namespace's, or one audited and kept until {@link #release}; null if it keeps none or its key cannot be loaded
   * (its stale ledger is then restarted by the next attach).
   */
  private NamespaceLedger keptLedger(NamespaceRecord record) {
    if (!record.ledger() || record.keyFile() == null) {
      return null;
    }
    NamespaceLedger attached = attachedLedgers.get(record.name());
    if (attached != null) {
      return attached;
    }
    NamespaceKeys.Held held = NamespaceKeys.trusted(record, null, keys,
        CachetOptions.MINIMUM_SIGNATURE_VERSION.defaultValue());
    if (held == null) {
      return null;
    }
    NamespaceLedger ledger = new NamespaceLedger(record.name(),
        new LedgerSeals(record.name(), NamespaceKeys.fixed(record.name(), held)), entries, true);
    entries.audit(record.name(), ledger::audit);
    entries.keepLedger(record.name(), ledger);
    return ledger;
  }

  /** Stops keeping a ledger {@link #keptLedger} kept for one operation; an attached namespace's stays. */
  private void release(String name, NamespaceLedger ledger) {
    if (ledger != null && attachedLedgers.get(name) != ledger) {
      entries.keepLedger(name, null);
    }
  }

  @Override
  public Set<String> names() {
    return FailurePolicy.forStore().decisive("list namespaces", () -> {
      Set<String> names = new LinkedHashSet<>();
      for (NamespaceRecord record : entries.namespaces()) {
        if (verifies(record)) {
          names.add(record.name());
        }
      }
      return Set.copyOf(names);
    });
  }

  @Override
  public void destroy(String name) {
    Objects.requireNonNull(name, "name");
    FailurePolicy.forNamespace(name).decisive("destroy", () -> new KeyChanges(name, counters).changeAll(() -> {
      entries.deleteNamespace(name);
      entries.keepLedger(name, null);
      attachedLedgers.remove(name);
      blobs.deleteNamespace(Digests.namespaceId(name));
    }));
  }

  @Override
  public InstantSource clock() {
    return clock;
  }

  @Override
  public void close() {
    refusals.values().forEach(RefusalSummary::flush);
    if (remoteChanges != null) {
      remoteChanges.close();
    }
    try {
      closeStores.run();
    } finally {
      counters.close();
      rootLock.close();
    }
  }

  /**
   * Whether a record verifies under the key it names: a key file that exists (never created here), or this
   * instance's in-memory key; a record of an unsigned namespace names no key and carries no signature.
   */
  private boolean verifies(NamespaceRecord record) {
    if (record.keyId() == null) {
      return record.keyFile() == null && record.signature() == null
          && Digests.namespaceId(record.name()).equals(record.id());
    }
    return verifies(record, keys.existing(record.keyFile()));
  }

  /** Whether a record verifies under this signer (null: whether it is an unsigned namespace's). */
  static boolean verifies(NamespaceRecord record, HmacEntrySigner signer) {
    if (signer == null) {
      return record.signature() == null && record.keyId() == null && record.keyFile() == null;
    }
    return RecordSeal.verifies(record, signer);
  }
}
