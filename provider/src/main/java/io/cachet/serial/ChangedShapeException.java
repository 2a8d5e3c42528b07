package io.cachet.serial;

import com.esotericsoftware.kryo.KryoException;

/** Thrown inside Kryo when a stored class's fields differ from the class's now; unwrapped by the codec. */
final class ChangedShapeException extends KryoException {
  private static final long serialVersionUID = 1L;

  private final String className;

  ChangedShapeException(Class<?> type) {
    super(type.getName() + " changed shape since this entry was written:"
        + " a field was added, removed, renamed or retyped");
    this.className = type.getName();
  }

  String className() {
    return className;
  }
}
