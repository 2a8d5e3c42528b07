package io.cachet.sealed;

import io.cachet.sealed.RemoteChange.Kind;

/**
 * What one namespace tells other hosts of its changes and hears of theirs: {@link #NONE} where the store has no
 * change feed, or the namespace no key to seal its messages with.
 */
interface NamespaceChanges {
  /** Sends nothing and hears nothing. */
  NamespaceChanges NONE = new NamespaceChanges() {
    @Override
    public void published(Kind kind, StoredKey key, String rowSignature) {}

    @Override
    public SealedNamespace.Subscription receive(Receiver receiver) {
      return () -> { };
    }
  };

  /**
   * Tells other hosts of a change this host committed; never fails the change.
   *
   * @param rowSignature the written row's signature, for {@link Kind#CREATED} and {@link Kind#UPDATED}
   */
  void published(Kind kind, StoredKey key, String rowSignature);

  /** Hands the namespace's messages from other hosts, once their seals verify, to the receiver. */
  SealedNamespace.Subscription receive(Receiver receiver);

  /** Takes a namespace's messages on the feed's thread. */
  interface Receiver {
    /** A message from another host whose seal verified, fresh and not seen before. */
    void accept(ChangeMessage message);

    /**
     * A message naming this namespace that failed its seal, was stale or was seen before.
     *
     * @param cacheKey the key hash it names, or null if it is not even well formed
     */
    void refused(String cacheKey);
  }
}
