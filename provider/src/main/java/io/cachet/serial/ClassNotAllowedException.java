package io.cachet.serial;

/** Stored bytes name a class outside the namespace's {@link ClassFilter}; it was neither initialized nor built. */
public class ClassNotAllowedException extends UndecodableException {
  private static final long serialVersionUID = 1L;

  public ClassNotAllowedException(String className, Throwable cause) {
    super("Class not allowed: " + className + " is not in the class allow-list", className, cause);
  }
}
