package io.cachet.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The XML configurations of the providers configured by file (Ehcache, Infinispan), written into the trial's root
 * so that each trial's persistent data lives there, and reached through the URI given to
 * {@code getCacheManager}. Written once per root: a reopened manager reads the same file.
 */
final class ConfigFiles {
  /** Ehcache's disk tier size: far above the largest store of any benchmark (1,000,000 × 100 bytes). */
  private static final int EHCACHE_DISK_GB = 4;

  private ConfigFiles() {
  }

  /**
   * Ehcache 3's persistent disk tier behind a heap tier of {@code heapEntries}, with a JCache default template so
   * that {@code createCache(MutableConfiguration)} gets the tiers. Every put goes to the disk tier (the authority);
   * the heap tier only holds copies of recently used entries.
   */
  static URI ehcache(Path root, int heapEntries) {
    return write(root.resolve("ehcache.xml"), """
        <config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                xmlns="http://www.ehcache.org/v3"
                xmlns:jsr107="http://www.ehcache.org/v3/jsr107"
                xsi:schemaLocation="http://www.ehcache.org/v3 http://www.ehcache.org/schema/ehcache-core-3.10.xsd
                                    http://www.ehcache.org/v3/jsr107 http://www.ehcache.org/schema/ehcache-107-ext-3.10.xsd">
          <service>
            <jsr107:defaults default-template="disk" enable-management="false" enable-statistics="false"/>
          </service>
          <persistence directory="%s"/>
          <cache-template name="disk">
            <resources>
              <heap unit="entries">%d</heap>
              <disk unit="GB" persistent="true">%d</disk>
            </resources>
          </cache-template>
        </config>
        """.formatted(root.resolve("ehcache-data"), heapEntries, EHCACHE_DISK_GB));
  }

  /**
   * Infinispan embedded, one local cache configuration for the benchmark cache: at most {@code memoryEntries} in
   * memory (the rest evicted, not passivated: every write goes through to the store, which stays the whole
   * data set, as Ehcache's disk tier is), over its persistent file store (SoftIndexFileStore) in the root.
   * The JCache layer reads the store on a memory miss only for a read-through cache, which
   * {@link Providers#openCache} asks for; without a JCache {@code CacheLoader} the read goes to this store.
   */
  static URI infinispan(Path root, int memoryEntries) {
    Path state = root.resolve("infinispan");
    return write(root.resolve("infinispan.xml"), """
        <infinispan xmlns="urn:infinispan:config:15.2">
          <cache-container>
            <global-state>
              <persistent-location path="%s"/>
            </global-state>
            <local-cache-configuration name="%s*">
              <memory max-count="%d" when-full="REMOVE"/>
              <persistence passivation="false">
                <file-store path="%s" purge="false" preload="false"/>
              </persistence>
            </local-cache-configuration>
          </cache-container>
        </infinispan>
        """.formatted(state, Providers.CACHE_NAME, memoryEntries, state.resolve("store")));
  }

  private static URI write(Path file, String text) {
    if (!Files.exists(file)) {
      try {
        Files.writeString(file, text, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return file.toUri();
  }
}
