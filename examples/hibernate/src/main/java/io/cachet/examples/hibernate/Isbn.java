package io.cachet.examples.hibernate;

import jakarta.persistence.Embeddable;
import java.io.Serializable;
import java.util.Objects;

/** A composite identifier: the ISBN's prefix (978 or 979) and the rest of its digits. */
@Embeddable
public class Isbn implements Serializable {
  private static final long serialVersionUID = 1L;

  private int prefix;
  private String digits;

  protected Isbn() {}

  public Isbn(int prefix, String digits) {
    this.prefix = prefix;
    this.digits = digits;
  }

  public int getPrefix() {
    return prefix;
  }

  public String getDigits() {
    return digits;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Isbn that && prefix == that.prefix && digits.equals(that.digits);
  }

  @Override
  public int hashCode() {
    return Objects.hash(prefix, digits);
  }

  @Override
  public String toString() {
    return prefix + "-" + digits;
  }
}
