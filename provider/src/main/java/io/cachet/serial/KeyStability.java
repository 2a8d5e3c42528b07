package io.cachet.serial;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Refuses a key whose equal instances would encode differently: one whose serialized state changes when its
 * {@code hashCode()} or {@code equals()} runs, such as a hash code cached in a non-transient field. Equal keys
 * must give equal bytes, or one key would be stored as several entries.
 *
 * <p>What it catches: a key, or a copy decoded from its bytes, that changes when hashed or compared. What it
 * cannot catch: a key that arrives with that state already set (hashed before it reached the cache) encodes
 * the same before and after, so it passes; an equal key that arrives without the state is then refused, so
 * the two are never stored as two entries, but the first one's entry is reachable only by keys in its state.
 */
final class KeyStability {
  private static final int MAX_DEPTH = 32;
  private static final ClassValue<Method[]> RECORD_ACCESSORS = new ClassValue<>() {
    @Override
    protected Method[] computeValue(Class<?> type) {
      RecordComponent[] components = type.getRecordComponents();
      Method[] accessors = new Method[components.length];
      try {
        for (int i = 0; i < components.length; i++) {
          accessors[i] = components[i].getAccessor();
          accessors[i].setAccessible(true);
        }
      } catch (RuntimeException inaccessible) {
        return null;
      }
      return accessors;
    }
  };

  private KeyStability() {}

  /**
   * Whether the key is made only of values whose encoding no {@code hashCode()} or {@code equals()} can
   * change: strings, boxed primitives, enums, UUIDs, java.time values, and arrays, JDK collections and
   * records of these. Such keys skip {@link #requireStable}, so they cost nothing more.
   */
  static boolean knownStable(Object key) {
    return knownStable(key, 0);
  }

  private static boolean knownStable(Object object, int depth) {
    if (object == null || object instanceof String || object instanceof Boolean || object instanceof Character
        || object instanceof Enum<?> || object instanceof UUID) {
      return true;
    }
    Class<?> type = object.getClass();
    if (object instanceof Number) {
      return type == Long.class || type == Integer.class || type == Short.class || type == Byte.class
          || type == Double.class || type == Float.class || type == BigInteger.class || type == BigDecimal.class;
    }
    if (type.getPackageName().equals("java.time")) {
      return true;
    }
    if (depth >= MAX_DEPTH) {
      return false;
    }
    if (type.isArray()) {
      return type.getComponentType().isPrimitive() || allKnownStable(Arrays.asList((Object[]) object), depth);
    }
    if (ClassRules.isJdkClass(type) && object instanceof Collection<?> collection) {
      return allKnownStable(collection, depth);
    }
    if (ClassRules.isJdkClass(type) && object instanceof Map<?, ?> map) {
      return allKnownStable(map.keySet(), depth) && allKnownStable(map.values(), depth);
    }
    return type.isRecord() && componentsKnownStable(object, depth);
  }

  private static boolean allKnownStable(Collection<?> elements, int depth) {
    for (Object element : elements) {
      if (!knownStable(element, depth + 1)) {
        return false;
      }
    }
    return true;
  }

  /** A record's own fields are final, so only what its components hold can change. */
  private static boolean componentsKnownStable(Object record, int depth) {
    Method[] accessors = RECORD_ACCESSORS.get(record.getClass());
    if (accessors == null) {
      return false;
    }
    try {
      for (Method accessor : accessors) {
        if (!knownStable(accessor.invoke(record), depth + 1)) {
          return false;
        }
      }
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /**
   * Runs {@code hashCode()} and {@code equals()} on the key and on a copy decoded from its bytes, encodes
   * both again, and refuses the key if either encodes differently now.
   *
   * @throws SerializationException naming the key's class and the field that changed
   */
  static void requireStable(Object key, byte[] bytes, KryoValueCodec codec) {
    Object copy = decodedOrNull(bytes, codec);
    key.hashCode();
    if (copy != null) {
      copy.hashCode();
      key.equals(copy);
      copy.equals(key);
    }
    requireUnchanged(key, bytes, codec);
    if (copy != null) {
      requireUnchanged(copy, bytes, codec);
    }
  }

  private static void requireUnchanged(Object probed, byte[] bytes, KryoValueCodec codec) {
    if (Arrays.equals(codec.canonicalBytes(probed), bytes)) {
      return;
    }
    Object before = decodedOrNull(bytes, codec);
    String field = before == null ? null : changedField(before, probed, codec, 0);
    throw new SerializationException(probed.getClass().getName(), field == null
        ? "its serialized form changes when its hashCode() or equals() runs, so equal keys would be stored as"
            + " different entries; keep what hashCode() or equals() caches in transient fields"
        : "its field " + field + " changes when hashCode() or equals() runs, so equal keys would be stored as"
            + " different entries; make the field transient (rebuilt in readObject if needed) or set it in the"
            + " constructor", null);
  }

  /** A key whose own bytes do not decode is left to fail where it is read; here only its stability counts. */
  private static Object decodedOrNull(byte[] bytes, KryoValueCodec codec) {
    try {
      return codec.decode(bytes);
    } catch (UndecodableException e) {
      return null;
    }
  }

  /** The first field, as {@code Class.field}, whose value differs between two objects of one class. */
  private static String changedField(Object before, Object after, KryoValueCodec codec, int depth) {
    for (Class<?> type = after.getClass(); type != null && !ClassRules.isJdkClass(type);
        type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) || Modifier.isTransient(field.getModifiers())) {
          continue;
        }
        Object was;
        Object is;
        try {
          field.setAccessible(true);
          was = field.get(before);
          is = field.get(after);
        } catch (RuntimeException | IllegalAccessException inaccessible) {
          continue;
        }
        if (field.getType().isPrimitive() ? !was.equals(is) : !sameEncoding(was, is, codec)) {
          String inner = depth < MAX_DEPTH ? changedInside(was, is, codec, depth + 1) : null;
          return inner != null ? inner : type.getName() + "." + field.getName();
        }
      }
    }
    return null;
  }

  /**
   * The changed field inside two differing values of a field: in an application object, or in the elements
   * of a list or array at the same positions; null if it cannot be told.
   */
  private static String changedInside(Object was, Object is, KryoValueCodec codec, int depth) {
    if (was instanceof Object[] before && is instanceof Object[] after) {
      return changedInside(Arrays.asList(before), Arrays.asList(after), codec, depth);
    }
    // A decoded list may have another class than the key's (a List.of decodes as an ArrayList).
    if (was instanceof List<?> before && is instanceof List<?> after) {
      return changedInside(before, after, codec, depth);
    }
    return was == null || is == null || was.getClass() != is.getClass() || ClassRules.isJdkClass(is.getClass())
        || is.getClass().isArray() ? null : changedField(was, is, codec, depth);
  }

  private static String changedInside(List<?> was, List<?> is, KryoValueCodec codec, int depth) {
    for (int i = 0; i < Math.min(was.size(), is.size()); i++) {
      if (!sameEncoding(was.get(i), is.get(i), codec)) {
        return changedInside(was.get(i), is.get(i), codec, depth);
      }
    }
    return null;
  }

  private static boolean sameEncoding(Object was, Object is, KryoValueCodec codec) {
    if (was == null || is == null) {
      return was == is;
    }
    return Arrays.equals(codec.canonicalBytes(was), codec.canonicalBytes(is));
  }
}
