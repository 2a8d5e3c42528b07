package io.cachet.jcache;

import javax.cache.configuration.CompleteConfiguration;
import javax.cache.management.CacheMXBean;

/** The JCache configuration MXBean of one cache: a live view of its configuration. */
final class CacheConfigurationMXBean implements CacheMXBean {
  private final CachetCache<?, ?> cache;

  CacheConfigurationMXBean(CachetCache<?, ?> cache) {
    this.cache = cache;
  }

  private CompleteConfiguration<?, ?> configuration() {
    return cache.liveConfiguration();
  }

  @Override
  public String getKeyType() {
    return configuration().getKeyType().getName();
  }

  @Override
  public String getValueType() {
    return configuration().getValueType().getName();
  }

  @Override
  public boolean isReadThrough() {
    return configuration().isReadThrough();
  }

  @Override
  public boolean isWriteThrough() {
    return configuration().isWriteThrough();
  }

  @Override
  public boolean isStoreByValue() {
    return configuration().isStoreByValue();
  }

  @Override
  public boolean isStatisticsEnabled() {
    return configuration().isStatisticsEnabled();
  }

  @Override
  public boolean isManagementEnabled() {
    return configuration().isManagementEnabled();
  }
}
