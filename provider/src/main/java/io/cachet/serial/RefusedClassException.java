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

  /** The element class of an array, so the message names the class the application wrote. */
  private static String elementName(String className) {
    int semicolon = className.length() - 1;
    if (className.startsWith("[") && className.charAt(semicolon) == ';') {
      return className.substring(className.lastIndexOf('[') + 2, semicolon);
    }
    return className;
  }
}
