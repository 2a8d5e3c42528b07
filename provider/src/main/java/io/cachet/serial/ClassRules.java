package io.cachet.serial;

import java.io.ObjectInputStream;
import java.io.Serializable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/** Which classes Cachet serializes, and which need Java serialization instead of Kryo's field access. */
final class ClassRules {

  private ClassRules() {}

  /** Refuses classes that do not declare themselves serializable. */
  static void requireSerializable(Class<?> type) {
    if (!Serializable.class.isAssignableFrom(type)) {
      throw new UnsupportedClassException(type, RefusalMessage.NOT_SERIALIZABLE);
    }
  }

  /** Whether the class lives in a JDK module, whose private fields Kryo cannot reach on Java 17. */
  static boolean isJdkClass(Class<?> type) {
    Module module = type.getModule();
    if (!module.isNamed()) {
      return false;
    }
    String name = module.getName();
    return name.startsWith("java.") || name.startsWith("jdk.");
  }

  /**
   * Whether an application class (or an application superclass) defines {@code readObject},
   * {@code readResolve} or {@code writeReplace}: its invariants, such as a transient cached hash code, are
   * only restored by Java serialization.
   */
  static boolean definesSerializationHooks(Class<?> type) {
    if (type.isArray() || type.isPrimitive() || type.isEnum()) {
      return false;
    }
    for (Class<?> current = type; current != null && !isJdkClass(current); current = current.getSuperclass()) {
      for (Method method : current.getDeclaredMethods()) {
        if (isHook(method)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether Kryo's collection and map serializers can create the class through a public constructor. */
  static boolean publiclyInstantiable(Class<?> type) {
    if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
      return false;
    }
    try {
      return Modifier.isPublic(type.getConstructor().getModifiers());
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static boolean isHook(Method method) {
    return switch (method.getName()) {
      case "readObject" -> method.getParameterCount() == 1
          && method.getParameterTypes()[0] == ObjectInputStream.class;
      case "readResolve", "writeReplace" -> method.getParameterCount() == 0;
      default -> false;
    };
  }
}
