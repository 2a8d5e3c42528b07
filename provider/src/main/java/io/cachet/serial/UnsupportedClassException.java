package io.cachet.serial;

/** Thrown from inside Kryo when it meets a class Cachet refuses to serialize; unwrapped by the codec. */
final class UnsupportedClassException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String className;
  private final String reason;

  UnsupportedClassException(Class<?> type, String reason) {
    super(type.getName() + ": " + reason, null, false, false);
    this.className = type.getName();
    this.reason = reason;
  }

  String className() {
    return className;
  }

  String reason() {
    return reason;
  }
}
