package io.cachet.sealed;

import io.cachet.seal.HmacEntrySigner;
import io.cachet.store.EntryStore;
import io.cachet.store.NamespaceRecord;
import io.cachet.store.StorageException;
import java.lang.System.Logger.Level;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * Records a namespace when a process attaches it, and tells the process which keys to sign and verify with: its own,
 * or, where the record was rotated from its key to another ({@link KeyRotation}), the key the record names now.
 */
final class NamespaceRecorder {
  private static final System.Logger LOG = System.getLogger("io.cachet.sealed");

  private final EntryStore entries;
  private final KeyRing keys;
  private final InstantSource clock;

  NamespaceRecorder(EntryStore entries, KeyRing keys, InstantSource clock) {
    this.entries = entries;
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * What attaching found recorded.
   *
   * @param ledgerRecorded whether the record said, before this attach, that the namespace keeps a ledger (a record
   *     that does not verify is taken to say so: what it says cannot be trusted)
   * @param keys the keys to sign and verify with, or null when signing is disabled
   */
  record Recorded(boolean ledgerRecorded, NamespaceKeys.Held keys) {}

  /**
   * Makes the namespace's record name the key that signs it now. A record that names, or was handed over by, the
   * key of this process is followed: its current key signs, the keys it is retiring still verify. A record naming
   * another key file (or an in-memory key) is an explicit change of key: the record is re-signed, and entries
   * signed with the old key are then refused as of an unknown key and handled by the integrity policy. A key file
   * whose content changed under the same name while entries signed with it exist is no rotation but a replaced
   * key: that fails closed, as a missing one does, since a key must never change silently.
   *
   * <p>The record also says, signed, whether the namespace keeps a shared ledger; once it does, it always does,
   * so that a deleted ledger is told from one never kept.
   *
   * @param signer the key of this process, or null when signing is disabled
   * @param ledger whether this attach asks for a shared ledger
   * @throws SealedStoreException naming the key file if it was replaced under entries it signed
   */
  Recorded record(String name, String id, HmacEntrySigner signer, String keyFile, boolean ledger) {
    String keyId = signer == null ? null : signer.keyId();
    NamespaceRecord record = entries.namespace(name);
    if (record == null) {
      if (entries.insertNamespace(signedRecord(name, id, signer, keyFile, keyId, ledger))) {
        return recorded(false, signer);
      }
      record = entries.namespace(name);
    }
    Recorded followed = followed(record, signer, ledger);
    if (followed != null) {
      return followed;
    }
    boolean verified = ComposedSealedStore.verifies(record, signer);
    boolean ledgerRecorded = signer != null && (record.ledger() || !verified);
    boolean keepsLedger = ledger || ledgerRecorded;
    boolean sameKey = Objects.equals(record.keyFile(), keyFile) && Objects.equals(record.keyId(), keyId);
    if (sameKey && id.equals(record.id()) && verified) {
      if (record.ledger() != keepsLedger) {
        entries.replaceNamespace(signedRecord(name, id, signer, keyFile, keyId, keepsLedger));
      }
      return recorded(ledgerRecorded, signer);
    }
    if (!Objects.equals(record.keyFile(), keyFile)) {
      LOG.log(Level.INFO, "Namespace \"{0}\" is now signed with {1} instead of {2}: its entries signed with the "
          + "previous key will be refused", name, describe(keyFile, keyId), describe(record.keyFile(),
          record.keyId()));
    } else if (!sameKey) {
      if (keyFile != null && record.keyId() != null && entries.keyFileSigns(keyFile)) {
        throw new SealedStoreException("The signing key file " + keyFile + " holds key id " + keyId + ", but the"
            + " entries of namespace \"" + name + "\" were signed with key id " + record.keyId() + ": the key file"
            + " was replaced. Restore the original key file, or rotate explicitly by naming a new signingKeyFile"
            + " (old entries are then refused and handled by policy).");
      }
      LOG.log(Level.WARNING, "The key in {0} is not the key that signed namespace \"{1}\" (key id {2}, was {3}): "
          + "its entries will be refused", describe(keyFile, keyId), name, keyId, record.keyId());
    } else {
      // Entries carry their own signatures, so a damaged record costs nothing but this re-signing.
      LOG.log(Level.WARNING, "The record of namespace \"{0}\" failed verification; recording it afresh", name);
    }
    entries.replaceNamespace(signedRecord(name, id, signer, keyFile, keyId, keepsLedger));
    return recorded(ledgerRecorded, signer);
  }

  /**
   * The keys of a record whose key is being rotated, or was rotated from this process's key; null otherwise (and for
   * a record of this process's key with no rotation under way, which {@link #record} checks as it always did).
   */
  private Recorded followed(NamespaceRecord record, HmacEntrySigner signer, boolean ledger) {
    boolean holdsCurrent = signer != null && signer.keyId().equals(record.keyId());
    if (signer == null || !record.rotating() && (record.handovers().isEmpty() || holdsCurrent)) {
      return null;
    }
    NamespaceKeys.Held held = NamespaceKeys.trusted(record, signer, keys, signer.minimumVersion());
    if (held == null) {
      return null;
    }
    if (!held.current().keyId().equals(signer.keyId())) {
      LOG.log(Level.INFO, "Namespace \"{0}\" was rotated to the key in {1} (id {2}): following it. Set "
          + "signingKeyFile={1} where this application is configured", record.name(), record.keyFile(),
          record.keyId());
    }
    if (ledger && !record.ledger()) {
      throw new SealedStoreException("Namespace \"" + record.name() + "\" cannot start keeping a shared ledger "
          + "(replayDetection=shared) while its key was rotated and the application is not configured with the "
          + "new key: set signingKeyFile=" + record.keyFile() + " first");
    }
    return new Recorded(record.ledger(), held);
  }

  /**
   * The keys the namespace's record names now for a process configured with {@code signer} whose current key is
   * {@code current} (the one it followed the record to, if it did): the record is trusted if it names or hands over
   * either, so that a running process follows one rotation after another. Null if they cannot be read or the record
   * names or hands over neither: the process then keeps those it holds.
   */
  NamespaceKeys.Held keysNow(String name, HmacEntrySigner signer, HmacEntrySigner current) {
    try {
      NamespaceRecord record = entries.namespace(name);
      if (record == null) {
        return null;
      }
      NamespaceKeys.Held followed = NamespaceKeys.trusted(record, current, keys, signer.minimumVersion());
      return followed != null || current.keyId().equals(signer.keyId()) ? followed
          : NamespaceKeys.trusted(record, signer, keys, signer.minimumVersion());
    } catch (StorageException | SealedStoreException e) {
      LOG.log(Level.DEBUG, "Cannot read the keys of namespace \"" + name + "\" again; keeping those held", e);
      return null;
    }
  }

  private static Recorded recorded(boolean ledgerRecorded, HmacEntrySigner signer) {
    return new Recorded(ledgerRecorded, signer == null ? null : new NamespaceKeys.Held(signer, List.of()));
  }

  private static String describe(String keyFile, String keyId) {
    return keyFile != null ? "key file " + keyFile : keyId != null ? "an in-memory key" : "no key (unsigned)";
  }

  private NamespaceRecord signedRecord(String name, String id, HmacEntrySigner signer, String keyFile,
      String keyId, boolean ledger) {
    long now = clock.millis();
    String signature = signer == null ? null : signer.signNamespace(name, id, now, keyFile, keyId, ledger);
    return new NamespaceRecord(name, id, now, keyFile, keyId, signature, ledger && signer != null);
  }
}
