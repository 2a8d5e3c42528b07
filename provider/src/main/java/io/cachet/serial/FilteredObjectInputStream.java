package io.cachet.serial;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.lang.reflect.Proxy;

/** An {@link ObjectInputStream} that loads only filtered classes, through the codec's class loader. */
final class FilteredObjectInputStream extends ObjectInputStream {
  private final ClassFilter classes;
  private final ClassLoader classLoader;

  FilteredObjectInputStream(InputStream in, int length, ClassFilter classes, ClassLoader classLoader)
      throws IOException {
    super(in);
    this.classes = classes;
    this.classLoader = classLoader;
    setObjectInputFilter(new JavaStreamFilter(classes, length));
  }

  @Override
  protected Class<?> resolveClass(ObjectStreamClass descriptor) throws ClassNotFoundException {
    String name = descriptor.getName();
    // The ObjectInputFilter only sees a class once it is loaded; checking the name first means it never is.
    if (!classes.allows(name)) {
      throw new RefusedClassException(name);
    }
    return Class.forName(name, false, classLoader);
  }

  @Override
  protected Class<?> resolveProxyClass(String[] interfaces) {
    // A proxy's behaviour lives in its InvocationHandler, which no allow-list can vouch for.
    throw new RefusedClassException(Proxy.class.getName());
  }
}
