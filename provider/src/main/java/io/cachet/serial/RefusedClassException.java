package io.cachet.serial;

/** Thrown inside Kryo or a Java serialization stream for a class outside the filter; unwrapped by the codec. */
final class RefusedClassException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String className;

  RefusedClassException(Class<?> type) {
    this(type.getName());
  }

  RefusedClassException(String className) {
    super(elementName(className) + " is not in the class allow-list", null, false, false);
    this.className = elementName(className);
  }

  String className() {
    return className;
  }

  /** How to fix it, as {@link SerializationException#reason()} tells the application developer. */
  String reason() {
    int nested = className.indexOf('$');
    String outer = nested < 0 ? className : className.substring(0, nested);
    int lastDot = outer.lastIndexOf('.');
    String pkg = lastDot < 0 ? outer : outer.substring(0, lastDot);
    return "it is not in the class allow-list; allow it with the allowedClasses option: " + outer + ", "
        + pkg + ".* (its package) or " + pkg + ".** (its package tree)";
  }

  /** The element class of an array, so the message names the class the application wrote. */
  private static String elementName(String className) {
    int semicolon = className.length() - 1;
    if (className.startsWith("[") && className.charAt(semicolon) == ';') {
      return className.substring(className.lastIndexOf('[') + 2, semicolon);
    }
    return className;
  }
}
