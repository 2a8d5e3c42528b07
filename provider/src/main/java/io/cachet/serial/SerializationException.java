package io.cachet.serial;

import java.util.List;

/**
 * An object could not be serialized. {@link #refusedClasses()} lists every class at fault in its object graph,
 * each with where it sits; {@link #offendingClass()} and {@link #reason()} are the first of them.
 */
public class SerializationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String offendingClass;
  private final String reason;
  // An immutable list (List.copyOf) of records of strings, all serializable, though List cannot say so.
  @SuppressWarnings("serial")
  private final List<RefusedClass> refusedClasses;
  private final String detail;

  /** One class at fault, whose place in the graph is unknown. */
  public SerializationException(String offendingClass, String reason, Throwable cause) {
    this(offendingClass, reason, List.of(), offendingClass + ": " + reason, cause);
  }

  private SerializationException(String offendingClass, String reason, List<RefusedClass> refusedClasses,
      String detail, Throwable cause) {
    super("Cannot serialize " + detail, cause);
    this.offendingClass = offendingClass;
    this.reason = reason;
    this.refusedClasses = List.copyOf(refusedClasses);
    this.detail = detail;
  }

  /** Every refused class found in the graph of an object of class {@code rootClass}; at least one. */
  static SerializationException refusing(String rootClass, List<RefusedClass> refused, Throwable cause) {
    RefusedClass first = refused.get(0);
    return new SerializationException(first.className(), RefusalMessage.reason(first.className(), first.reason()),
        refused,
        RefusalMessage.describe(rootClass, refused), cause);
  }

  /** The name of the (first) class that could not be serialized. */
  public String offendingClass() {
    return offendingClass;
  }

  /** Why, e.g. "it does not implement java.io.Serializable". */
  public String reason() {
    return reason;
  }

  /** Every class refused in the object graph, in the order first met; empty if the failure is no refusal. */
  public List<RefusedClass> refusedClasses() {
    return refusedClasses;
  }

  /**
   * What could not be serialized and why, starting with a class name, as the message says after
   * "Cannot serialize ": one class and its reason, or the object's class and each refused class with its path.
   */
  public String detail() {
    return detail;
  }
}
