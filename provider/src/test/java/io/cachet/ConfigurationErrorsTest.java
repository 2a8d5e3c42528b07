package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/**
 * A bad option reaches {@code getCacheManager}'s caller as a {@link CacheException} that names the option,
 * its value and its source (system property, properties file, passed properties); a misspelt name in
 * Cachet's namespace is refused with the closest option instead of being silently ignored, while other
 * libraries' keys in the passed properties stay ignored. A cache's own invalid options are an
 * {@link IllegalArgumentException} at {@code createCache}, as JCache specifies for an invalid configuration,
 * naming where each conflicting value came from.
 */
class ConfigurationErrorsTest {
  @RegisterExtension final CachetFixture cachet = new CachetFixture();
  private Path directory;
  private CachetCachingProvider provider;
  private String systemProperty;

  @BeforeEach
  void open() {
    directory = cachet.root();
    provider = cachet.provider();
  }

  @AfterEach
  void clearSystemProperty() {
    if (systemProperty != null) {
      System.clearProperty(systemProperty);
    }
  }

  @Test
  void invalidSystemProperty_isACacheException_namingOptionValueAndProperty() {
    setSystemProperty("cachet.inlineThreshold", "abc");
    assertMessage(openManager(null), "Invalid Cachet option inlineThreshold=abc"
        + " (from system property cachet.inlineThreshold): must be a number of bytes from 0 to 16777216 (16 MiB)");
  }

  @Test
  void misspeltSystemProperty_isRefused_namingTheClosestOption() {
    setSystemProperty("cachet.inlineTreshold", "64");
    assertMessage(openManager(null), "Unknown Cachet option cachet.inlineTreshold"
        + " (from system property cachet.inlineTreshold); did you mean cachet.inlineThreshold?");
  }

  @Test
  void unknownReplayDetection_isACacheException_namingTheChoices() {
    assertMessage(openManager(properties("replayDetection", "everywhere")),
        "Invalid Cachet option replayDetection=everywhere (from the properties passed to getCacheManager): must be"
            + " 'process' or 'shared'");
  }

  @Test
  void testHookAndRootSystemProperties_areNotOptionsButNotErrors() {
    setSystemProperty("cachet.test.unarmedHook", "x");
    provider.getCacheManager(directory.toUri(), null).createCache("c", new MutableConfiguration<>()).put("k", "v");
  }

  @Test
  void outOfRangeSignatureVersionAsSystemProperty_isACacheException_namingTheRange() {
    setSystemProperty("cachet.minimumSignatureVersion", "7");
    assertMessage(openManager(null), "Invalid Cachet option minimumSignatureVersion=7"
        + " (from system property cachet.minimumSignatureVersion): must be a signature version from 1 to 6");
  }

  @Test
  void invalidValueInPropertiesFile_namesTheFileAndTheLine() throws Exception {
    Path file = Files.writeString(directory.resolve("cachet.properties"), "root=data\nmaxEntries=-5\n");
    URI uri = file.toUri();
    assertMessage(() -> provider.getCacheManager(uri, null), "Invalid Cachet option maxEntries=-5"
        + " (from properties file " + uri + ", line 2): must be a number >= 0 (0 = no limit)");
  }

  @Test
  void misspeltKeyInPropertiesFile_namesTheFileTheLineAndTheClosestOption() throws Exception {
    Path file = Files.writeString(directory.resolve("cachet.properties"), "root=data\ndurablity=full\n");
    URI uri = file.toUri();
    assertMessage(() -> provider.getCacheManager(uri, null), "Unknown Cachet option durablity"
        + " (from properties file " + uri + ", line 2); did you mean durability?");
  }

  @Test
  void invalidPassedProperty_namesThePassedProperties() {
    assertMessage(openManager(properties("storageMode", "yes")), "Invalid Cachet option storageMode=yes"
        + " (from the properties passed to getCacheManager): must be true or false");
  }

  @Test
  void misspeltPassedOption_isRefused_namingTheClosestOption() {
    assertMessage(openManager(properties("maxEntrys", "10")), "Unknown Cachet option maxEntrys"
        + " (from the properties passed to getCacheManager); did you mean maxEntries?");
    assertMessage(openManager(properties("cachet.maxEntrys", "10")), "Unknown Cachet option cachet.maxEntrys"
        + " (from the properties passed to getCacheManager); did you mean cachet.maxEntries?");
  }

  @Test
  void prefixedPassedOption_isRefused_namingTheSpellingPassedPropertiesTake() {
    assertMessage(openManager(properties("cachet.maxEntries", "10")), "Cachet option cachet.maxEntries (from the"
        + " properties passed to getCacheManager) has the system-property prefix; passed properties name options"
        + " without it: maxEntries");
  }

  @Test
  void otherLibrariesPassedKeys_areIgnored() {
    Properties foreign = properties("hibernate.cache.region_prefix", "app");
    foreign.setProperty("spring.cache.jcache.config", "classpath:cachet.properties");
    foreign.setProperty("javax.cache.provider", CachetCachingProvider.class.getName());
    foreign.setProperty("hazelcast.instance.name", "x");
    foreign.setProperty("url", "jdbc:h2:mem:");
    foreign.setProperty("maxEntries", "1");
    CacheManager manager = provider.getCacheManager(directory.toUri(), null, foreign);
    var cache = manager.createCache("c", new MutableConfiguration<String, String>());
    cache.put("a", "1");
    cache.put("b", "2");
    assertNull(cache.get("a"), "maxEntries=1 still applies beside the foreign keys");
    assertEquals("2", cache.get("b"));
  }

  @Test
  void encryptionWithoutSigningAtManagerLevel_namesBothOptionsAndTheirSources() {
    setSystemProperty("cachet.enableEntrySigning", "false");
    assertMessage(openManager(properties("encryptAtRest", "true")), "Invalid Cachet options encryptAtRest=true"
        + " (from the properties passed to getCacheManager) and enableEntrySigning=false"
        + " (from system property cachet.enableEntrySigning): encryption needs signing");
  }

  @Test
  void cacheEncryptionUnderAManagerWithoutSigning_isAnIllegalArgument_namingBothSources() {
    CacheManager manager = provider.getCacheManager(directory.toUri(), null,
        properties("enableEntrySigning", "false"));
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
        () -> manager.createCache("c", new CachetConfiguration<>().setEncryptAtRest(true)));
    assertTrue(failure.getMessage().contains("encryptAtRest=true (from the cache's CachetConfiguration) and"
        + " enableEntrySigning=false (from the properties passed to getCacheManager)"), failure.getMessage());
    assertNull(manager.getCache("c"));
  }

  @Test
  void cacheKeyFileWithAPath_isAnIllegalArgument_namingTheCacheConfiguration() {
    CacheManager manager = provider.getCacheManager(directory.toUri(), null);
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
        () -> manager.createCache("c", new CachetConfiguration<>().setSigningKeyFile("C:\\key.bin")));
    assertTrue(failure.getMessage().startsWith("Invalid Cachet option signingKeyFile=C:\\key.bin"
        + " (from the cache's CachetConfiguration): must be a plain file name"), failure.getMessage());
  }

  @Test
  void cacheSignatureVersionOutOfRange_isAnIllegalArgument_namingTheCacheConfiguration() {
    CacheManager manager = provider.getCacheManager(directory.toUri(), null);
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
        () -> manager.createCache("c", new CachetConfiguration<>().setMinimumSignatureVersion(0)));
    assertTrue(failure.getMessage().contains("minimumSignatureVersion=0 (from the cache's CachetConfiguration)"),
        failure.getMessage());
  }

  private Executable openManager(Properties properties) {
    return () -> provider.getCacheManager(directory.resolve("root").toUri(), null, properties);
  }

  private void setSystemProperty(String name, String value) {
    systemProperty = name;
    System.setProperty(name, value);
  }

  private static Properties properties(String name, String value) {
    Properties properties = new Properties();
    properties.setProperty(name, value);
    return properties;
  }

  private static void assertMessage(Executable call, String expected) {
    CacheException failure = assertThrows(CacheException.class, call);
    assertEquals(CacheException.class, failure.getClass());
    assertTrue(failure.getMessage().startsWith(expected), "expected to start with:\n" + expected + "\nbut was:\n"
        + failure.getMessage());
  }
}
