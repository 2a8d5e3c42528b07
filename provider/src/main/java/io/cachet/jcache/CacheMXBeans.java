package io.cachet.jcache;

/** The MXBeans of one cache: JCache's statistics and configuration beans, and Cachet's integrity bean. */
final class CacheMXBeans {
  private final String managerUri;
  private final String cacheName;
  private final CacheStatistics statistics;
  private final CacheConfigurationMXBean configuration;
  private final IntegrityMonitor integrity;

  CacheMXBeans(String managerUri, String cacheName, CacheStatistics statistics,
      CacheConfigurationMXBean configuration, IntegrityMonitor integrity) {
    this.managerUri = managerUri;
    this.cacheName = cacheName;
    this.statistics = statistics;
    this.configuration = configuration;
    this.integrity = integrity;
  }

  void enableStatistics(boolean enabled) {
    enable(JmxRegistration.Kind.CacheStatistics, statistics, enabled);
  }

  void enableManagement(boolean enabled) {
    enable(JmxRegistration.Kind.CacheConfiguration, configuration, enabled);
  }

  /** The integrity bean is always there while the cache is open. */
  void registerIntegrity() {
    enable(JmxRegistration.Kind.CacheIntegrity, integrity, true);
  }

  void unregisterAll() {
    JmxRegistration.unregister(managerUri, cacheName, JmxRegistration.Kind.CacheStatistics);
    JmxRegistration.unregister(managerUri, cacheName, JmxRegistration.Kind.CacheConfiguration);
    JmxRegistration.unregister(managerUri, cacheName, JmxRegistration.Kind.CacheIntegrity);
  }

  private void enable(JmxRegistration.Kind kind, Object mxBean, boolean enabled) {
    if (enabled) {
      JmxRegistration.register(managerUri, cacheName, kind, mxBean);
    } else {
      JmxRegistration.unregister(managerUri, cacheName, kind);
    }
  }
}
