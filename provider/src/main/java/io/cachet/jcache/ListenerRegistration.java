package io.cachet.jcache;

import java.io.Closeable;
import java.io.IOException;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryListener;

/** One registered listener: its configuration and the listener and filter its factories created. */
final class ListenerRegistration<K, V> {
  private final CacheEntryListenerConfiguration<K, V> configuration;
  private final CacheEntryListener<? super K, ? super V> listener;
  private final CacheEntryEventFilter<? super K, ? super V> filter;

  ListenerRegistration(CacheEntryListenerConfiguration<K, V> configuration) {
    this.configuration = configuration;
    Factory<CacheEntryListener<? super K, ? super V>> listenerFactory =
        configuration.getCacheEntryListenerFactory();
    if (listenerFactory == null) {
      throw new IllegalArgumentException("CacheEntryListenerConfiguration has no listener factory");
    }
    this.listener = listenerFactory.create();
    Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
        configuration.getCacheEntryEventFilterFactory();
    this.filter = filterFactory == null ? null : filterFactory.create();
  }

  CacheEntryListenerConfiguration<K, V> configuration() {
    return configuration;
  }

  CacheEntryListener<? super K, ? super V> listener() {
    return listener;
  }

  CacheEntryEventFilter<? super K, ? super V> filter() {
    return filter;
  }

  boolean isOldValueRequired() {
    return configuration.isOldValueRequired();
  }

  boolean isSynchronous() {
    return configuration.isSynchronous();
  }

  /** Closes the listener and filter if they hold resources. */
  void close() throws IOException {
    IOException failure = null;
    for (Object part : new Object[] {listener, filter}) {
      if (part instanceof Closeable closeable) {
        try {
          closeable.close();
        } catch (IOException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
