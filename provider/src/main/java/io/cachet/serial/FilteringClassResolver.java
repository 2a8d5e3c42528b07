package io.cachet.serial;

import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.util.DefaultClassResolver;

/**
 * Kryo's class resolver behind a {@link ClassFilter}: a stored class name is refused before it is loaded, and
 * no class outside the filter ever gets a serializer, on write or read.
 */
final class FilteringClassResolver extends DefaultClassResolver {
  private final ClassFilter filter;

  FilteringClassResolver(ClassFilter filter) {
    this.filter = filter;
  }

  /**
   * Every class Kryo writes or reads, however it was reached (class name, declared final field type, generic
   * element type, array component), gets its serializer here once per Kryo: the one check that covers them all.
   */
  @Override
  @SuppressWarnings("rawtypes") // Kryo's signature
  public Registration registerImplicit(Class type) {
    if (!filter.allows(type)) {
      throw new RefusedClassException(type);
    }
    return super.registerImplicit(type);
  }

  /** Kryo asks here before {@code Class.forName}; refusing now means the class is never loaded at all. */
  @Override
  @SuppressWarnings("rawtypes") // Kryo's signature
  protected Class getTypeByName(String className) {
    Class<?> known = super.getTypeByName(className);
    // Known names passed this check when first loaded, so the hot path skips the pattern match.
    if (known == null && !filter.allows(className)) {
      throw new RefusedClassException(className);
    }
    return known;
  }
}
