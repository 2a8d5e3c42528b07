package io.cachet.serial;

/** Stored bytes could not be turned back into an object: a class is gone or changed, or the bytes are bad. */
public class UndecodableException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String className;

  public UndecodableException(String message, Throwable cause) {
    this(message, null, cause);
  }

  /** @param className the class the bytes could not be read as (refused, gone or changed), or null if unknown */
  public UndecodableException(String message, String className, Throwable cause) {
    super(message, cause);
    this.className = className;
  }

  /**
   * The binary name of the class at fault (the element class, for an array): refused, gone or changed since
   * the bytes were written; null if the bytes themselves are bad or the class is not known.
   */
  public String className() {
    return className;
  }
}
