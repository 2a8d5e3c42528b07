package io.cachet.jcache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/**
 * A cache's writer as the cache calls it (write-through): failures as {@code CacheWriterException}s.
 * {@link #none()} stands for a cache without one (or without write-through): it writes nothing.
 */
final class EntryWriter<K, V> {
  private static final EntryWriter<?, ?> NONE = new EntryWriter<>(null);

  private final CacheWriter<K, V> writer;

  private EntryWriter(CacheWriter<K, V> writer) {
    this.writer = writer;
  }

  /**
   * Narrows a writer of supertypes to one of the cache's types: it accepts every entry the cache can hand
   * it, and the narrower type lets batches be passed without copying.
   */
  @SuppressWarnings("unchecked")
  static <K, V> EntryWriter<K, V> of(CacheWriter<? super K, ? super V> writer) {
    return writer == null ? none() : new EntryWriter<>((CacheWriter<K, V>) writer);
  }

  @SuppressWarnings("unchecked")
  static <K, V> EntryWriter<K, V> none() {
    return (EntryWriter<K, V>) NONE;
  }

  void write(K key, V value) {
    if (writer == null) {
      return;
    }
    try {
      writer.write(new CachetEntry<>(key, value));
    } catch (Exception e) {
      throw JsrExceptions.writer(e);
    }
  }

  void delete(K key) {
    if (writer == null) {
      return;
    }
    try {
      writer.delete(key);
    } catch (Exception e) {
      throw JsrExceptions.writer(e);
    }
  }

  /**
   * Writes the entries; on failure, the writer has left the ones it did not write in the collection it was
   * given (as JCache specifies), and only those are reported unwritten.
   */
  Partial<K> writeAll(Map<K, V> entries) {
    if (writer == null) {
      return Partial.none();
    }
    List<Cache.Entry<? extends K, ? extends V>> unwritten = new ArrayList<>();
    for (Map.Entry<K, V> entry : entries.entrySet()) {
      unwritten.add(new CachetEntry<>(entry.getKey(), entry.getValue()));
    }
    try {
      writer.writeAll(unwritten);
      return Partial.none();
    } catch (Exception e) {
      Set<K> keys = new LinkedHashSet<>();
      for (Cache.Entry<? extends K, ? extends V> entry : unwritten) {
        keys.add(entry.getKey());
      }
      return new Partial<>(keys, JsrExceptions.writer(e));
    }
  }

  /** Deletes the keys; on failure, reports the ones the writer left in the collection it was given. */
  Partial<K> deleteAll(Collection<K> keys) {
    if (writer == null || keys.isEmpty()) {
      return Partial.none();
    }
    Set<K> undeleted = new LinkedHashSet<>(keys);
    try {
      writer.deleteAll(undeleted);
      return Partial.none();
    } catch (Exception e) {
      return new Partial<>(undeleted, JsrExceptions.writer(e));
    }
  }

  /**
   * What a batch call left undone: the keys not written (or deleted) and the failure to rethrow once the
   * others are stored; no keys and no failure when it succeeded.
   */
  record Partial<K>(Set<K> failedKeys, CacheWriterException failure) {
    static <K> Partial<K> none() {
      return new Partial<>(Set.of(), null);
    }

    /** Throws the writer's failure, if there was one. */
    void rethrow() {
      if (failure != null) {
        throw failure;
      }
    }
  }
}
