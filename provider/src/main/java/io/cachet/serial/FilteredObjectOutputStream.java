package io.cachet.serial;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;

/** An {@link ObjectOutputStream} that refuses to write a class the reading side's filter would refuse. */
final class FilteredObjectOutputStream extends ObjectOutputStream {
  private final ClassFilter classes;

  FilteredObjectOutputStream(OutputStream out, ClassFilter classes) throws IOException {
    super(out);
    this.classes = classes;
    enableReplaceObject(true);
  }

  /**
   * Refuses a non-Serializable object before Java serialization does: it would answer with a
   * {@code NotSerializableException} written into the stream, which the allow-list then refuses, so the
   * error would name that exception's class instead of the application's.
   */
  @Override
  protected Object replaceObject(Object object) {
    ClassRules.requireSerializable(object.getClass());
    return object;
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
