package io.cachet.jcache;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

/**
 * Delivers a cache's entry events to its registered listeners: synchronous listeners on the calling thread
 * before the operation returns, asynchronous ones in order on one background thread per cache. Events from other
 * hosts ({@link RemoteEvents}, heard while any listener is registered) go to every listener on that thread.
 */
final class EventDispatcher<K, V> {
  private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());
  private static final EventType[] DELIVERY_ORDER = {
    EventType.EXPIRED, EventType.CREATED, EventType.UPDATED, EventType.REMOVED
  };

  private final Cache<K, V> source;
  private final CopyOnWriteArrayList<ListenerRegistration<K, V>> registrations = new CopyOnWriteArrayList<>();
  private final RemoteEvents<K, V> remoteEvents;
  private ExecutorService asyncExecutor;
  private boolean closed;

  EventDispatcher(Cache<K, V> source, RemoteEvents<K, V> remoteEvents) {
    this.source = source;
    this.remoteEvents = remoteEvents;
  }

  /** @throws IllegalArgumentException if an equal configuration is already registered */
  synchronized void register(CacheEntryListenerConfiguration<K, V> configuration) {
    for (ListenerRegistration<K, V> registration : registrations) {
      if (registration.configuration().equals(configuration)) {
        throw new IllegalArgumentException("This cache entry listener configuration is already registered");
      }
    }
    registrations.add(new ListenerRegistration<>(configuration));
    remoteEvents.start(this);
  }

  /** @return whether a registration was removed */
  synchronized boolean deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    for (ListenerRegistration<K, V> registration : registrations) {
      if (registration.configuration().equals(configuration)) {
        registrations.remove(registration);
        if (registrations.isEmpty()) {
          remoteEvents.stop();
        }
        closeQuietly(registration);
        return true;
      }
    }
    return false;
  }

  List<CacheEntryListenerConfiguration<K, V>> configurations() {
    List<CacheEntryListenerConfiguration<K, V>> configurations = new ArrayList<>();
    for (ListenerRegistration<K, V> registration : registrations) {
      configurations.add(registration.configuration());
    }
    return configurations;
  }

  /** Whether any listener is registered: operations skip building events when none is. */
  boolean hasListeners() {
    return !registrations.isEmpty();
  }

  /** A collector for the events of one operation, delivered by {@link #dispatch(PendingEvents)}. */
  PendingEvents<K, V> newBatch() {
    return new PendingEvents<>();
  }

  /**
   * Delivers the batch.
   *
   * @throws CacheEntryListenerException if a synchronous listener or its filter failed
   */
  void dispatch(PendingEvents<K, V> batch) {
    if (batch.isEmpty() || registrations.isEmpty()) {
      return;
    }
    CacheEntryListenerException failure = null;
    for (EventType type : DELIVERY_ORDER) {
      List<PendingEvents.Pending<K, V>> ofType = batch.ofType(type);
      if (ofType.isEmpty()) {
        continue;
      }
      for (ListenerRegistration<K, V> registration : registrations) {
        if (!listensTo(registration.listener(), type)) {
          continue;
        }
        if (registration.isSynchronous()) {
          try {
            deliver(registration, type, ofType);
          } catch (RuntimeException | Error e) {
            CacheEntryListenerException wrapped = e instanceof CacheEntryListenerException cele
                ? cele : new CacheEntryListenerException("Cache entry listener failed on " + type, e);
            if (failure == null) {
              failure = wrapped;
            } else {
              failure.addSuppressed(wrapped);
            }
          }
        } else {
          deliverAsynchronously(registration, type, ofType);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Delivers a batch of another host's events to every listener, synchronous ones too, on the asynchronous
   * listeners' thread: the calling thread is the store's, which a listener must not hold up or fail.
   */
  void dispatchRemote(PendingEvents<K, V> batch) {
    for (EventType type : DELIVERY_ORDER) {
      List<PendingEvents.Pending<K, V>> ofType = batch.ofType(type);
      if (ofType.isEmpty()) {
        continue;
      }
      for (ListenerRegistration<K, V> registration : registrations) {
        if (listensTo(registration.listener(), type)) {
          deliverAsynchronously(registration, type, ofType);
        }
      }
    }
  }

  private void deliverAsynchronously(ListenerRegistration<K, V> registration, EventType type,
      List<PendingEvents.Pending<K, V>> ofType) {
    ExecutorService executor = asyncExecutor();
    if (executor == null) {
      return;
    }
    executor.execute(() -> {
      try {
        deliver(registration, type, ofType);
      } catch (RuntimeException | Error e) {
        LOG.log(System.Logger.Level.WARNING, "Asynchronous cache entry listener failed on " + type, e);
      }
    });
  }

  /** Closes every listener and filter and stops asynchronous delivery after what is queued. */
  void close() {
    remoteEvents.stop();
    for (ListenerRegistration<K, V> registration : registrations) {
      closeQuietly(registration);
    }
    registrations.clear();
    ExecutorService executor;
    synchronized (this) {
      executor = asyncExecutor;
      asyncExecutor = null;
      closed = true;
    }
    if (executor != null) {
      executor.shutdown();
      try {
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
          LOG.log(System.Logger.Level.WARNING, "Asynchronous listeners still running after 10 s; abandoning them");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The asynchronous listeners' executor, started on first use; null once closed. */
  private synchronized ExecutorService asyncExecutor() {
    if (asyncExecutor == null && !closed) {
      asyncExecutor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cachet-listeners-" + source.getName());
        thread.setDaemon(true);
        return thread;
      });
    }
    return asyncExecutor;
  }

  // A listener registered for supertypes of the cache's key and value types takes its events; the casts to the
  // typed listener interfaces cannot be checked at run time.
  @SuppressWarnings("unchecked")
  private void deliver(ListenerRegistration<K, V> registration, EventType type,
      List<PendingEvents.Pending<K, V>> pending) {
    CacheEntryEventFilter<? super K, ? super V> filter = registration.filter();
    List<CacheEntryEvent<? extends K, ? extends V>> events = new ArrayList<>(pending.size());
    for (PendingEvents.Pending<K, V> p : pending) {
      CacheEntryEvent<K, V> event = new CachetCacheEntryEvent<>(source, type, p.key(), p.value(), p.oldValue(),
          p.oldValue() != null);
      if (filter == null || filter.evaluate(event)) {
        events.add(event);
      }
    }
    if (events.isEmpty()) {
      return;
    }
    CacheEntryListener<? super K, ? super V> listener = registration.listener();
    Iterable<CacheEntryEvent<? extends K, ? extends V>> iterable = events;
    switch (type) {
      case CREATED -> ((CacheEntryCreatedListener<K, V>) listener).onCreated(iterable);
      case UPDATED -> ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(iterable);
      case REMOVED -> ((CacheEntryRemovedListener<K, V>) listener).onRemoved(iterable);
      case EXPIRED -> ((CacheEntryExpiredListener<K, V>) listener).onExpired(iterable);
      default -> throw new IllegalStateException("Unknown event type " + type);
    }
  }

  private static boolean listensTo(CacheEntryListener<?, ?> listener, EventType type) {
    return switch (type) {
      case CREATED -> listener instanceof CacheEntryCreatedListener;
      case UPDATED -> listener instanceof CacheEntryUpdatedListener;
      case REMOVED -> listener instanceof CacheEntryRemovedListener;
      case EXPIRED -> listener instanceof CacheEntryExpiredListener;
    };
  }

  private static void closeQuietly(ListenerRegistration<?, ?> registration) {
    try {
      registration.close();
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Closing a cache entry listener failed", e);
    }
  }
}
