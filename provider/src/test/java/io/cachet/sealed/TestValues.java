package io.cachet.sealed;

import io.cachet.IntegrityEvent.Reason;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Value and key types shaped like the ones Hibernate and Spring store. */
final class TestValues {

  private TestValues() {}

  /** A value with no no-arg constructor, as Hibernate's cache entries. */
  static final class Book implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String title;
    private final UUID id;

    Book(String title, UUID id) {
      this.title = title;
      this.id = id;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Book that && title.equals(that.title) && id.equals(that.id);
    }

    @Override
    public int hashCode() {
      return Objects.hash(title, id);
    }
  }

  /** A key that caches its hash code in a transient field and rebuilds it in readObject. */
  static final class CachedHashKey implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String entity;
    private final long id;
    private transient int hashCode;

    CachedHashKey(String entity, long id) {
      this.entity = entity;
      this.id = id;
      this.hashCode = computeHash();
    }

    private int computeHash() {
      return Objects.hash(entity, id);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      hashCode = computeHash();
    }

    int cachedHashCode() {
      return hashCode;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof CachedHashKey that && entity.equals(that.entity) && id == that.id;
    }

    @Override
    public int hashCode() {
      return hashCode;
    }
  }

  /** A record key, as Spring's generated keys often are. */
  record RecordKey(String region, int id) implements Serializable {}

  /** Not serializable: must be refused. */
  static final class Opaque {
    final String content = "opaque";
  }

  /** A serializable holder whose field is not. */
  static final class Holder implements Serializable {
    private static final long serialVersionUID = 1L;
    final Object inner;

    Holder(Object inner) {
      this.inner = inner;
    }
  }

  /**
   * A value that counts its instantiations: Kryo builds it through its no-arg constructor, so an unchanged
   * count proves the deserializer never ran for a refused entry.
   */
  static final class Counted implements Serializable {
    private static final long serialVersionUID = 1L;
    static final AtomicInteger INSTANCES = new AtomicInteger();
    String text;

    Counted() {
      INSTANCES.incrementAndGet();
    }

    Counted(String text) {
      this();
      this.text = text;
    }
  }

  /** Records every integrity report. */
  static final class Events implements IntegrityObserver {
    final java.util.List<Event> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void refused(String namespace, String keyHash, Reason failure, boolean deleted) {
      seen.add(new Event(namespace, keyHash, failure, deleted));
    }
  }

  /** One integrity report. */
  record Event(String namespace, String keyHash, Reason failure, boolean deleted) {}
}
