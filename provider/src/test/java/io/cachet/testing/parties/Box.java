package io.cachet.testing.parties;

import java.io.Serializable;
import java.util.Objects;

/** A plain class holding anything in a field, to put a value inside a field-serialized class. */
public final class Box implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Object content;

  public Box(Object content) {
    this.content = content;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Box box && Objects.equals(content, box.content);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(content);
  }
}
