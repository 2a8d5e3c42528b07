package io.cachet.sealed;

/** A sealed store operation failed: the object could not be serialized, or storage failed. */
public class SealedStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SealedStoreException(String message) {
    super(message);
  }

  public SealedStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
