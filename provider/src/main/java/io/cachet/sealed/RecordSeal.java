package io.cachet.sealed;

import io.cachet.seal.HmacEntrySigner;
import io.cachet.seal.Verification;
import io.cachet.store.NamespaceRecord;
import java.util.List;

/**
 * The signatures of a namespace record: its own, by the key it names, and, once its key was rotated, the handover,
 * the same record signed by the key it was rotated from, which a process holding only that key trusts.
 */
final class RecordSeal {
  private RecordSeal() {}

  /** The record, signed by {@code current} (the key it names) and handed over by {@code previous} (or null). */
  static NamespaceRecord signed(NamespaceRecord record, HmacEntrySigner current, HmacEntrySigner previous) {
    return new NamespaceRecord(record.name(), record.id(), record.createdAt(), record.keyFile(), record.keyId(),
        sign(current, record), record.ledger(), record.previousKeys(),
        previous == null ? null : sign(previous, record));
  }

  /** Whether the record's own signature verifies under this signer, the key it names, for the name it carries. */
  static boolean verifies(NamespaceRecord record, HmacEntrySigner signer) {
    return Digests.namespaceId(record.name()).equals(record.id()) && signer.keyId().equals(record.keyId())
        && matches(signer, record, record.signature());
  }

  /** Whether the record's handover verifies under this signer: it trusts the record and the key it names. */
  static boolean handedOverBy(NamespaceRecord record, HmacEntrySigner signer) {
    return record.handover() != null && Digests.namespaceId(record.name()).equals(record.id())
        && matches(signer, record, record.handover());
  }

  private static String sign(HmacEntrySigner signer, NamespaceRecord record) {
    return signer.signNamespace(record.name(), record.id(), record.createdAt(), record.keyFile(), record.keyId(),
        record.ledger(), previousKeys(record));
  }

  private static boolean matches(HmacEntrySigner signer, NamespaceRecord record, String signature) {
    return signer.verifyNamespace(record.name(), record.id(), record.createdAt(), record.keyFile(), record.keyId(),
        record.ledger(), previousKeys(record), signature) == Verification.VALID;
  }

  private static List<String> previousKeys(NamespaceRecord record) {
    return record.previousKeys().stream().map(key -> key.keyId() + ":" + key.keyFile()).toList();
  }
}
