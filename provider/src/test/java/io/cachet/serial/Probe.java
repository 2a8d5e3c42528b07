package io.cachet.serial;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Called from classes compiled at test time: records which of them ran a static initializer or a constructor. */
public final class Probe {
  private static final Set<Class<?>> INITIALIZED = ConcurrentHashMap.newKeySet();
  private static final Set<Class<?>> CONSTRUCTED = ConcurrentHashMap.newKeySet();

  private Probe() {}

  /** Called from the static initializer of a compiled class. */
  public static void initialized(Class<?> type) {
    INITIALIZED.add(type);
  }

  /** Called from the constructor of a compiled class. */
  public static void constructed(Class<?> type) {
    CONSTRUCTED.add(type);
  }

  /** Whether the class of this name, as this loader defines it, ran its static initializer or a constructor. */
  static boolean touched(String className, ClassLoader loader) {
    return matches(INITIALIZED, className, loader) || matches(CONSTRUCTED, className, loader);
  }

  private static boolean matches(Set<Class<?>> types, String className, ClassLoader loader) {
    return types.stream().anyMatch(type -> type.getName().equals(className) && type.getClassLoader() == loader);
  }
}
