package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.URI;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.configuration.OptionalFeature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How URIs, class loaders and properties select cache managers and their roots. */
class CachingProviderTest {
  @TempDir Path dir;

  private CachetCachingProvider provider;

  @BeforeEach
  void open() {
    provider = new CachetCachingProvider();
  }

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void serviceLoader_findsCachet() {
    assertEquals(CachetCachingProvider.class, Caching.getCachingProvider().getClass());
  }

  @Test
  void getCacheManager_returnsOneManagerPerUriAndClassLoader() {
    ClassLoader loader = getClass().getClassLoader();
    CacheManager first = provider.getCacheManager(dir.toUri(), loader);
    assertSame(first, provider.getCacheManager(dir.toUri(), loader));
    URLClassLoader other = new URLClassLoader(new java.net.URL[0], loader);
    assertNotSame(first, provider.getCacheManager(dir.toUri(), other));
    assertNotSame(first, provider.getCacheManager(dir.resolve("elsewhere").toUri(), loader));
  }

  @Test
  void nullUriAndClassLoader_meanTheDefaults() {
    CacheManager manager = provider.getCacheManager(null, null, null);
    assertEquals(provider.getDefaultURI(), manager.getURI());
    assertSame(provider.getDefaultClassLoader(), manager.getClassLoader());
    assertSame(manager, provider.getCacheManager());
  }

  @Test
  void close_forgetsManagers_soTheNextCallOpensANewOne() {
    CacheManager first = provider.getCacheManager(dir.toUri(), null);
    provider.close(dir.toUri(), null);
    assertTrue(first.isClosed());
    CacheManager second = provider.getCacheManager(dir.toUri(), null);
    assertNotSame(first, second);
    provider.close(provider.getDefaultClassLoader());
    assertTrue(second.isClosed());
  }

  @Test
  void propertiesFileUri_setsTheRootRelativeToTheFile() throws Exception {
    Path file = dir.resolve("cachet.properties");
    Files.writeString(file, "root=data\ndurability=full\ninlineThreshold=128\n");
    CacheManager manager = provider.getCacheManager(file.toUri(), null);
    manager.createCache("c", new MutableConfiguration<>()).put("k", new byte[1000]);
    assertTrue(Files.exists(dir.resolve("data").resolve("cachet.db")));
    assertTrue(Files.isDirectory(dir.resolve("data").resolve("blobs")));
  }

  @Test
  void jarUriOfPropertiesFile_isRead() throws Exception {
    Path root = dir.resolve("jar-root");
    Path jar = dir.resolve("config.jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
      jarOut.putNextEntry(new JarEntry("cachet.properties"));
      jarOut.write(("root=" + root.toString().replace("\\", "/") + "\n").getBytes());
      jarOut.closeEntry();
    }
    URI uri = URI.create("jar:" + jar.toUri() + "!/cachet.properties");
    provider.getCacheManager(uri, null).createCache("c", new MutableConfiguration<>()).put("k", "v");
    assertTrue(Files.exists(root.resolve("cachet.db")));
  }

  @Test
  void passedProperties_overrideThePropertiesFile() throws Exception {
    Path file = dir.resolve("cachet.properties");
    Files.writeString(file, "root=from-file\n");
    Properties overrides = new Properties();
    overrides.setProperty("root", dir.resolve("from-properties").toString());
    overrides.setProperty("hibernate.unrelated", "ignored");
    provider.getCacheManager(file.toUri(), null, overrides).createCache("c", new MutableConfiguration<>())
        .put("k", "v");
    assertTrue(Files.exists(dir.resolve("from-properties").resolve("cachet.db")));
  }

  @Test
  void unknownOptionInPropertiesFile_isRefusedByName() throws Exception {
    Path file = dir.resolve("cachet.properties");
    Files.writeString(file, "durablity=full\n");
    CacheException failure = assertThrows(CacheException.class, () -> provider.getCacheManager(file.toUri(), null));
    assertTrue(failure.getMessage().contains("durablity"), failure.getMessage());
  }

  @Test
  void invalidOptionValues_areRefusedByName() throws Exception {
    Properties bad = new Properties();
    bad.setProperty("durability", "sometimes");
    assertThrows(CacheException.class, () -> provider.getCacheManager(dir.toUri(), null, bad));
    Properties negative = new Properties();
    negative.setProperty("inlineThreshold", "-1");
    assertThrows(CacheException.class, () -> provider.getCacheManager(dir.toUri(), null, negative));
  }

  @Test
  void anInlineThresholdAbove16MiB_isRefusedByNameWithTheLimit() {
    Properties tooLarge = new Properties();
    tooLarge.setProperty("inlineThreshold", Integer.toString(16 * 1024 * 1024 + 1));
    RuntimeException refused = assertThrows(RuntimeException.class,
        () -> provider.getCacheManager(dir.toUri(), null, tooLarge));
    assertTrue(refused.getMessage().contains("inlineThreshold=16777217"), refused.getMessage());
    assertTrue(refused.getMessage().contains("from 0 to 16777216"), refused.getMessage());
  }

  @Test
  void missingPropertiesFile_isACacheException() {
    URI missing = dir.resolve("absent.properties").toUri();
    assertThrows(CacheException.class, () -> provider.getCacheManager(missing, null));
  }

  @Test
  void opaqueUri_getsItsOwnRootUnderTheDefaultRoot() {
    Cache<String, String> a = provider.getCacheManager(URI.create("app:one"), null)
        .createCache("shared-name", new MutableConfiguration<>());
    Cache<String, String> b = provider.getCacheManager(URI.create("app:two"), null)
        .createCache("shared-name", new MutableConfiguration<>());
    a.put("k", "from one");
    b.put("k", "from two");
    assertEquals("from one", a.get("k"));
    assertEquals("from two", b.get("k"));
    a.getCacheManager().destroyCache("shared-name");
    b.getCacheManager().destroyCache("shared-name");
  }

  @Test
  void storeByReference_isNotSupported() {
    for (OptionalFeature feature : OptionalFeature.values()) {
      assertEquals(false, provider.isSupported(feature));
    }
  }
}
