package io.cachet.serial;

import com.esotericsoftware.kryo.Kryo;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;

/**
 * Whether Kryo's reflective serializers can reach a class in a named module: its field serializer makes every
 * instance field accessible, its record serializer the accessors and the canonical constructor, and the module
 * system allows that only for public members of public classes in packages exported to Kryo, or in packages
 * opened to it. A class Kryo cannot reach is written with Java serialization, which reaches any
 * {@link java.io.Serializable} class, so applications on the module path need no {@code opens} for their
 * values. Classes on the class path (unnamed modules) are always reachable.
 */
final class ModuleAccess {
  /** The access of the Kryo that Cachet runs: a named module on the module path, unnamed on the class path. */
  static final ModuleAccess KRYO = new ModuleAccess(Kryo.class.getModule());

  private final Module kryo;

  ModuleAccess(Module kryo) {
    this.kryo = kryo;
  }

  /** Whether Kryo's field serializer can make every instance field of the class and its superclasses accessible. */
  boolean reachesFields(Class<?> type) {
    for (Class<?> declaring = type; declaring != null && declaring != Object.class;
        declaring = declaring.getSuperclass()) {
      for (Field field : declaring.getDeclaredFields()) {
        if (!Modifier.isStatic(field.getModifiers()) && !field.isSynthetic()
            && !reaches(declaring, field.getModifiers())) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether Kryo's record serializer can call the record's accessors and its canonical constructor. */
  boolean reachesRecord(Class<?> record) {
    RecordComponent[] components = record.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      Method accessor = components[i].getAccessor();
      if (!reaches(record, accessor.getModifiers())) {
        return false;
      }
      types[i] = components[i].getType();
    }
    try {
      Constructor<?> canonical = record.getDeclaredConstructor(types);
      return reaches(record, canonical.getModifiers());
    } catch (NoSuchMethodException impossible) {
      // Every record declares its canonical constructor; without one Kryo cannot build it either.
      return false;
    }
  }

  /** The module system's rule for setAccessible (AccessibleObject#setAccessible) with Kryo as the caller. */
  private boolean reaches(Class<?> declaring, int memberModifiers) {
    Module module = declaring.getModule();
    String packageName = declaring.getPackageName();
    if (!module.isNamed() || module == kryo || module.isOpen(packageName, kryo)) {
      return true;
    }
    return Modifier.isPublic(declaring.getModifiers()) && Modifier.isPublic(memberModifiers)
        && module.isExported(packageName, kryo);
  }
}
