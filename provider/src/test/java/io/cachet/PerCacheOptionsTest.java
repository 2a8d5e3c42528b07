package io.cachet;

import static io.cachet.CachetOptions.ALLOWED_CLASSES;
import static io.cachet.CachetOptions.MAX_BYTES;
import static io.cachet.CachetOptions.MAX_ENTRIES;
import static io.cachet.CachetOptions.SIGNING_KEY_FILE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The options file configures caches by name, {@code cache.<cache name>.<option>=value}, for caches created
 * with a plain {@code MutableConfiguration}: manager option < {@code cache.*.} < {@code cache.<name>.} <
 * what a {@code CachetConfiguration} sets.
 */
class PerCacheOptionsTest {
  @RegisterExtension final CachetFixture cachet = new CachetFixture();
  private final OptionsFiles files = new OptionsFiles(cachet);

  private static int fill(Cache<Integer, String> cache, int count) {
    for (int i = 0; i < count; i++) {
      cache.put(i, "v" + i);
    }
    int live = 0;
    for (Cache.Entry<Integer, String> ignored : cache) {
      live++;
    }
    return live;
  }

  private static Cache<Integer, String> plain(CacheManager manager, String name) {
    return manager.createCache(name, new MutableConfiguration<Integer, String>());
  }

  @Test
  void aCachesOwnMaxEntries_limitsThatCache_andNoOther() {
    CacheManager manager = files.manager("cache.books.maxEntries=2");

    assertEquals(2, fill(plain(manager, "books"), 5));
    assertEquals(5, fill(plain(manager, "authors"), 5));
  }

  @Test
  void theOptionIsTheTextAfterTheLastDot_soDottedCacheNamesWork() {
    ManagerSettings settings = files.settings("cache.com.acme.Book.maxEntries=10000",
        "cache.com.acme.Book.books.maxBytes=500");

    assertEquals(10_000L, settings.forCache("com.acme.Book", new MutableConfiguration<>()).get(MAX_ENTRIES));
    assertEquals(0L, settings.forCache("com.acme.Book", new MutableConfiguration<>()).get(MAX_BYTES));
    assertEquals(500L, settings.forCache("com.acme.Book.books", new MutableConfiguration<>()).get(MAX_BYTES));
    assertEquals(0L, settings.forCache("com.acme", new MutableConfiguration<>()).get(MAX_ENTRIES));
  }

  @Test
  void theStarDefault_appliesToEveryCache_andANamedCachesOwnKeyWins() {
    CacheManager manager = files.manager("maxEntries=4", "cache.*.maxEntries=3", "cache.small.maxEntries=1");

    assertEquals(3, fill(plain(manager, "any"), 5), "cache.* wins over the manager option");
    assertEquals(1, fill(plain(manager, "small"), 5), "the cache's own key wins over cache.*");
  }

  @Test
  void aCachetConfigurationInCode_winsForWhatItSets_andTheFileFillsTheRest() {
    CacheManager manager = files.manager("cache.books.maxEntries=2", "cache.books.signingKeyFile=books.bin");

    Cache<Integer, String> books = manager.createCache("books",
        new CachetConfiguration<Integer, String>().setMaxEntries(4));

    assertEquals(4, fill(books, 6), "the code's maxEntries");
    assertEquals("books.bin", books.unwrap(SealedCache.class).sealInfo().signingKeyFile(), "the file's key file");
  }

  @Test
  void classPatterns_add_managerThenStarThenCacheThenCode() {
    ManagerSettings settings = files.settings("allowedClasses=com.manager.*", "cache.*.allowedClasses=com.every.*",
        "cache.books.allowedClasses=com.books.*");

    List<String> allowed = settings.forCache("books",
        new CachetConfiguration<>().addAllowedClasses("com.code.*")).get(ALLOWED_CLASSES);

    assertEquals(List.of("com.manager.*", "com.every.*", "com.books.*", "com.code.*"), allowed);
    assertEquals(List.of("com.manager.*", "com.every.*"),
        settings.forCache("authors", new MutableConfiguration<>()).get(ALLOWED_CLASSES));
  }

  @Test
  void everyCacheScopedOption_canBeSetPerCache_withTheManagerOptionsParser() {
    StringBuilder each = new StringBuilder();
    for (CachetOption<?> option : CachetOptions.all()) {
      if (option.scope() == CachetOption.Scope.CACHE) {
        each.append(option.name()).append(' ');
      }
    }
    ManagerSettings settings = files.settings("cache.books.enableEntrySigning=true",
        "cache.books.useInMemoryKey=true", "cache.books.signingKeyFile= books.bin ",
        "cache.books.deleteInvalidSignatures=false", "cache.books.allowUnsignedEntries=true",
        "cache.books.storageMode=true", "cache.books.minimumSignatureVersion=4", "cache.books.encryptAtRest=true",
        "cache.books.maxValueBytes=100", "cache.books.maxEntries=10", "cache.books.maxBytes=1000",
        "cache.books.heapEntries=50", "cache.books.heapBytes=4096", "cache.books.allowedClasses=com.acme.*",
        "cache.books.replayDetection=shared");

    OptionValues books = settings.forCache("books", new MutableConfiguration<>());

    assertEquals("enableEntrySigning useInMemoryKey signingKeyFile deleteInvalidSignatures allowUnsignedEntries"
        + " storageMode minimumSignatureVersion encryptAtRest maxValueBytes maxEntries maxBytes heapEntries heapBytes"
        + " allowedClasses replayDetection ", each.toString(), "this test sets every cache-scoped option");
    assertEquals(true, books.get(CachetOptions.USE_IN_MEMORY_KEY));
    assertEquals("books.bin", books.get(SIGNING_KEY_FILE), "trimmed, as the manager option is");
    assertEquals(false, books.get(CachetOptions.DELETE_INVALID_SIGNATURES));
    assertEquals(true, books.get(CachetOptions.ALLOW_UNSIGNED_ENTRIES));
    assertEquals(true, books.get(CachetOptions.STORAGE_MODE));
    assertEquals(4, books.get(CachetOptions.MINIMUM_SIGNATURE_VERSION));
    assertEquals(true, books.get(CachetOptions.ENCRYPT_AT_REST));
    assertEquals(100L, books.get(CachetOptions.MAX_VALUE_BYTES));
    assertEquals(10L, books.get(MAX_ENTRIES));
    assertEquals(1000L, books.get(MAX_BYTES));
    assertEquals(50L, books.get(CachetOptions.HEAP_ENTRIES));
    assertEquals(4096L, books.get(CachetOptions.HEAP_BYTES));
    assertEquals(List.of("com.acme.*"), books.get(ALLOWED_CLASSES));
    assertEquals(ReplayDetection.SHARED, books.get(CachetOptions.REPLAY_DETECTION));
    assertEquals(OptionValues.defaults().get(MAX_ENTRIES),
        settings.forCache("authors", new MutableConfiguration<>()).get(MAX_ENTRIES));
  }

  @Test
  void passedProperties_overrideTheFilesPerCacheKeys_keyByKey() {
    Properties passed = new Properties();
    passed.setProperty("cache.books.maxEntries", "3");
    CacheManager manager = files.manager(passed, "cache.books.maxEntries=1", "cache.books.signingKeyFile=b.bin");

    Cache<Integer, String> books = plain(manager, "books");

    assertEquals(3, fill(books, 5));
    assertEquals("b.bin", books.unwrap(SealedCache.class).sealInfo().signingKeyFile());
  }

  @Test
  void perCacheKeys_canBePassedWithoutAFile() {
    Properties passed = new Properties();
    passed.setProperty("cache.books.maxEntries", "2");

    CacheManager manager = cachet.manager(passed);

    assertEquals(2, fill(plain(manager, "books"), 5));
  }

  @Test
  void sealedCacheOptions_reportWhatTheCacheRunsWith_fromEverySource() {
    CacheManager manager = files.manager("maxEntries=4", "cache.*.maxBytes=9000", "cache.books.maxEntries=2",
        "cache.books.allowedClasses=com.acme.Book");
    Cache<Integer, String> books = plain(manager, "books");
    Cache<Integer, String> coded = manager.createCache("coded",
        new CachetConfiguration<Integer, String>().setMaxEntries(7).setReplayDetection(ReplayDetection.SHARED));

    Map<String, String> bookOptions = books.unwrap(SealedCache.class).options();
    assertEquals("2", bookOptions.get("maxEntries"));
    assertEquals("9000", bookOptions.get("maxBytes"));
    assertEquals("com.acme.Book", bookOptions.get("allowedClasses"));
    assertEquals("true", bookOptions.get("enableEntrySigning"));
    Map<String, String> codedOptions = coded.unwrap(SealedCache.class).options();
    assertEquals("7", codedOptions.get("maxEntries"));
    assertEquals("shared", codedOptions.get("replayDetection"));
    assertFalse(codedOptions.containsKey("root"), "manager-wide options are not a cache's");
  }
}
