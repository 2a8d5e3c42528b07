package io.cachet.reliability.persistence;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Objects;

/**
 * A value shaped like Hibernate's cache keys: no no-arg constructor, and a transient cached hash
 * code rebuilt in {@code readObject}, which {@link #equals} consults first. A codec that skips
 * {@code readObject} yields an object with hash 0 that equals nothing.
 */
public final class EntityKey implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String entityName;
  private final long id;
  private transient int hashCode;

  /** Creates the key and caches its hash code. */
  public EntityKey(String entityName, long id) {
    this.entityName = Objects.requireNonNull(entityName);
    this.id = id;
    this.hashCode = computeHashCode();
  }

  private int computeHashCode() {
    return 31 * entityName.hashCode() + Long.hashCode(id);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    hashCode = computeHashCode();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EntityKey that
        && hashCode == that.hashCode
        && id == that.id
        && entityName.equals(that.entityName);
  }

  @Override
  public int hashCode() {
    return hashCode;
  }

  @Override
  public String toString() {
    return "EntityKey[" + entityName + "#" + id + ", hash=" + hashCode + "]";
  }
}
