package io.cachet.sealed;

import io.cachet.seal.EntryFields;
import io.cachet.seal.HmacEntrySigner;
import io.cachet.seal.PayloadCipher;
import io.cachet.seal.Verification;
import io.cachet.store.NamespaceRecord;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The keys of one namespace as its record names them: the current key, which signs every write, and the keys a
 * rotation is retiring, which still verify the rows they signed. A row names its key (signature version 6 on);
 * older rows verify under the oldest key the record lists.
 *
 * <p>The record can change under a running process when another one rotates the key: the keys are read again
 * before a write at most every {@link #REFRESH}, and when a row names a key not held or the ledger verifies under
 * none (at most every {@link #RETRY}), so that every process writes with the new key soon after a rotation begins.
 */
final class NamespaceKeys {
  /** How stale the keys a write signs with may be: a rotation waits longer than this before re-signing rows. */
  static final Duration REFRESH = Duration.ofMillis(250);
  private static final Duration RETRY = Duration.ofMillis(100);
  private static final System.Logger LOG = System.getLogger("io.cachet.sealed");

  /** The keys held at one time. */
  record Held(HmacEntrySigner current, List<HmacEntrySigner> previous) {
    HmacEntrySigner oldest() {
      return previous.isEmpty() ? current : previous.get(previous.size() - 1);
    }
  }

  private final String namespace;
  private final UnaryOperator<Held> reload;
  private final InstantSource clock;
  private volatile State state;
  private volatile long checkedAt;
  // Held while the keys are read again: one read at a time, which a caller of a read rate-limited away waits for.
  private final ReentrantLock reading = new ReentrantLock();
  // When the keys were last read again for a row naming a key not held, and for a ledger no key held verifies.
  private final AtomicLong unknownKeyRetriedAt = new AtomicLong(Long.MIN_VALUE / 2);
  private final AtomicLong ledgerRetriedAt = new AtomicLong(Long.MIN_VALUE / 2);

  /**
   * The keys held, by id, and every key this process held since it started (retired ones included): their ciphers
   * decrypt rows checked just before a refresh retired their key.
   */
  private record State(Held held, Map<String, HmacEntrySigner> byId, Map<String, PayloadCipher> ciphers,
      Map<String, HmacEntrySigner> everHeld, Map<String, Long> retiredAt) {}

  /**
   * @param reload given the keys held, the keys the record names now, or null if they cannot be had (the held ones
   *     are kept)
   */
  NamespaceKeys(String namespace, Held held, UnaryOperator<Held> reload, InstantSource clock) {
    this.namespace = namespace;
    this.reload = reload;
    this.clock = clock;
    this.state = state(held);
    this.checkedAt = clock.millis();
  }

  /** Keys that never change: a namespace whose record is not followed (tests, a tool's one pass). */
  static NamespaceKeys fixed(String namespace, Held held) {
    return new NamespaceKeys(namespace, held, keys -> null, InstantSource.system());
  }

  /** The key every write signs with. */
  HmacEntrySigner current() {
    return state.held().current();
  }

  /** The keys held now. */
  Held held() {
    return state.held();
  }

  /** Verifies a signature under the key it names, or the oldest key for a signature that names none. */
  Verification verify(EntryFields fields, String signature) {
    return verifier(state, signature).verify(fields, signature);
  }

  /**
   * The cipher of the key that signed a row whose signature verified, to decrypt its payload. The ciphers of keys
   * retired since stay: a row checked under a key just before a refresh dropped it is still decrypted with it (its
   * signature, checked first, decides whether it is accepted at all).
   */
  PayloadCipher cipherOf(String signature) {
    State current = state;
    String keyId = HmacEntrySigner.keyIdOf(signature);
    PayloadCipher cipher = keyId == null ? null : current.ciphers().get(keyId);
    return cipher != null ? cipher : current.ciphers().get(verifier(current, signature).keyId());
  }

  /**
   * {@link #cipherOf(String)} for a row whose signed fields are given (built only if needed): a signature older
   * than version 6 names no key, and verified under the oldest key listed, which a refresh since may have retired;
   * once this process has held several keys, the one that signed it is found by verifying it again.
   */
  PayloadCipher cipherOf(Supplier<EntryFields> fields, String signature) {
    State current = state;
    if (current.everHeld().size() > 1 && HmacEntrySigner.keyIdOf(signature) == null) {
      EntryFields signed = fields.get();
      for (HmacEntrySigner signer : current.everHeld().values()) {
        if (signer.verify(signed, signature) == Verification.VALID) {
          return current.ciphers().get(signer.keyId());
        }
      }
    }
    return cipherOf(signature);
  }

  /**
   * The keys a refresh of this process dropped less than {@code within} ago: what another process sealed with one of
   * them just before a rotation retired it may still be in flight.
   */
  List<HmacEntrySigner> retiredWithin(Duration within) {
    State current = state;
    long now = clock.millis();
    List<HmacEntrySigner> retired = new ArrayList<>();
    current.retiredAt().forEach((keyId, at) -> {
      if (now - at <= within.toMillis()) {
        retired.add(current.everHeld().get(keyId));
      }
    });
    return retired;
  }

  /** The cipher of a key held. */
  PayloadCipher cipherOf(HmacEntrySigner signer) {
    return state.ciphers().get(signer.keyId());
  }

  /** The key that verifies a signature: the one it names if held, else the current key. */
  HmacEntrySigner signerOf(String signature) {
    return verifier(state, signature);
  }

  private static HmacEntrySigner verifier(State state, String signature) {
    String keyId = HmacEntrySigner.keyIdOf(signature);
    if (keyId == null) {
      return state.held().oldest();
    }
    HmacEntrySigner signer = state.byId().get(keyId);
    // A key not held: the current one answers OTHER_KEY.
    return signer != null ? signer : state.held().current();
  }

  /** Reads the keys again if they were last read more than {@link #REFRESH} ago: before a write signs. */
  void refreshIfDue() {
    if (clock.millis() - checkedAt >= REFRESH.toMillis()) {
      refresh();
    }
  }

  /**
   * Reads the keys again, at most every {@link #RETRY}, because a row names a key not held.
   *
   * @return whether the key the signature names is held now (another thread may have read the keys meanwhile)
   */
  boolean refreshForKeyOf(String signature) {
    refreshUnlessRetried(unknownKeyRetriedAt);
    String keyId = HmacEntrySigner.keyIdOf(signature);
    return keyId != null && state.byId().containsKey(keyId);
  }

  /** Reads the keys again, at most every {@link #RETRY}, because a message from another host verifies under none. */
  void refreshForMessage() {
    refreshUnlessRetried(unknownKeyRetriedAt);
  }

  /**
   * Reads the keys again, at most every {@link #RETRY}, because the namespace's ledger verifies under none held: a
   * process that missed a whole rotation finds the new key here before it distrusts the ledger.
   */
  void refreshForLedger() {
    refreshUnlessRetried(ledgerRetriedAt);
  }

  /**
   * Reads the keys again unless that was last tried less than {@link #RETRY} ago; else waits for a read under way
   * (another thread's, begun for the same reason), so that the caller checks again with what it found.
   */
  private void refreshUnlessRetried(AtomicLong retriedAt) {
    long now = clock.millis();
    if (now - retriedAt.get() < RETRY.toMillis()) {
      reading.lock();
      reading.unlock();
      return;
    }
    retriedAt.set(now);
    refresh();
  }

  private boolean refresh() {
    reading.lock();
    try {
      return readAgain();
    } finally {
      reading.unlock();
    }
  }

  /** Reads the keys the record names now. @return whether they changed */
  private boolean readAgain() {
    checkedAt = clock.millis();
    Held reloaded = reload.apply(state.held());
    if (reloaded == null || sameKeys(reloaded, state.held())) {
      return false;
    }
    if (!reloaded.current().keyId().equals(current().keyId())) {
      LOG.log(Level.INFO, "Namespace \"{0}\" is now signed with key {1}, rotated from {2}", namespace,
          reloaded.current().keyId(), current().keyId());
    }
    State replaced = state;
    State next = state(reloaded);
    Map<String, PayloadCipher> ciphers = new LinkedHashMap<>(next.ciphers());
    replaced.ciphers().forEach(ciphers::putIfAbsent);
    Map<String, HmacEntrySigner> everHeld = new LinkedHashMap<>(next.everHeld());
    replaced.everHeld().forEach(everHeld::putIfAbsent);
    Map<String, Long> retiredAt = new LinkedHashMap<>(replaced.retiredAt());
    retiredAt.keySet().removeAll(next.byId().keySet());
    for (String keyId : replaced.byId().keySet()) {
      if (!next.byId().containsKey(keyId)) {
        retiredAt.put(keyId, checkedAt);
      }
    }
    state = new State(next.held(), next.byId(), Map.copyOf(ciphers), Map.copyOf(everHeld), Map.copyOf(retiredAt));
    return true;
  }

  private static boolean sameKeys(Held a, Held b) {
    return ids(a).equals(ids(b));
  }

  private static List<String> ids(Held held) {
    List<String> ids = new ArrayList<>();
    ids.add(held.current().keyId());
    held.previous().forEach(signer -> ids.add(signer.keyId()));
    return ids;
  }

  private State state(Held held) {
    Map<String, HmacEntrySigner> byId = new LinkedHashMap<>();
    Map<String, PayloadCipher> ciphers = new LinkedHashMap<>();
    List<HmacEntrySigner> all = new ArrayList<>(held.previous());
    all.add(0, held.current());
    for (HmacEntrySigner signer : all) {
      byId.putIfAbsent(signer.keyId(), signer);
      ciphers.putIfAbsent(signer.keyId(), signer.cipher(namespace));
    }
    return new State(held, Map.copyOf(byId), Map.copyOf(ciphers), Map.copyOf(byId), Map.of());
  }

  /**
   * The keys a record names, as a process holding {@code held} may trust them: the record's own key if it is the one
   * held and the record verifies under it; else, if the record was handed over by the key held, the key it names
   * now, loaded from its file, if the record verifies under it too. Previous keys are loaded from their files
   * (the held one is used as it is); one that cannot be loaded is left out, and rows it signed are refused.
   *
   * @param held the key the process is configured with, or null to trust the record's own key (an operator's
   *     tool, which loads that key from the file the record names)
   * @param minimumVersion the oldest signature version the keys accept
   * @return the keys, or null if the record does not name or hand over the key held, or does not verify
   * @throws SealedStoreException naming a key file another user owns or others can access
   */
  static Held trusted(NamespaceRecord record, HmacEntrySigner held, KeyRing keys, int minimumVersion) {
    HmacEntrySigner current;
    if (held != null && held.keyId().equals(record.keyId())) {
      current = held;
    } else if (held == null || RecordSeal.handedOverBy(record, held)) {
      current = record.keyFile() == null ? null : keys.existing(record.keyFile());
    } else {
      return null;
    }
    current = current == null ? null : current.withMinimumVersion(minimumVersion);
    if (current == null || !RecordSeal.verifies(record, current)) {
      return null;
    }
    List<HmacEntrySigner> previous = new ArrayList<>();
    for (NamespaceRecord.KeyRef key : record.previousKeys()) {
      HmacEntrySigner signer = held != null && held.keyId().equals(key.keyId()) ? held : keys.existing(key.keyFile());
      if (signer != null && signer.keyId().equals(key.keyId())) {
        previous.add(signer.withMinimumVersion(minimumVersion));
      } else {
        LOG.log(Level.WARNING, "Namespace \"{0}\" is being rotated from the key in {1} (id {2}), which cannot be "
            + "loaded: its rows signed with that key are refused", record.name(), key.keyFile(), key.keyId());
      }
    }
    return new Held(current, previous);
  }
}
