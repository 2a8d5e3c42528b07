package io.cachet.jcache;

import io.cachet.sealed.RemoteChange;
import io.cachet.sealed.SealedNamespace;

/**
 * A cache's events from the other hosts sharing its store, heard while it has listeners: each verified change
 * another host made becomes an event of its kind, delivered as asynchronous events are. Remote events carry no
 * old value, and removed and expired ones no value either: the other host's row is gone.
 */
final class RemoteEvents<K, V> {
  private final EntryStorage storage;
  private SealedNamespace.Subscription subscription;

  RemoteEvents(EntryStorage storage) {
    this.storage = storage;
  }

  /** Starts hearing other hosts' changes for the dispatcher's listeners, if not already. */
  synchronized void start(EventDispatcher<K, V> dispatcher) {
    if (subscription == null) {
      subscription = storage.onRemoteChange(change -> dispatcher.dispatchRemote(batchOf(dispatcher, change)));
    }
  }

  /** Stops hearing them: no listener is left, or the cache closes. */
  synchronized void stop() {
    if (subscription != null) {
      subscription.close();
      subscription = null;
    }
  }

  private PendingEvents<K, V> batchOf(EventDispatcher<K, V> dispatcher, RemoteChange change) {
    PendingEvents<K, V> batch = dispatcher.newBatch();
    K key = keyOf(change);
    V value = valueOf(change);
    switch (change.kind()) {
      case CREATED -> batch.created(key, value);
      case UPDATED -> batch.updated(key, value, null);
      case REMOVED -> batch.removed(key, null);
      case EXPIRED -> batch.expired(key, null);
      default -> throw new IllegalStateException("Unknown change " + change.kind());
    }
    return batch;
  }

  // The store holds only what this cache wrote under its key and value types (LiveEntries casts the same way).
  @SuppressWarnings("unchecked")
  private K keyOf(RemoteChange change) {
    return (K) change.key();
  }

  @SuppressWarnings("unchecked")
  private V valueOf(RemoteChange change) {
    return (V) change.value();
  }
}
