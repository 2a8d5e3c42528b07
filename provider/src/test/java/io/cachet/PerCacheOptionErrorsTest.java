package io.cachet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bad per-cache key of the options file fails {@code getCacheManager} with a {@code CacheException} that
 * names the key, its value, the file and the line, before anything stored is opened.
 */
class PerCacheOptionErrorsTest {
  @RegisterExtension final CachetFixture cachet = new CachetFixture();
  private final OptionsFiles files = new OptionsFiles(cachet);

  private CacheException failure(String... lines) {
    return assertThrows(CacheException.class, () -> files.manager(lines));
  }

  private static void assertMentions(CacheException failure, String... parts) {
    for (String part : parts) {
      assertTrue(failure.getMessage().contains(part), "'" + part + "' missing from: " + failure.getMessage());
    }
  }

  @Test
  void anUnknownOption_namesTheKeyTheFileTheLine_andTheClosestOption() {
    CacheException failure = failure("# the books", "cache.books.maxEntrys=10");

    assertMentions(failure, "cache.books.maxEntrys=10", "cachet.properties, line 3",
        "did you mean cache.books.maxEntries?", "expiry");
  }

  @Test
  void aManagerWideOptionPerCache_saysItIsManagerWide() {
    CacheException failure = failure("cache.books.inlineThreshold=100");

    assertMentions(failure, "cache.books.inlineThreshold=100", "cachet.properties, line 2", "manager-wide",
        "inlineThreshold=100");
  }

  @Test
  void aMalformedValue_saysWhatWouldBeValid() {
    CacheException failure = failure("cache.com.acme.Book.maxEntries=ten");

    assertMentions(failure, "cache.com.acme.Book.maxEntries=ten", "cachet.properties, line 2",
        "must be a number >= 0");
  }

  @Test
  void anEmptyCacheName_isRefused() {
    assertMentions(failure("cache..maxEntries=10"), "cache..maxEntries=10", "the cache name is empty",
        "cache.<cache name>.<option>");
  }

  @Test
  void aKeyWithNoOption_isRefused() {
    assertMentions(failure("cache.books=10"), "cache.books=10", "names no option");
    assertMentions(failure("cache.books.=10"), "cache.books.=10", "names no option");
  }

  @ParameterizedTest
  @ValueSource(strings = {"created", "created:", "created:10m", "created:PT0S", "created:-PT1S",
      "created:PT0.0005S", "later:PT1M", "eternal:PT1M", "PT10M", ""})
  void aMalformedExpiry_isRefused_sayingTheForms(String expiry) {
    CacheException failure = failure("cache.books.expiry=" + expiry);

    assertMentions(failure, "cache.books.expiry=" + expiry, "cachet.properties, line 2",
        "created:<duration>", "ISO-8601", "eternal");
  }

  @Test
  void theLineOfAKey_countsContinuedLines() {
    CacheException failure = failure("allowedClasses=com.acme.*,\\", "    com.other.*", "cache.books.maxEntrys=1");

    assertMentions(failure, "line 4");
  }

  @Test
  void aPassedBadKey_namesThePassedProperties() {
    Properties passed = new Properties();
    passed.setProperty("cache.books.maxEntries", "-1");

    CacheException failure = assertThrows(CacheException.class, () -> cachet.manager(passed));

    assertMentions(failure, "cache.books.maxEntries=-1", ManagerOptions.PASSED);
  }

  @Test
  void encryptionWithoutSigningForOneCache_failsWhenTheManagerOpens() {
    CacheException failure = failure("encryptAtRest=true", "cache.books.enableEntrySigning=false");

    assertMentions(failure, "cache books", "cache.books.enableEntrySigning", "encryption needs signing");
  }

  @Test
  void aBadFile_leavesWhatIsStoredAsItWas() throws Exception {
    files.manager().createCache("books", new MutableConfiguration<String, String>()).put("a", "1");
    cachet.provider().close();
    Path database = cachet.root().resolve("data").resolve("cachet.db");
    byte[] before = Files.readAllBytes(database);

    failure("cache.books.maxEntries=0", "cache.books.maxEntrys=1");

    assertArrayEquals(before, Files.readAllBytes(database));
    Cache<String, String> books = cachet.newProvider()
        .getCacheManager(files.write().toUri(), getClass().getClassLoader())
        .createCache("books", new MutableConfiguration<String, String>());
    assertEquals("1", books.get("a"));
  }
}
