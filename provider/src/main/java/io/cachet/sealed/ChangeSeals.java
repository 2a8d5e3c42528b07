package io.cachet.sealed;

import io.cachet.seal.ChangeSeal;
import io.cachet.seal.HmacEntrySigner;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The seals of one namespace's change messages between hosts, under the keys its record lists: a message is sealed
 * with the current key, and one from a host that has not followed a rotation yet, or has followed it sooner, is
 * sealed with the other key its record lists, or with a key retired a moment ago. A message no key held verifies is
 * checked again once the keys were read again, in case a rotation began that this host has not followed yet.
 */
final class ChangeSeals {
  /**
   * How long a message sealed with a key this host's refresh retired is still accepted: one sent just before the
   * rotation retired it may arrive after, behind others.
   */
  static final Duration RETIRED_KEY_GRACE = Duration.ofSeconds(10);

  private final String namespace;
  private final NamespaceKeys keys;
  private final Map<String, ChangeSeal> byKeyId = new ConcurrentHashMap<>();

  ChangeSeals(String namespace, NamespaceKeys keys) {
    this.namespace = namespace;
    this.keys = keys;
  }

  /**
   * Reads the keys again if due ({@link NamespaceKeys#refreshIfDue}), before a message is sealed: a host idle
   * through a whole rotation would otherwise seal its next message with a key the others no longer hold.
   */
  void refreshIfDue() {
    keys.refreshIfDue();
  }

  /** The seal of a message this host sends, under the current key. */
  String seal(String message) {
    return of(keys.current()).seal(message);
  }

  /** Whether a received message's seal verifies under a key the record lists. */
  boolean verifies(String message, String seal) {
    if (verifiesUnderHeld(message, seal)) {
      return true;
    }
    keys.refreshForMessage();
    return verifiesUnderHeld(message, seal);
  }

  private boolean verifiesUnderHeld(String message, String seal) {
    NamespaceKeys.Held held = keys.held();
    if (of(held.current()).verifies(message, seal)) {
      return true;
    }
    for (HmacEntrySigner previous : held.previous()) {
      if (of(previous).verifies(message, seal)) {
        return true;
      }
    }
    for (HmacEntrySigner retired : keys.retiredWithin(RETIRED_KEY_GRACE)) {
      if (of(retired).verifies(message, seal)) {
        return true;
      }
    }
    return false;
  }

  private ChangeSeal of(HmacEntrySigner signer) {
    return byKeyId.computeIfAbsent(signer.keyId(), id -> signer.changeSeal(namespace));
  }
}
