package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cachet's options, set per manager or per cache, do what they say, and bad values are refused by name. */
class CacheOptionsTest {
  @RegisterExtension final CachetFixture cachet = new CachetFixture();
  private Path root;

  private CachetCachingProvider provider;
  private CacheManager manager;

  @BeforeEach
  void open() {
    root = cachet.root();
    provider = cachet.provider();
    manager = cachet.manager();
  }

  @Test
  @SuppressWarnings("unchecked") // JCache's getConfiguration takes a raw configuration class
  void getConfiguration_returnsTheCachetOptionsTheCacheWasCreatedWith() {
    Cache<String, String> cache = manager.createCache("c", new CachetConfiguration<String, String>()
        .setMaxEntries(10).setStorageMode(true));
    CachetConfiguration<String, String> configuration = cache.getConfiguration(CachetConfiguration.class);
    assertEquals(10L, configuration.getMaxEntries());
    assertEquals(Boolean.TRUE, configuration.getStorageMode());
    assertNull(configuration.getUseInMemoryKey());
    assertTrue(cache.getConfiguration(CompleteConfiguration.class) instanceof CachetConfiguration);
  }

  @Test
  void maxEntries_evictsTheLeastRecentlyUsed_andCountsEvictions() throws Exception {
    Cache<Integer, String> cache = manager.createCache("bounded", new CachetConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class).setMaxEntries(3).setStatisticsEnabled(true));
    for (int i = 0; i < 5; i++) {
      cache.put(i, "v" + i);
    }
    int present = 0;
    for (Cache.Entry<Integer, String> ignored : cache) {
      present++;
    }
    assertEquals(3, present);
    assertEquals(2L, statistic(cache, "CacheEvictions"));
    assertEquals("v4", cache.get(4));
  }

  @Test
  void maxValueBytes_refusesALargerValue_andKeepsThePreviousOne() {
    Cache<String, byte[]> cache = manager.createCache("small", new CachetConfiguration<String, byte[]>()
        .setTypes(String.class, byte[].class).setMaxValueBytes(1024));
    cache.put("k", new byte[10]);
    CacheException failure = assertThrows(CacheException.class, () -> cache.put("k", new byte[4096]));
    assertTrue(failure.getMessage().contains("maxValueBytes"), failure.getMessage());
    assertEquals(10, cache.get("k").length);
  }

  @Test
  void classOutsideTheAllowList_isRefusedOnPut_naming_theClassAndTheOption() {
    Cache<String, Object> cache = manager.createCache("objects", new MutableConfiguration<>());
    CacheException failure = assertThrows(CacheException.class, () -> cache.put("k", new Ticket("t-1")));
    assertTrue(failure.getMessage().contains(Ticket.class.getName()), failure.getMessage());
    assertTrue(failure.getMessage().contains("allowedClasses"), failure.getMessage());
    assertNull(cache.get("k"));
  }

  @Test
  void configuredValueType_allowsItsPackage_andAllowedClassesAllowMore() {
    Cache<String, Ticket> typed = manager.createCache("typed", new MutableConfiguration<String, Ticket>()
        .setTypes(String.class, Ticket.class));
    typed.put("k", new Ticket("t-1"));
    assertEquals(new Ticket("t-1"), typed.get("k"));

    Cache<String, Object> listed = manager.createCache("listed", new CachetConfiguration<String, Object>()
        .addAllowedClasses(Ticket.class.getName()));
    listed.put("k", new Ticket("t-2"));
    assertEquals(new Ticket("t-2"), listed.get("k"));
  }

  @Test
  void managerAllowedClasses_comeFromThePropertiesFile() throws Exception {
    Path file = root.resolve("cachet.properties");
    Files.writeString(file, "root=data\nallowedClasses=" + Ticket.class.getPackageName() + ".*\n");
    CacheManager configured = provider.getCacheManager(file.toUri(), getClass().getClassLoader());
    Cache<String, Object> cache = configured.createCache("objects", new MutableConfiguration<>());
    cache.put("k", new Ticket("t-3"));
    assertEquals(new Ticket("t-3"), cache.get("k"));
  }

  @Test
  void encryptionWithoutSigning_isRefusedAtCreateCache() {
    assertThrows(IllegalArgumentException.class, () -> manager.createCache("bad",
        new CachetConfiguration<>().setEnableEntrySigning(false).setEncryptAtRest(true)));
    assertNull(manager.getCache("bad"));
  }

  @Test
  void signingKeyFileWithAPath_isRefused() {
    for (String bad : new String[] {"../key.bin", "/tmp/key.bin", "keys/key.bin", "C:\\key.bin", ""}) {
      assertThrows(IllegalArgumentException.class,
          () -> manager.createCache("bad", new CachetConfiguration<>().setSigningKeyFile(bad)), bad);
    }
  }

  @Test
  void invalidManagerOptions_areRefusedByName() {
    Properties bad = new Properties();
    bad.setProperty("storageMode", "yes");
    CacheException failure = assertThrows(CacheException.class,
        () -> provider.getCacheManager(root.resolve("other").toUri(), null, bad));
    assertTrue(failure.getMessage().contains("storageMode"), failure.getMessage());
  }

  @Test
  void perCacheKeyFile_isCreatedInTheRoot_andIsolatesTheCache() {
    Cache<String, String> isolated = manager.createCache("isolated", new CachetConfiguration<String, String>()
        .setTypes(String.class, String.class).setSigningKeyFile("isolated_key.bin"));
    isolated.put("k", "v");
    assertTrue(Files.exists(root.resolve("isolated_key.bin")));
    assertEquals("isolated_key.bin", isolated.unwrap(SealedCache.class).sealInfo().signingKeyFile());
  }

  /** An application value type, outside Cachet's default allow-list. */
  record Ticket(String id) implements Serializable {}

  private Object statistic(Cache<?, ?> cache, String attribute) throws Exception {
    ObjectName name = new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
        + manager.getURI().toString().replaceAll("[,:=\n]", ".") + ",Cache=" + cache.getName());
    return ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute);
  }
}
