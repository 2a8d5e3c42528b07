package io.cachet.examples.spring;

/**
 * A value that is not {@link java.io.Serializable}. An in-memory cache would hold it; a persistent cache
 * cannot, and Cachet refuses it with an exception naming the class instead of storing something unreadable.
 */
public final class Shelf {
  private final String label;

  public Shelf(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
