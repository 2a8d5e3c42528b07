package io.cachet;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The application classes a cache's configured key and value types declare they hold: the types themselves,
 * their fields' and record components' types (superclasses' fields too, not static or transient ones), array
 * component types and generic type arguments ({@code List<Address>} gives {@code Address}), recursively. Only
 * concrete classes count: {@code Object}, interfaces and abstract classes say nothing of the class a value
 * will have. JDK classes are left out, the default allow-list judges them.
 */
final class DeclaredTypeGraph {
  // Far more than a cached value's classes; a bound on a generated or pathological model.
  private static final int MAX_CLASSES = 1_000;

  private DeclaredTypeGraph() {}

  /** The binary names of the concrete application classes the given types declare, the types included. */
  static Set<String> classNames(List<Class<?>> roots) {
    Set<Class<?>> seen = new LinkedHashSet<>();
    Deque<Type> pending = new ArrayDeque<>(roots);
    while (!pending.isEmpty() && seen.size() < MAX_CLASSES) {
      Type type = pending.pop();
      if (type instanceof ParameterizedType parameterized) {
        pending.push(parameterized.getRawType());
        pending.addAll(List.of(parameterized.getActualTypeArguments()));
      } else if (type instanceof GenericArrayType array) {
        pending.push(array.getGenericComponentType());
      } else if (type instanceof Class<?> declared) {
        Class<?> element = declared;
        while (element.isArray()) {
          element = element.getComponentType();
        }
        if (!element.isPrimitive() && !isJdk(element) && seen.add(element)) {
          addFields(element, pending);
        }
      }
      // Type variables and wildcards name no class.
    }
    Set<String> names = new LinkedHashSet<>();
    for (Class<?> type : seen) {
      if (isConcrete(type)) {
        names.add(type.getName());
      }
    }
    return names;
  }

  private static void addFields(Class<?> type, Deque<Type> pending) {
    for (Class<?> current = type; current != null && !isJdk(current); current = current.getSuperclass()) {
      for (Field field : current.getDeclaredFields()) {
        if (!Modifier.isStatic(field.getModifiers()) && !Modifier.isTransient(field.getModifiers())) {
          pending.add(field.getGenericType());
        }
      }
    }
  }

  private static boolean isConcrete(Class<?> type) {
    return !type.isInterface() && (!Modifier.isAbstract(type.getModifiers()) || type.isEnum());
  }

  private static boolean isJdk(Class<?> type) {
    Module module = type.getModule();
    String name = module.isNamed() ? module.getName() : "";
    return name.startsWith("java.") || name.startsWith("jdk.") || type.getName().startsWith("java.")
        || type.getName().startsWith("javax.");
  }
}
