package io.cachet.jcache;

import java.lang.management.ManagementFactory;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** Registers and unregisters a cache's MXBeans in the platform MBean server under the JCache names. */
final class JmxRegistration {
  /**
   * The MXBean kinds, named as their object names spell them: JCache's two in the {@code javax.cache} domain,
   * Cachet's own in {@code io.cachet} (the JCache domain is reserved for what the specification defines).
   */
  enum Kind {
    CacheStatistics("javax.cache"),
    CacheConfiguration("javax.cache"),
    CacheIntegrity("io.cachet");

    private final String domain;

    Kind(String domain) {
      this.domain = domain;
    }
  }

  private JmxRegistration() {}

  static void register(String managerUri, String cacheName, Kind kind, Object mxBean) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = objectName(managerUri, cacheName, kind);
    try {
      if (!server.isRegistered(name)) {
        server.registerMBean(mxBean, name);
      }
    } catch (InstanceAlreadyExistsException e) {
      // Another thread registered the same cache's bean first: the outcome is the same.
    } catch (Exception e) {
      throw new CacheException("Cannot register MXBean " + name, e);
    }
  }

  static void unregister(String managerUri, String cacheName, Kind kind) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = objectName(managerUri, cacheName, kind);
    try {
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
    } catch (InstanceNotFoundException e) {
      // Another thread unregistered it first: the outcome is the same.
    } catch (Exception e) {
      throw new CacheException("Cannot unregister MXBean " + name, e);
    }
  }

  static ObjectName objectName(String managerUri, String cacheName, Kind kind) {
    String text = kind.domain + ":type=" + kind + ",CacheManager=" + safe(managerUri) + ",Cache=" + safe(cacheName);
    try {
      return new ObjectName(text);
    } catch (MalformedObjectNameException e) {
      try {
        return new ObjectName(kind.domain + ":type=" + kind + ",CacheManager=" + ObjectName.quote(managerUri)
            + ",Cache=" + ObjectName.quote(cacheName));
      } catch (MalformedObjectNameException quoted) {
        throw new CacheException("Cannot name the MXBean of cache " + cacheName, quoted);
      }
    }
  }

  /** Replaces the characters an unquoted ObjectName value cannot hold, as the JCache TCK expects. */
  private static String safe(String value) {
    return value == null ? "" : value.replaceAll("[,:=\n]", ".");
  }
}
