package io.cachet.store;

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
 */
public record NamespaceRecord(String name, String id, long createdAt, String keyFile, String keyId,
    String signature, boolean ledger) {

  public NamespaceRecord {
    Objects.requireNonNull(name, "name");
  }

  /** A record of a namespace that keeps no ledger. */
  public NamespaceRecord(String name, String id, long createdAt, String keyFile, String keyId, String signature) {
    this(name, id, createdAt, keyFile, keyId, signature, false);
  }
}
