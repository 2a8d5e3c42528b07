package io.cachet.sealed;

import io.cachet.seal.HmacEntrySigner;
import io.cachet.seal.Verification;
import io.cachet.store.NamespaceRecord;
import io.cachet.store.NamespaceRecord.Handover;
import io.cachet.store.NamespaceRecord.KeyRef;
import java.util.ArrayList;
import java.util.List;

/**
 * The signatures of a namespace record: its own, by the key it names, and, once its key was rotated, its handovers,
 * the same record signed by keys it was rotated from, which a process holding only one of them trusts. Each rotation
 * hands the record over from the key it retires and from every older key whose handover it carried and whose file is
 * still there, so that an application configured with a key several rotations old follows the record for as long as
 * that key's file exists.
 */
final class RecordSeal {
  private RecordSeal() {}

  /** A key a record is handed over from, with the file it is loaded from. */
  record Handing(String keyFile, HmacEntrySigner signer) {}

  /** The record, signed by {@code current} (the key it names) and handed over by each of {@code from}. */
  static NamespaceRecord signed(NamespaceRecord record, HmacEntrySigner current, List<Handing> from) {
    List<Handover> handovers = new ArrayList<>();
    for (Handing handing : from) {
      handovers.add(new Handover(new KeyRef(handing.keyFile(), handing.signer().keyId()),
          sign(handing.signer(), record)));
    }
    return new NamespaceRecord(record.name(), record.id(), record.createdAt(), record.keyFile(), record.keyId(),
        sign(current, record), record.ledger(), record.previousKeys(), handovers);
  }

  /** Whether the record's own signature verifies under this signer, the key it names, for the name it carries. */
  static boolean verifies(NamespaceRecord record, HmacEntrySigner signer) {
    return Digests.namespaceId(record.name()).equals(record.id()) && signer.keyId().equals(record.keyId())
        && matches(signer, record, record.signature());
  }

  /** Whether a handover of the record verifies under this signer: it trusts the record and the key it names. */
  static boolean handedOverBy(NamespaceRecord record, HmacEntrySigner signer) {
    if (!Digests.namespaceId(record.name()).equals(record.id())) {
      return false;
    }
    for (Handover handover : record.handovers()) {
      if ((handover.key() == null || handover.key().keyId().equals(signer.keyId()))
          && matches(signer, record, handover.signature())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The keys whose handovers of the record verify and whose files load (the same key): those a rotation of it hands the
   * next record over from, besides the key it retires. A key whose file cannot be loaded drops out.
   *
   * @param except ids of keys left out (the keys the next record names)
   */
  static List<Handing> carried(NamespaceRecord record, KeyRing keys, List<String> except) {
    List<Handing> carried = new ArrayList<>();
    for (Handover handover : record.handovers()) {
      KeyRef key = handover.key();
      if (key == null || except.contains(key.keyId())
          || carried.stream().anyMatch(handing -> handing.signer().keyId().equals(key.keyId()))) {
        continue;
      }
      HmacEntrySigner signer = keys.existing(key.keyFile());
      if (signer != null && signer.keyId().equals(key.keyId()) && matches(signer, record, handover.signature())) {
        carried.add(new Handing(key.keyFile(), signer));
      }
    }
    return carried;
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
