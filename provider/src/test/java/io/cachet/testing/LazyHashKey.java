package io.cachet.testing;

import java.io.Serializable;
import java.util.Objects;

/**
 * A key that caches its hash code in a non-transient field on first use, as some hand-written keys do, so
 * its serialized form changes once {@code hashCode()} has run.
 */
public final class LazyHashKey implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String name;
  private int hash;

  public LazyHashKey(String name) {
    this.name = name;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LazyHashKey that && name.equals(that.name);
  }

  @Override
  public int hashCode() {
    if (hash == 0) {
      hash = Objects.hash(name);
    }
    return hash;
  }
}
