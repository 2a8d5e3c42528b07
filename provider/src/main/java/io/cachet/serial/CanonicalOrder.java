package io.cachet.serial;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The one order in which a key's sets and maps are written, so that equal keys give equal bytes: elements by
 * their own canonical bytes, map entries by their key's. A set's iteration order depends on insertion order
 * and capacity, which {@code equals} ignores.
 *
 * <p>It also stands the JDK's non-public collections ({@code List.of}, {@code Set.of}, {@code Map.of},
 * {@code Arrays.asList}, {@code Collections.unmodifiableX}, singletons…) in for an {@link ArrayList},
 * {@link HashSet} or {@link HashMap}: they equal those by {@code equals}, no field or type argument can be
 * declared with their class, and {@code Set.of} and {@code Map.of} iterate in an order that changes with
 * each JVM run. Public collection classes keep their class: a key put as a {@code LinkedHashSet} must come
 * back as one, so a {@code LinkedHashSet} and an equal {@code HashSet} remain two keys.
 */
final class CanonicalOrder {
  private final Function<Object, byte[]> canonicalBytes;

  /** @param canonicalBytes an element's canonical bytes, encoded on its own (by another Kryo) */
  CanonicalOrder(Function<Object, byte[]> canonicalBytes) {
    this.canonicalBytes = canonicalBytes;
  }

  /** The elements' {@link #standIn stand-ins}, in canonical order. */
  List<Object> sorted(Collection<?> elements) {
    List<Sortable<Object>> sortable = new ArrayList<>(elements.size());
    for (Object element : elements) {
      sortable.add(new Sortable<>(canonicalBytes.apply(element), standIn(element)));
    }
    sortable.sort(null);
    List<Object> sorted = new ArrayList<>(sortable.size());
    for (Sortable<Object> element : sortable) {
      sorted.add(element.item);
    }
    return sorted;
  }

  /** The map's entries, keys and values as their {@link #standIn stand-ins}, in canonical order of their keys. */
  Map<Object, Object> sorted(Map<?, ?> map) {
    List<Sortable<Map.Entry<?, ?>>> sortable = new ArrayList<>(map.size());
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      sortable.add(new Sortable<>(canonicalBytes.apply(entry.getKey()), entry));
    }
    sortable.sort(null);
    Map<Object, Object> sorted = new LinkedHashMap<>(2 * sortable.size());
    for (Sortable<Map.Entry<?, ?>> entry : sortable) {
      sorted.put(standIn(entry.item.getKey()), standIn(entry.item.getValue()));
    }
    return sorted;
  }

  /**
   * The public collection that stands in for a non-public JDK list, set or map, or the object itself. The
   * stand-in must still fit wherever the original could sit, so it must extend the original's nearest public
   * superclass ({@code EnumSet}'s subclasses keep their class, say).
   */
  static Object standIn(Object object) {
    if (!(object instanceof Collection<?> || object instanceof Map<?, ?>)) {
      return object;
    }
    Class<?> type = object.getClass();
    if (Modifier.isPublic(type.getModifiers()) || !ClassRules.isJdkClass(type)) {
      return object;
    }
    Class<?> fits = type;
    while (!Modifier.isPublic(fits.getModifiers())) {
      fits = fits.getSuperclass();
    }
    if (object instanceof List<?> list && fits.isAssignableFrom(ArrayList.class)) {
      return new ArrayList<>(list);
    }
    if (object instanceof Set<?> set && fits.isAssignableFrom(HashSet.class)) {
      return new HashSet<>(set);
    }
    if (object instanceof Map<?, ?> map && fits.isAssignableFrom(HashMap.class)) {
      return new HashMap<>(map);
    }
    return object;
  }

  /**
   * What a Java serialization stream writes in place of an object of a key: a stand-in, or a hash-ordered
   * JDK set or map rebuilt by inserting its elements in canonical order (a fresh instance of the same class
   * filled in the same order iterates, and so serializes, in the same order), or the object itself.
   */
  Object forJavaStream(Object object) {
    Object standIn = standIn(object);
    Class<?> type = standIn.getClass();
    if (standIn instanceof Set<?> set && set.size() > 1) {
      Set<Object> rebuilt = type == HashSet.class ? new HashSet<>()
          : type == LinkedHashSet.class ? new LinkedHashSet<>() : null;
      if (rebuilt != null) {
        rebuilt.addAll(sorted(set));
        return rebuilt;
      }
    } else if (standIn instanceof Map<?, ?> map && map.size() > 1) {
      Map<Object, Object> rebuilt = type == HashMap.class ? new HashMap<>()
          : type == LinkedHashMap.class ? new LinkedHashMap<>()
          : type == Hashtable.class ? new Hashtable<>()
          : type == ConcurrentHashMap.class ? new ConcurrentHashMap<>() : null;
      if (rebuilt != null) {
        rebuilt.putAll(sorted(map));
        return rebuilt;
      }
    }
    return standIn;
  }

  /** An item with its canonical bytes, ordered by them (unsigned, then shorter first). */
  private record Sortable<T>(byte[] bytes, T item) implements Comparable<Sortable<T>> {
    @Override
    public int compareTo(Sortable<T> other) {
      return Arrays.compareUnsigned(bytes, other.bytes);
    }
  }
}
