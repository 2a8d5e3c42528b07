package io.cachet.serial;

import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.io.ObjectStreamField;
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
  protected Class<?> resolveClass(ObjectStreamClass descriptor) throws ClassNotFoundException, IOException {
    String name = descriptor.getName();
    // The ObjectInputFilter only sees a class once it is loaded; checking the name first means it never is.
    if (!classes.allows(name)) {
      throw new RefusedClassException(name);
    }
    Class<?> type = Class.forName(name, false, classLoader);
    requireSameFields(descriptor, type);
    return type;
  }

  /**
   * Refuses a class whose serializable fields differ from those the stream was written with. Java
   * serialization itself accepts that when the class declares a fixed serialVersionUID, filling an added
   * field with its default and dropping a removed one: for a cache, a wrongly filled object is worse than a
   * miss (DESIGN §7).
   */
  private static void requireSameFields(ObjectStreamClass written, Class<?> type) throws InvalidClassException {
    ObjectStreamClass local = ObjectStreamClass.lookupAny(type);
    if (!layout(written).equals(layout(local))) {
      throw new InvalidClassException(type.getName(), "changed shape since this entry was written: "
          + layout(written) + " then, " + layout(local) + " now");
    }
  }

  private static String layout(ObjectStreamClass descriptor) {
    StringBuilder layout = new StringBuilder();
    for (ObjectStreamField field : descriptor.getFields()) {
      layout.append(field.getName()).append(' ').append(field.getTypeCode());
      if (field.getTypeString() != null) {
        layout.append(field.getTypeString());
      }
      layout.append(';');
    }
    return layout.toString();
  }

  @Override
  protected Class<?> resolveProxyClass(String[] interfaces) {
    // A proxy's behaviour lives in its InvocationHandler, which no allow-list can vouch for.
    throw new RefusedClassException(Proxy.class.getName());
  }
}
