package io.cachet.serial;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.function.UnaryOperator;

/**
 * An {@link ObjectOutputStream} that writes a replacement for each object (a key's canonical form) and refuses
 * to write a class the reading side's filter would refuse.
 */
final class FilteredObjectOutputStream extends ObjectOutputStream {
  private final ClassFilter classes;
  private final UnaryOperator<Object> replacement;

  FilteredObjectOutputStream(OutputStream out, ClassFilter classes, UnaryOperator<Object> replacement)
      throws IOException {
    super(out);
    this.classes = classes;
    this.replacement = replacement;
    enableReplaceObject(true);
  }

  /**
   * Refuses a non-Serializable object before Java serialization does: it would answer with a
   * {@code NotSerializableException} written into the stream, which the allow-list then refuses, so the
   * error would name that exception's class instead of the application's.
   */
  @Override
  protected Object replaceObject(Object object) {
    Object replaced = replacement.apply(object);
    ClassRules.requireSerializable(replaced.getClass());
    return replaced;
  }

  /** Called once for each class descriptor in the stream: objects, arrays, enums and serializable superclasses. */
  @Override
  protected void annotateClass(Class<?> type) {
    if (!classes.allows(type)) {
      throw new RefusedClassException(type);
    }
  }

  @Override
  protected void annotateProxyClass(Class<?> type) {
    throw new RefusedClassException(type);
  }
}
