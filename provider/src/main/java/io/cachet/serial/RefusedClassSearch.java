package io.cachet.serial;

import java.io.Serializable;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds every class an object graph holds that serialization refuses, each with its path from the root, so
 * that one failed write names them all. It runs only after a write failed, never on the write path itself,
 * and follows what the serializers write: the fields of application classes (not transient or static ones),
 * elements of arrays and collections, keys and values of maps. A null field of a final class counts as its
 * declared type, for which Kryo prepares a serializer even when the field is empty. JDK classes other than
 * arrays, collections and maps are values and not looked into. Each object is visited once (cycles end), and
 * at most {@value #MAX_OBJECTS} objects in all.
 */
final class RefusedClassSearch {
  static final int MAX_OBJECTS = 100_000;

  private final ClassFilter filter;
  private final Map<String, Found> found = new LinkedHashMap<>();
  private final Set<Object> visited = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Deque<Step> pending = new ArrayDeque<>();

  private RefusedClassSearch(ClassFilter filter) {
    this.filter = filter;
  }

  /** Every refused class in the graph of {@code root}, in the order first met, paths starting at {@code rootName}. */
  static List<RefusedClass> in(Object root, String rootName, ClassFilter filter) {
    RefusedClassSearch search = new RefusedClassSearch(filter);
    search.pending.push(new Step(root, new Path(null, rootName)));
    while (!search.pending.isEmpty() && search.visited.size() < MAX_OBJECTS) {
      Step step = search.pending.pop();
      search.visit(step.object(), step.path());
    }
    List<RefusedClass> refused = new ArrayList<>(search.found.size());
    search.found.forEach((name, where) -> refused.add(new RefusedClass(where.path.toString(), name, where.reason,
        where.declaredOnly, where.elsewhere)));
    return refused;
  }

  private void visit(Object object, Path path) {
    if (object == null || !visited.add(object)) {
      return;
    }
    Class<?> type = object.getClass();
    check(type, path, false);
    List<Step> children = new ArrayList<>();
    if (type.isArray()) {
      if (!type.getComponentType().isPrimitive()) {
        checkDeclared(type.getComponentType(), path);
        for (int i = 0; i < Array.getLength(object); i++) {
          children.add(new Step(Array.get(object, i), path.then("[" + i + "]")));
        }
      }
    } else if (object instanceof Collection<?> collection) {
      int i = 0;
      for (Object element : collection) {
        children.add(new Step(element, path.then("[" + i++ + "]")));
      }
    } else if (object instanceof Map<?, ?> map) {
      int i = 0;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        children.add(new Step(entry.getKey(), path.then("[" + i + "].key")));
        children.add(new Step(entry.getValue(), path.then("[" + i++ + "].value")));
      }
    } else if (!ClassRules.isJdkClass(type) && !type.isEnum()) {
      fields(object, path, children);
    }
    // Pushed in reverse, so fields and elements are searched, and reported, in their own order.
    for (int i = children.size() - 1; i >= 0; i--) {
      pending.push(children.get(i));
    }
  }

  private void fields(Object object, Path path, List<Step> children) {
    for (Class<?> type = object.getClass(); type != null && !ClassRules.isJdkClass(type);
        type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) || Modifier.isTransient(field.getModifiers())
            || field.getType().isPrimitive()) {
          continue;
        }
        Object value;
        try {
          field.setAccessible(true);
          value = field.get(object);
        } catch (RuntimeException | IllegalAccessException e) {
          // A class whose fields stay closed to reflection: the write's own error still names what it met.
          continue;
        }
        if (value == null) {
          checkDeclared(field.getType(), path.then("." + field.getName()));
        } else {
          children.add(new Step(value, path.then("." + field.getName())));
        }
      }
    }
  }

  /** A declared type Kryo prepares a serializer for whatever the value: a final class, or an array of one. */
  private void checkDeclared(Class<?> declared, Path path) {
    Class<?> element = declared;
    while (element.isArray()) {
      element = element.getComponentType();
    }
    if (!element.isPrimitive() && Modifier.isFinal(element.getModifiers())) {
      check(declared, path, true);
    }
  }

  private void check(Class<?> type, Path path, boolean declaredOnly) {
    Class<?> element = type;
    while (element.isArray()) {
      element = element.getComponentType();
    }
    if (element.isPrimitive()) {
      return;
    }
    boolean allowed = filter.allows(element);
    boolean serializable = Serializable.class.isAssignableFrom(element) || (ClassRules.isJdkClass(element)
        && !(isCollectionOrMap(element) && !ClassRules.publiclyInstantiable(element)));
    if (allowed && serializable) {
      return;
    }
    String reason = !allowed && !serializable ? RefusalMessage.NEITHER
        : allowed ? RefusalMessage.NOT_SERIALIZABLE : RefusalMessage.NOT_ALLOWED;
    Found known = found.get(element.getName());
    if (known == null) {
      found.put(element.getName(), new Found(path, reason, declaredOnly));
    } else if (!declaredOnly) {
      known.elsewhere++;
    }
  }

  private static boolean isCollectionOrMap(Class<?> type) {
    return Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type);
  }

  /** A refused class's first place, and the count of others. */
  private static final class Found {
    final Path path;
    final String reason;
    final boolean declaredOnly;
    int elsewhere;

    Found(Path path, String reason, boolean declaredOnly) {
      this.path = path;
      this.reason = reason;
      this.declaredOnly = declaredOnly;
    }
  }

  private record Step(Object object, Path path) {}

  /** A path built only when reported: each step shares its parent's. */
  private record Path(Path parent, String segment) {
    Path then(String next) {
      return new Path(this, next);
    }

    @Override
    public String toString() {
      return parent == null ? segment : parent + segment;
    }
  }
}
