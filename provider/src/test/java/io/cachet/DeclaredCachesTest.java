package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cache the options file declares (a name with a {@code cache.<name>.} key of its own) exists for
 * {@code getCache} before any code creates it; {@code createCache} of a declared name works once.
 */
class DeclaredCachesTest {
  @RegisterExtension final CachetFixture cachet = new CachetFixture();
  private final OptionsFiles files = new OptionsFiles(cachet);

  private static List<String> names(CacheManager manager) {
    List<String> names = new ArrayList<>();
    manager.getCacheNames().forEach(names::add);
    return names;
  }

  @Test
  void getCacheOfADeclaredName_createsIt_withObjectTypesAndTheFilesOptions() {
    CacheManager manager = files.manager("cache.com.acme.Book.maxEntries=2");

    Cache<Object, Object> books = manager.getCache("com.acme.Book");
    for (int i = 0; i < 4; i++) {
      books.put(i, "v" + i);
    }

    @SuppressWarnings("unchecked")
    CompleteConfiguration<Object, Object> configuration = books.getConfiguration(CompleteConfiguration.class);
    assertEquals(Object.class, configuration.getKeyType());
    assertEquals(Object.class, configuration.getValueType());
    int live = 0;
    for (Cache.Entry<Object, Object> ignored : books) {
      live++;
    }
    assertEquals(2, live);
    assertSame(books, manager.getCache("com.acme.Book"), "created once");
  }

  @Test
  void typedGetCacheOfADeclaredName_createsItWithThoseTypes() {
    CacheManager manager = files.manager("cache.books.expiry=created:PT1M");

    Cache<String, Integer> books = manager.getCache("books", String.class, Integer.class);
    books.put("a", 1);

    assertEquals(Integer.valueOf(1), manager.getCache("books", String.class, Integer.class).get("a"));
    assertThrows(ClassCastException.class, () -> manager.getCache("books", Integer.class, Integer.class));
  }

  @Test
  void getCacheOfANameNeitherCreatedNorDeclared_isNull_andTheStarDeclaresNoCache() {
    CacheManager manager = files.manager("cache.*.maxEntries=5", "cache.books.maxEntries=2");

    assertNull(manager.getCache("authors"));
    assertNull(manager.getCache("*"));
  }

  @Test
  void getCacheNames_listsCreatedCachesOnly_notTheDeclaredOnes() {
    CacheManager manager = files.manager("cache.books.maxEntries=2", "cache.authors.maxEntries=2");

    assertEquals(List.of(), names(manager));
    manager.getCache("books");
    assertEquals(List.of("books"), names(manager));
  }

  @Test
  void createCacheOfADeclaredName_works_withTheFilesOptionsUnderTheConfiguration_thenRefusesASecondTime() {
    CacheManager manager = files.manager("cache.books.maxEntries=2", "cache.books.signingKeyFile=books.bin");

    Cache<String, String> books = manager.createCache("books",
        new CachetConfiguration<String, String>().setTypes(String.class, String.class).setMaxEntries(3));
    for (int i = 0; i < 5; i++) {
      books.put("k" + i, "v");
    }

    int live = 0;
    for (Cache.Entry<String, String> ignored : books) {
      live++;
    }
    assertEquals(3, live, "the configuration's maxEntries");
    assertEquals("books.bin", books.unwrap(SealedCache.class).sealInfo().signingKeyFile());
    assertEquals(String.class, books.getConfiguration(CompleteConfiguration.class).getKeyType());
    assertThrows(CacheException.class, () -> manager.createCache("books", new MutableConfiguration<>()));
  }

  @Test
  void aDeclaredCacheCreatedByGetCache_isRefusedByALaterCreateCache() {
    CacheManager manager = files.manager("cache.books.maxEntries=2");

    assertNotNull(manager.getCache("books"));

    assertThrows(CacheException.class, () -> manager.createCache("books", new MutableConfiguration<>()));
  }
}
