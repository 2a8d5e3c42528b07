package io.cachet.sealed;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

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
}
