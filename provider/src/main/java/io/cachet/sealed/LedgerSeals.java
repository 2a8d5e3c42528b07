package io.cachet.sealed;

import io.cachet.seal.HmacEntrySigner;
import io.cachet.seal.LedgerSeal;
import io.cachet.store.LedgerState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The seals one namespace's ledger may be under. A ledger is sealed by the oldest key its namespace's record lists:
 * while a rotation is under way, by the key being retired, which every process still holds; the rotation re-seals it
 * with the new key in the transaction that retires the old one ({@link KeyRotation}). So a process tells which key
 * sealed a stored ledger by trying the keys it holds. Its keys are read again before each of its ledgered
 * transactions if due ({@link NamespaceKeys#refreshIfDue}), which a rotation waits out before re-signing, so a
 * transaction always holds the key that seals the ledger; a reader that finds none reads the keys again before it
 * distrusts the ledger (it may have missed the whole rotation). Keys are never read inside a transaction or snapshot
 * of the store, which would wait for a connection while holding one.
 */
final class LedgerSeals {
  private final String namespace;
  private final NamespaceKeys keys;
  private final Map<String, LedgerSeal> byKeyId = new ConcurrentHashMap<>();

  LedgerSeals(String namespace, NamespaceKeys keys) {
    this.namespace = namespace;
    this.keys = keys;
  }

  /**
   * The seal a stored ledger state verifies under, trying {@code likely} first (the one that verified the last
   * state): null if it is absent or no key of the record verifies it.
   */
  LedgerSeal verifying(LedgerState stored, LedgerSeal likely) {
    if (!wellFormed(stored)) {
      return null;
    }
    if (likely != null && verifies(likely, stored)) {
      return likely;
    }
    return amongHeld(stored);
  }

  /** Reads the keys again if they were last read more than {@link NamespaceKeys#REFRESH} ago. */
  void refreshIfDue() {
    keys.refreshIfDue();
  }

  /** Reads the keys again (at most every so often), because a ledger verified under none held. */
  void refresh() {
    keys.refreshForLedger();
  }

  /** The seal a ledger made afresh is under: the oldest key the record lists. */
  LedgerSeal fresh() {
    return of(keys.held().oldest());
  }

  private LedgerSeal amongHeld(LedgerState stored) {
    NamespaceKeys.Held held = keys.held();
    // Oldest first: the key that seals the ledger while a rotation is under way.
    List<HmacEntrySigner> candidates = new ArrayList<>(held.previous());
    Collections.reverse(candidates);
    candidates.add(held.current());
    for (HmacEntrySigner signer : candidates) {
      LedgerSeal seal = of(signer);
      if (verifies(seal, stored)) {
        return seal;
      }
    }
    return null;
  }

  private LedgerSeal of(HmacEntrySigner signer) {
    return byKeyId.computeIfAbsent(signer.keyId(), id -> signer.ledgerSeal(namespace));
  }

  /** Whether a stored state is there and well formed, and its signature verifies under this seal. */
  static boolean sealedBy(LedgerSeal seal, LedgerState stored) {
    return wellFormed(stored) && verifies(seal, stored);
  }

  private static boolean wellFormed(LedgerState stored) {
    return stored != null && stored.journalHash() != null && LedgerSeal.parse(stored.digest()) != null;
  }

  private static boolean verifies(LedgerSeal seal, LedgerState stored) {
    return seal.verifies(stored.generation(), stored.since(), stored.rows(), stored.digest(), stored.journalHash(),
        stored.signature());
  }
}
