package io.cachet.store;

import java.util.List;
import java.util.Objects;

/**
 * One row of the namespaces table: a namespace's name, its derived storage id, which key signs it, and its
 * signature.
 *
 * @param id a hex id derived from the name, used instead of the name wherever a file name is needed
 * @param keyFile the name of the key file that signs the namespace, or null (in-memory key, or unsigned)
 * @param keyId a fingerprint of the signing key, or null if the namespace is not signed
 * @param signature {@code v{N}:{hex}}, or null if unsigned
 * @param ledger whether the namespace keeps a ledger of its writes, shared by every process (signed)
 * @param previousKeys the keys a rotation to {@code keyFile} is retiring, newest first, whose rows are still read;
 *     empty when no rotation is under way (signed)
 * @param handovers signatures of the same record by keys it was rotated from, so that a process holding only one of
 *     them can trust the record and follow it to the new key; empty if the key was never rotated
 */
public record NamespaceRecord(String name, String id, long createdAt, String keyFile, String keyId,
    String signature, boolean ledger, List<KeyRef> previousKeys, List<Handover> handovers) {

  /** A key named by its file and its id. */
  public record KeyRef(String keyFile, String keyId) {
    public KeyRef {
      Objects.requireNonNull(keyFile, "keyFile");
      Objects.requireNonNull(keyId, "keyId");
    }
  }

  /**
   * The record signed by a key it was rotated from.
   *
   * @param key that key, or null for a handover stored before handovers named their key
   */
  public record Handover(KeyRef key, String signature) {
    public Handover {
      Objects.requireNonNull(signature, "signature");
    }
  }

  public NamespaceRecord {
    Objects.requireNonNull(name, "name");
    previousKeys = List.copyOf(previousKeys);
    handovers = List.copyOf(handovers);
  }

  /** A record of a namespace whose key was never rotated. */
  public NamespaceRecord(String name, String id, long createdAt, String keyFile, String keyId, String signature,
      boolean ledger) {
    this(name, id, createdAt, keyFile, keyId, signature, ledger, List.of(), List.of());
  }

  /** A record of a namespace that keeps no ledger and whose key was never rotated. */
  public NamespaceRecord(String name, String id, long createdAt, String keyFile, String keyId, String signature) {
    this(name, id, createdAt, keyFile, keyId, signature, false);
  }

  /** {@return whether a rotation to {@link #keyFile} is under way: rows signed with previous keys remain} */
  public boolean rotating() {
    return !previousKeys.isEmpty();
  }
}
