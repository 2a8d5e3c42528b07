package io.cachet.jcache;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.cache.event.EventType;

/** The entry events one cache operation produced, waiting to be dispatched when the operation completes. */
final class PendingEvents<K, V> {
  private final Map<EventType, List<Pending<K, V>>> byType = new EnumMap<>(EventType.class);

  void created(K key, V value) {
    add(EventType.CREATED, new Pending<>(key, value, null));
  }

  void updated(K key, V value, V oldValue) {
    add(EventType.UPDATED, new Pending<>(key, value, oldValue));
  }

  /** A removal: the removed value is both the event's value and its old value. */
  void removed(K key, V oldValue) {
    add(EventType.REMOVED, new Pending<>(key, oldValue, oldValue));
  }

  /** An expiry: the expired value is both the event's value and its old value. */
  void expired(K key, V oldValue) {
    add(EventType.EXPIRED, new Pending<>(key, oldValue, oldValue));
  }

  boolean isEmpty() {
    return byType.isEmpty();
  }

  List<Pending<K, V>> ofType(EventType type) {
    return byType.getOrDefault(type, List.of());
  }

  private void add(EventType type, Pending<K, V> event) {
    byType.computeIfAbsent(type, t -> new ArrayList<>()).add(event);
  }

  /** One event's data. */
  record Pending<K, V>(K key, V value, V oldValue) {}
}
