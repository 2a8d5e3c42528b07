package com.acme.app;

import java.lang.reflect.Method;
import java.util.Set;

/**
 * Reads attributes of the platform MBean server's beans through reflection, so that this module requires
 * io.cachet alone (an application that uses JMX in its own code would add {@code requires java.management}).
 */
final class PlatformBeans {
  private final Object server;
  private final Class<?> objectName;

  PlatformBeans() throws ReflectiveOperationException {
    server = Class.forName("java.lang.management.ManagementFactory").getMethod("getPlatformMBeanServer")
        .invoke(null);
    objectName = Class.forName("javax.management.ObjectName");
  }

  /** The value of the attribute of the one bean whose name matches the pattern. */
  Object attribute(String namePattern, String attribute) throws ReflectiveOperationException {
    Class<?> connection = Class.forName("javax.management.MBeanServerConnection");
    Class<?> query = Class.forName("javax.management.QueryExp");
    Object pattern = objectName.getConstructor(String.class).newInstance(namePattern);
    Set<?> names = (Set<?>) connection.getMethod("queryNames", objectName, query).invoke(server, pattern, null);
    if (names.size() != 1) {
      throw new IllegalStateException(names.size() + " MBeans match " + namePattern + ": " + names);
    }
    Method getAttribute = connection.getMethod("getAttribute", objectName, String.class);
    return getAttribute.invoke(server, names.iterator().next(), attribute);
  }
}
