package io.cachet.serial;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The allow-list of classes that may be serialized into, or deserialized out of, a namespace: a second line
 * of defence behind verify-before-deserialize, for the day a signing key leaks.
 *
 * <p>A pattern is an exact class name ({@code com.acme.Book}), a package ({@code com.acme.*}: its classes,
 * not its subpackages) or a package tree ({@code com.acme.**}). Nested classes follow their outer class's
 * name. Arrays are allowed when their component type is; primitives always are.
 */
public final class ClassFilter {
  /**
   * What every namespace allows: JDK value types and collections, the cache key and entry types of
   * Hibernate's second-level cache and Spring's cache abstraction. Hibernate's query cache key
   * ({@code org.hibernate.cache.spi.QueryKey}) holds its bound parameters in a private class of the query
   * package: that one class is allowed by its exact name (a plain holder of an {@code Object[]} and an
   * {@code int}, each value checked on its own), not the package, which holds sessions and queries. Deliberately
   * absent: {@code java.net.URL} and {@code InetAddress} (lookups in {@code hashCode}), reflection, class
   * loading, I/O, threads and throwables.
   */
  public static final List<String> DEFAULT_PATTERNS = List.of(
      "java.lang.String", "java.lang.Boolean", "java.lang.Byte", "java.lang.Short", "java.lang.Integer",
      "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Character",
      // Stateless supertypes: array components (Object[], Serializable[]) and the superclass descriptors
      // Java serialization writes for every enum and for BigDecimal, AtomicLong and other numbers.
      "java.lang.Object", "java.lang.Number", "java.lang.Enum", "java.io.Serializable",
      "java.util.*", "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.ConcurrentSkipListMap",
      "java.util.concurrent.ConcurrentSkipListSet", "java.util.concurrent.CopyOnWriteArrayList",
      "java.util.concurrent.CopyOnWriteArraySet", "java.util.concurrent.atomic.*",
      "java.time.**", "java.math.*", "java.net.URI",
      "java.sql.Date", "java.sql.Time", "java.sql.Timestamp",
      "org.hibernate.cache.**", "org.hibernate.query.internal.QueryParameterBindingsImpl$ParameterBindingsMementoImpl",
      "org.springframework.cache.interceptor.SimpleKey",
      "org.springframework.cache.support.NullValue");

  private final List<String> exact = new ArrayList<>();
  private final List<String> packages = new ArrayList<>();
  private final List<String> trees = new ArrayList<>();

  private ClassFilter(Collection<String> patterns) {
    for (String raw : patterns) {
      String pattern = Objects.requireNonNull(raw, "pattern").trim();
      if (pattern.endsWith(".**")) {
        trees.add(requireName(pattern, pattern.substring(0, pattern.length() - 3)) + ".");
      } else if (pattern.endsWith(".*")) {
        packages.add(requireName(pattern, pattern.substring(0, pattern.length() - 2)));
      } else {
        exact.add(requireName(pattern, pattern));
      }
    }
  }

  /** The default allow-list plus the given patterns. */
  public static ClassFilter withDefaults(Collection<String> extraPatterns) {
    List<String> all = new ArrayList<>(DEFAULT_PATTERNS);
    all.addAll(extraPatterns);
    return new ClassFilter(all);
  }

  /** Whether a class with this binary name (as {@link Class#getName()} spells it) may be (de)serialized. */
  public boolean allows(String className) {
    String name = componentName(className);
    if (name == null) {
      return true;
    }
    int nested = name.indexOf('$');
    String outer = nested < 0 ? name : name.substring(0, nested);
    if (exact.contains(name) || exact.contains(outer)) {
      return true;
    }
    int lastDot = outer.lastIndexOf('.');
    String pkg = lastDot < 0 ? "" : outer.substring(0, lastDot);
    if (packages.contains(pkg)) {
      return true;
    }
    for (String tree : trees) {
      if (outer.startsWith(tree)) {
        return true;
      }
    }
    return false;
  }

  /** Whether this class may be (de)serialized. */
  public boolean allows(Class<?> type) {
    Class<?> component = type;
    while (component.isArray()) {
      component = component.getComponentType();
    }
    return component.isPrimitive() || allows(component.getName());
  }

  /** The element class name of an array descriptor, the name itself otherwise; null for a primitive array. */
  private static String componentName(String className) {
    if (!className.startsWith("[")) {
      return className;
    }
    String element = className.substring(className.lastIndexOf('[') + 1);
    if (element.startsWith("L") && element.endsWith(";")) {
      return element.substring(1, element.length() - 1);
    }
    return null;
  }

  private static String requireName(String pattern, String name) {
    if (name.isEmpty() || name.contains("*") || name.contains("/") || name.startsWith(".") || name.endsWith(".")) {
      throw new IllegalArgumentException("Invalid class pattern '" + pattern
          + "': use a class name (com.acme.Book), a package (com.acme.*) or a package tree (com.acme.**)");
    }
    return name;
  }
}
