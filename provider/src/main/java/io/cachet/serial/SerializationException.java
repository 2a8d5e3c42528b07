package io.cachet.serial;

/** An object could not be serialized; {@link #offendingClass()} names the class at fault. */
public class SerializationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String offendingClass;
  private final String reason;

  public SerializationException(String offendingClass, String reason, Throwable cause) {
    super("Cannot serialize " + offendingClass + ": " + reason, cause);
    this.offendingClass = offendingClass;
    this.reason = reason;
  }

  /** The name of the class that could not be serialized. */
  public String offendingClass() {
    return offendingClass;
  }

  /** Why, e.g. "it does not implement java.io.Serializable". */
  public String reason() {
    return reason;
  }
}
