package io.cachet.sealed;

import io.cachet.seal.HmacEntrySigner;
import io.cachet.seal.Verification;
import io.cachet.serial.ValueCodec;
import io.cachet.store.BlobStore;
import io.cachet.store.EntryStore;
import io.cachet.store.NamespaceRecord;
import io.cachet.store.StorageException;
import java.lang.System.Logger.Level;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/** A {@link SealedStore} composed of an entry store, a blob store, a signer and a codec. */
final class EmbeddedSealedStore implements SealedStore {
  private static final System.Logger LOG = System.getLogger("io.cachet.sealed");

  private final EntryStore entries;
  private final BlobStore blobs;
  private final ValueCodec codec;
  private final HmacEntrySigner signer;
  private final RowSealer sealer;
  private final IntegrityPolicy policy;
  private final int inlineThreshold;
  private final InstantSource clock;

  EmbeddedSealedStore(EntryStore entries, BlobStore blobs, ValueCodec codec, HmacEntrySigner signer,
      IntegrityPolicy policy, int inlineThreshold, InstantSource clock) {
    this.entries = entries;
    this.blobs = blobs;
    this.codec = codec;
    this.signer = signer;
    this.sealer = new RowSealer(signer);
    this.policy = policy;
    this.inlineThreshold = inlineThreshold;
    this.clock = clock;
  }

  @Override
  public SealedNamespace attach(String name, NamespaceOptions options) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(options, "options");
    String id = Digests.namespaceId(name);
    try {
      NamespaceRecord record = entries.namespace(name);
      if (record == null) {
        entries.insertNamespace(signedRecord(name, id));
      } else if (!verifies(record)) {
        // Entries carry their own signatures, so a damaged record costs nothing but this re-signing.
        LOG.log(Level.WARNING, "The record of namespace \"{0}\" failed verification; recording it afresh", name);
        entries.replaceNamespace(signedRecord(name, id));
      }
    } catch (StorageException e) {
      throw new SealedStoreException("Cannot record namespace \"" + name + "\": " + e.getMessage(), e);
    }
    return new VerifyingNamespace(name, id, entries, blobs, codec, sealer, policy, inlineThreshold, options);
  }

  @Override
  public boolean exists(String name) {
    Objects.requireNonNull(name, "name");
    try {
      NamespaceRecord record = entries.namespace(name);
      return record != null && verifies(record);
    } catch (StorageException e) {
      throw new SealedStoreException("Cannot look up namespace \"" + name + "\": " + e.getMessage(), e);
    }
  }

  @Override
  public Set<String> names() {
    try {
      Set<String> names = new LinkedHashSet<>();
      for (NamespaceRecord record : entries.namespaces()) {
        if (verifies(record)) {
          names.add(record.name());
        }
      }
      return Set.copyOf(names);
    } catch (StorageException e) {
      throw new SealedStoreException("Cannot list namespaces: " + e.getMessage(), e);
    }
  }

  @Override
  public void destroy(String name) {
    Objects.requireNonNull(name, "name");
    try {
      entries.deleteNamespace(name);
      blobs.deleteNamespace(Digests.namespaceId(name));
    } catch (StorageException e) {
      throw new SealedStoreException("Cannot destroy namespace \"" + name + "\": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    entries.close();
  }

  private NamespaceRecord signedRecord(String name, String id) {
    long now = clock.millis();
    return new NamespaceRecord(name, id, now, signer.signNamespace(name, id, now));
  }

  private boolean verifies(NamespaceRecord record) {
    return Digests.namespaceId(record.name()).equals(record.id())
        && signer.verifyNamespace(record.name(), record.id(), record.createdAt(), record.signature())
            == Verification.VALID;
  }
}
