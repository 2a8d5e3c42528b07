package io.cachet.seal;

/** The signing key file is missing where it must exist, damaged, unsafe, or cannot be written. */
public class SigningKeyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SigningKeyException(String message) {
    super(message);
  }

  public SigningKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
