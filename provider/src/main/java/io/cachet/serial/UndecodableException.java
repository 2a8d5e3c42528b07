package io.cachet.serial;

/** Stored bytes could not be turned back into an object: a class is gone or changed, or the bytes are bad. */
public class UndecodableException extends Exception {
  private static final long serialVersionUID = 1L;

  public UndecodableException(String message, Throwable cause) {
    super(message, cause);
  }
}
